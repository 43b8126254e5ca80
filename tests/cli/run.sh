#!/usr/bin/env bash
# vitplay-cli's commands end to end. Usage: bash tests/cli/run.sh "<cli command>"
# (a binary path, or "node --no-experimental-fetch .../vitplay-cli.js"; used unquoted).
# Needs python3's standard library only (tests/cli/safetensors_tool.py), no PyTorch.
set -uo pipefail
CLI=$1
# shellcheck source=common.bash
source "$(dirname "$0")/common.bash"
FIXTURES=$HERE/../fixtures/parity

# ---- attention: the article's numbers ---------------------------------------------------
out=$($CLI attention --example seed) || fail "attention --example seed exited $?"
for n in 6.3379e-02 4.6831e-01 6.0337e-06 9.8201e-01 1.7986e-02 2.9539e-04 8.8054e-01 1.1917e-01; do
  grep -q -- "$n" <<<"$out" || fail "attention --example seed does not print $n"
done
out=$($CLI attention --example seed --round 1) || fail "attention --round 1 exited $?"
outputs=$(grep -A3 "^  outputs" <<<"$out" | tail -3 | tr -d '[],' | tr -s ' ')
expected=" 2.0000e+00 7.0000e+00 1.5000e+00
 2.0000e+00 8.0000e+00 0.0000e+00
 2.0000e+00 7.8000e+00 3.0000e-01"
[ "$outputs" = "$expected" ] || fail "attention --round 1 outputs are '$outputs'"
$CLI attention --example seed --format json >"$TMP/trace.json" || fail "attention --format json exited $?"
$PYTHON -c 'import json, sys; t = json.load(open(sys.argv[1])); assert len(t["steps"]) == 6, len(t["steps"])' \
  "$TMP/trace.json" || fail "attention --format json is not a 6-step JSON trace"

# ---- run: every PyTorch fixture, with the options in its metadata ------------------------
pairs=()
while read -r f flags; do
  y=$TMP/$(basename "$f")
  # shellcheck disable=SC2086  # the flags are words on purpose
  $CLI run $flags --weights "$f" --input "$f" --out "$y" >/dev/null || fail "run $flags on $f exited $?"
  pairs+=("$y" "$f")
done < <($TOOL flags "$FIXTURES"/*.safetensors)
[ "${#pairs[@]}" -ge 24 ] || fail "only $((${#pairs[@]} / 2)) fixtures ran"

# memory from its own file gives the same y as memory in the input file
DEC=$FIXTURES/decoder_relu_post_d8_h2_seq5_mem9_causal.safetensors
$CLI run decoder-layer --heads 2 --causal --weights "$DEC" --input "$DEC" --memory "$DEC" \
  --out "$TMP/y_memory.safetensors" >/dev/null || fail "run decoder-layer --memory exited $?"
pairs+=("$TMP/y_memory.safetensors" "$TMP/$(basename "$DEC")")
$TOOL compare 1e-4 "${pairs[@]:0:${#pairs[@]}-2}" || fail "run: y differs from PyTorch's"
$TOOL compare 0 "${pairs[@]: -2}" >/dev/null || fail "run --memory: y differs from memory in the input"

# ---- bad input: exit code 2 and one line on stderr -----------------------------------
MHA=$FIXTURES/mha_d8_h2_seq5.safetensors
ENC=$FIXTURES/encoder_relu_post_d8_h2_seq5.safetensors
$TOOL bad "$MHA" "$TMP"
O=(--out "$TMP/out.safetensors")
expect_error "unknown layer" run encoder --weights "$MHA" --input "$MHA" "${O[@]}"
expect_error "missing required option --weights" run mha --input "$MHA" "${O[@]}"
expect_error "cannot open" run mha --weights "$TMP/nope.safetensors" --input "$MHA" "${O[@]}"
expect_error "do not fit the data section" run mha --weights "$TMP/cut_data.safetensors" --input "$MHA" "${O[@]}"
expect_error "truncated file" run mha --weights "$TMP/cut_header.safetensors" --input "$MHA" "${O[@]}"
expect_error "not valid JSON" run mha --weights "$MHA" --input "$TMP/bad_header.safetensors" "${O[@]}"
expect_error "dtype \"I32\" is not supported" run mha --weights "$MHA" --input "$TMP/i32_x.safetensors" "${O[@]}"
expect_error "tensor \"x\": data_offsets \[.*\] do not fit" run mha --weights "$MHA" --input "$TMP/big_x.safetensors" "${O[@]}"
expect_error "has no tensor \"x\"" run mha --weights "$MHA" --input "$TMP/no_x.safetensors" "${O[@]}"
expect_error "NaN" run mha --heads 2 --weights "$MHA" --input "$TMP/nan_x.safetensors" "${O[@]}"
expect_error "not divisible by 3 heads" run mha --heads 3 --weights "$MHA" --input "$MHA" "${O[@]}"
expect_error "--heads expects" run mha --heads 0 --weights "$MHA" --input "$MHA" "${O[@]}"
expect_error "unknown activation" run encoder-layer --activation tanh --weights "$ENC" --input "$ENC" "${O[@]}"
expect_error "missing tensor \"in_proj_weight\"" run mha --weights "$ENC" --input "$ENC" "${O[@]}"
expect_error "has no tensor \"memory\"" run decoder-layer --weights "$DEC" --input "$ENC" "${O[@]}"
expect_error "unexpected tensor" run encoder-layer --weights "$DEC" --input "$DEC" "${O[@]}"
expect_error "cannot write" run mha --heads 2 --weights "$MHA" --input "$MHA" --out "$TMP/no/such/dir/y.safetensors"

[ "$failures" -eq 0 ] && echo "run.sh: all checks passed"
[ "$failures" -eq 0 ]
