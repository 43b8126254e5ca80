#!/usr/bin/env bash
# The ViT scene in the desktop window (under Xvfb): an image given with --image is decoded
# (libpng), preprocessed and classified; every step draws; a bad image is reported on stderr
# while the app keeps running with its default drawing.
#
# usage: bash tests/native/vit.sh [/abs/path/to/vitplay]   (default build/native/vitplay)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VITPLAY=${1:-$ROOT/build/native/vitplay}
OUT=${VITPLAY_SHOTS_DIR:-$ROOT/build/test-shots}/native/vit

source "$(dirname "$0")/common.bash"

# field EXPR: evaluates a JS expression over the printed state `s`
field() { node -e 'const s = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(eval(process.argv[1]));' "$1" <"$tmp/state"; }

seven=$ROOT/tests/fixtures/vit/seven-on-paper.png
for step in 1 2 3 4 5 6 7; do
  png="$OUT/seven-step$step.png"
  timeout 60 "$VITPLAY" --scene vit --step "$step" --image "$seven" --screenshot "$png" --frames 4 --print-state \
    >"$tmp/state" 2>"$tmp/err"; rc=$?
  if [ $rc -ne 0 ] || [ -s "$tmp/err" ]; then fail "step $step: exit $rc: $(head -c 400 "$tmp/err")"; continue; fi
  if ! check=$(node "$ROOT/tests/native/check_png.mjs" "$png" 1280 800); then fail "step $step: $check"; continue; fi
  top=$(field 's.top[0].label'); size=$(field '`${s.image.width}x${s.image.height}`')
  if [ "$top" = 7 ] && [ "$size" = 300x220 ]; then ok "--image seven-on-paper.png, step $step: top-1 $top, image $size; $check"
  else fail "step $step: top-1 '$top', image $size"; fi
done

# a truncated PNG: refused with a message, the app runs on with the pad's digit
timeout 60 "$VITPLAY" --scene vit --image "$ROOT/tests/fixtures/images/bad_truncated.png" \
  --screenshot "$OUT/bad.png" --frames 3 --print-state >"$tmp/state" 2>"$tmp/err"; rc=$?
if [ $rc -eq 0 ] && grep -q "bad_truncated.png" "$tmp/err" && [ "$(field 's.input')" = pad ] && [ "$(field 's.top.length')" = 5 ]; then
  ok "a truncated PNG: \"$(head -n1 "$tmp/err")\", the pad's digit still classified"
else fail "truncated PNG: exit $rc, stderr $(head -c 300 "$tmp/err"), state $(head -c 200 "$tmp/state")"; fi

echo "native vit: $fails failed, shots in $OUT"
[ $fails -eq 0 ]
