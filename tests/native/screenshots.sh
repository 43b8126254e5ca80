#!/usr/bin/env bash
# The desktop app in a real (virtual) window: for every scene, at 1280x800 and 800x600,
#   vitplay --scene NAME --step N --size WxH --screenshot OUT.png --frames 3
# must exit 0, say nothing on stderr and write a non-blank PNG of that size (into
# build/test-shots/native/). A bad --scene is reported and does not crash.
#
# usage: bash tests/native/screenshots.sh [/abs/path/to/vitplay]   (default build/native/vitplay)
# Scenes come from `vitplay --help`; tests/browser/scenes.json says which may still be
# missing ("pending") and which step to show ("shotStep", default 1).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VITPLAY=${1:-$ROOT/build/native/vitplay}
OUT=${VITPLAY_SHOTS_DIR:-$ROOT/build/test-shots}/native

source "$(dirname "$0")/common.bash"
t0=$(date +%s)

# --help lists the scenes ("scenes: a b c").
"$VITPLAY" --help >"$tmp/help" 2>&1; rc=$?
scenes=$(sed -n 's/^scenes: //p' "$tmp/help")
if [ $rc -eq 0 ] && [ -n "$scenes" ]; then ok "--help exits 0 and lists the scenes: $scenes"
else fail "--help (exit $rc): $(cat "$tmp/help")"; fi

json() {  # json KEY SCENE: pending -> 1/0, shotStep -> N
  node -e 'const c = require(process.argv[1]); const [k, s] = process.argv.slice(2);
    console.log(k === "pending" ? (c.pending.includes(s) ? 1 : 0) : (c.shotStep[s] || 1));' \
    "$ROOT/tests/browser/scenes.json" "$1" "$2"
}

for scene in $scenes; do
  pending=$(json pending "$scene"); step=$(json shotStep "$scene")
  for size in 1280x800 800x600; do
    png="$OUT/$scene-$size.png"
    rm -f "$png"
    timeout 60 "$VITPLAY" --scene "$scene" --step "$step" --size "$size" --screenshot "$png" --frames 3 \
      >"$tmp/out" 2>"$tmp/err"; rc=$?
    name="$scene step $step at $size"
    if [ "$pending" = 1 ] && grep -q "unknown scene" "$tmp/err"; then
      echo "  --   $name: not in the app yet (pending in tests/browser/scenes.json)"; continue
    fi
    if [ $rc -ne 0 ]; then fail "$name: exit $rc: $(head -c 600 "$tmp/err")"; continue; fi
    if [ -s "$tmp/err" ]; then fail "$name: printed to stderr: $(head -c 600 "$tmp/err")"; continue; fi
    if check=$(node "$ROOT/tests/native/check_png.mjs" "$png" "${size%x*}" "${size#*x}"); then ok "$name: $check"
    else fail "$name: $check"; fi
  done
done

# A bad scene is reported (with the list of scenes) and the app still runs and exits cleanly.
timeout 60 "$VITPLAY" --scene nosuch --screenshot "$tmp/nosuch.png" --frames 2 >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ $rc -lt 128 ] && grep -q "unknown scene 'nosuch'" "$tmp/err" && grep -q "self-attention" "$tmp/err"; then
  ok "--scene nosuch: exit $rc, \"$(head -n1 "$tmp/err")\""
else fail "--scene nosuch: exit $rc, stderr: $(head -c 600 "$tmp/err")"; fi

# Bad flags stop with a message and the usage.
for args in "--step 0" "--step abc" "--size 10x10" "--lang fr --screenshot $tmp/lang.png --frames 1" "--bogus"; do
  # shellcheck disable=SC2086
  timeout 60 "$VITPLAY" $args >"$tmp/out" 2>"$tmp/err"; rc=$?
  if [ $rc -lt 128 ] && [ -s "$tmp/err" ]; then ok "$args: exit $rc, \"$(head -n1 "$tmp/err")\""
  else fail "$args: exit $rc, stderr: $(head -c 600 "$tmp/err")"; fi
done

echo "native screenshots: $fails failed ($(( $(date +%s) - t0 )) s), shots in $OUT"
[ $fails -eq 0 ]
