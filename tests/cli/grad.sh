#!/usr/bin/env bash
# vitplay-cli grad: forward and backward through the command line, against PyTorch autograd
# (tests/fixtures/grad/, written by tests/make_grad_fixtures.py): y, x.grad, memory.grad and
# every NAME.grad within 1e-4 of each tensor's largest value per layer, 1e-3 for a whole ViT.
# Usage: bash tests/cli/grad.sh "<cli command>" (a binary path or "node ... vitplay-cli.js").
# Needs python3's standard library only (tests/cli/safetensors_tool.py), no PyTorch.
set -uo pipefail
CLI=$1
# shellcheck source=common.bash
source "$(dirname "$0")/common.bash"
FIXTURES=$HERE/../fixtures/grad

# every layer the CLI runs: mha (self-attention), encoder and decoder layers, whole ViTs
ran=0
while read -r f op flags; do
  name=$(basename "$f" .safetensors)
  limit=1e-4
  [ "$op" = vit ] && limit=1e-3
  $TOOL weights "$f" "$TMP/$name.w.safetensors"
  # shellcheck disable=SC2086  # the flags are words on purpose
  $CLI grad "$op" $flags --weights "$TMP/$name.w.safetensors" --input "$f" --grad-y "$f" \
    --out "$TMP/$name.out.safetensors" >/dev/null || fail "grad $op $flags on $name exited $?"
  $TOOL compare-grads "$limit" "$TMP/$name.out.safetensors" "$f" || fail "grad $op on $name differs from PyTorch"
  ran=$((ran + 1))
  # a batch of three copies: y and x.grad three times, the weights' gradients summed (3x)
  case $name in encoder_layer_pre_gelu | decoder_layer_post_relu | vit_*)
    $TOOL repeat 3 "$f" "$TMP/$name.batch.safetensors"
    # shellcheck disable=SC2086
    $CLI grad "$op" $flags --weights "$TMP/$name.w.safetensors" --input "$TMP/$name.batch.safetensors" \
      --grad-y "$TMP/$name.batch.safetensors" --out "$TMP/$name.batch.out.safetensors" >/dev/null ||
      fail "grad $op on a batch of $name exited $?"
    $TOOL compare-grads "$limit" "$TMP/$name.batch.out.safetensors" "$f" 3 || fail "grad $op on a batch of $name"
  esac
done < <($TOOL grad-args "$FIXTURES"/{mha_self,encoder_layer,decoder_layer,vit}_*.safetensors)
[ "$ran" -eq 11 ] || fail "only $ran fixtures ran"

# refusals: exit code 2 and one line on stderr
ENC=$FIXTURES/encoder_layer_post_relu.safetensors
VIT=$FIXTURES/vit_28_p7_c1.safetensors
W=$TMP/encoder_layer_post_relu.w.safetensors
O=(--out "$TMP/out.safetensors")
expect_error "missing required option --grad-y" grad encoder-layer --heads 2 --weights "$W" --input "$ENC" "${O[@]}"
expect_error "has no tensor \"y.grad\"" grad encoder-layer --heads 2 --weights "$W" --input "$ENC" --grad-y "$W" "${O[@]}"
expect_error "y.grad has shape \[1, 10\], expected y's \[5, 8\]" grad encoder-layer --heads 2 --weights "$W" \
  --input "$ENC" --grad-y "$VIT" "${O[@]}"
expect_error "y.grad has shape \[5, 8\], expected the logits' \[1, 10\]" grad vit --heads 4 \
  --weights "$TMP/vit_28_p7_c1.w.safetensors" --input "$VIT" --grad-y "$ENC" "${O[@]}"
expect_error "unknown option --grad-y" run encoder-layer --heads 2 --weights "$W" --input "$ENC" --grad-y "$ENC" "${O[@]}"

echo "grad.sh: $failures failure(s)"
[ "$failures" -eq 0 ]
