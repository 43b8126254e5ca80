#!/usr/bin/env bash
# vitplay-cli run vit: torchvision's VisionTransformer from its state_dict, against the logits
# torchvision computed for the fixtures (tests/make_grad_fixtures.py), one image and a batch.
# Usage: bash tests/cli/vit.sh "<cli command>" (a binary path or "node ... vitplay-cli.js").
set -uo pipefail
CLI=$1
# shellcheck source=common.bash
source "$(dirname "$0")/common.bash"
FIXTURES=$HERE/../fixtures/grad

for f in "$FIXTURES"/vit_*.safetensors; do
  heads=$($PYTHON -c 'import sys; sys.path.insert(0, sys.argv[2]); from safetensors_io import read; print(read(sys.argv[1])[1]["num_heads"])' "$f" "$HERE/..")
  name=$(basename "$f" .safetensors)
  $CLI run vit --heads "$heads" --weights "$f" --input "$f" --out "$TMP/$name.y.safetensors" >/dev/null ||
    fail "run vit on $name exited $?"
  $TOOL compare 1e-3 "$TMP/$name.y.safetensors" "$f" || fail "run vit on $name: logits differ from torchvision's"
  # the same image twice as a batch [2, C, H, W] gives the same logits twice
  $PYTHON - "$f" "$TMP/$name.batch.safetensors" "$TMP/$name.twice.safetensors" "$HERE/.." <<'PY'
import sys
sys.path.insert(0, sys.argv[4])
from safetensors_io import read, write
tensors = read(sys.argv[1])[0]
dtype, shape, raw = tensors["x"]
write(sys.argv[2], {"x": (dtype, [2] + shape, raw + raw)})
dtype, shape, raw = tensors["y"]
write(sys.argv[3], {"y": (dtype, [2, shape[1]], raw + raw)})
PY
  $CLI run vit --heads "$heads" --weights "$f" --input "$TMP/$name.batch.safetensors" \
    --out "$TMP/$name.batch.y.safetensors" >/dev/null || fail "run vit on a batch of $name exited $?"
  $TOOL compare 1e-3 "$TMP/$name.batch.y.safetensors" "$TMP/$name.twice.safetensors" || fail "run vit batch of $name"
done

# refusals: exit code 2 and one line on stderr
VIT=$FIXTURES/vit_28_p7_c1.safetensors
MHA=$HERE/../fixtures/parity/mha_d8_h2_seq5.safetensors
O=(--out "$TMP/out.safetensors")
expect_error "not a ViT checkpoint" run vit --weights "$MHA" --input "$VIT" "${O[@]}"
expect_error "heads" run vit --heads 3 --weights "$VIT" --input "$VIT" "${O[@]}"
expect_error "x images are \[3, 20, 20\], the model takes \[1, 28, 28\]" run vit --heads 4 --weights "$VIT" \
  --input "$FIXTURES/vit_20_p5_c3.safetensors" "${O[@]}"
expect_error "does not apply to vit" run vit --causal --heads 4 --weights "$VIT" --input "$VIT" "${O[@]}"

# --threads: torchvision's logits on any thread count (the WebAssembly build runs one); a count
# that is not a whole number from 1 to 64 is refused by every command that takes it
for threads in 1 2; do
  $CLI run vit --heads 4 --threads $threads --weights "$VIT" --input "$VIT" "${O[@]}" >/dev/null ||
    fail "run vit --threads $threads exited $?"
  $TOOL compare 1e-3 "$TMP/out.safetensors" "$VIT" || fail "run vit --threads $threads: logits differ from torchvision's"
done
expect_error "--threads expects a whole number from 1 to 64, got '0'" run vit --threads 0 --heads 4 --weights "$VIT" \
  --input "$VIT" "${O[@]}"
expect_error "--threads expects a whole number from 1 to 64, got 'all'" bench train --threads all
expect_error "--threads expects a whole number from 1 to 64, got '65'" classify --threads 65 "$VIT"
expect_error "--threads expects a whole number from 1 to 64, got '-2'" train mnist-vit --threads -2 --out "${O[1]}"
expect_error "--threads needs a value" eval --model mnist-vit --threads

echo "vit.sh: $failures failure(s)"
[ $failures -eq 0 ]
