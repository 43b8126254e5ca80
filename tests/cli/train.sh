#!/usr/bin/env bash
# vitplay-cli train / eval: refusals, and the shipped models' accuracy where they exist.
# Usage: bash tests/cli/train.sh "<cli command>" (a binary path or "node ... vitplay-cli.js").
set -uo pipefail
CLI=$1
source "$(dirname "$0")/common.bash"

expect_error "unknown model 'nosuch'" train nosuch --out "$TMP/w.safetensors"
expect_error "needs one model name" train --out "$TMP/w.safetensors"
expect_error "missing required option --out" train mnist-vit
expect_error "--epochs expects a whole number" train mnist-vit --epochs 0 --out "$TMP/w.safetensors"
expect_error "--epochs expects a whole number" train mnist-vit --epochs nan --out "$TMP/w.safetensors"
expect_error "unknown model 'nosuch'" eval --model nosuch
VITPLAY_MODELS_DIR=$TMP expect_error "cannot open $TMP/mnist-vit.json" eval --model mnist-vit
VITPLAY_MNIST_DIR=$TMP/none expect_error "cannot open $TMP/none/0.json" train mnist-vit --epochs 1 --out "$TMP/w.safetensors"

# The shipped models: eval must reproduce the accuracy recorded when they were trained
# (same weights, same held-out images, on either target).
MODELS=$(cd "$HERE/../../models" 2>/dev/null && pwd)
for json in "$MODELS"/*-vit.json; do
  [ -e "$json" ] || continue
  name=$(basename "$json" .json)
  recorded=$(grep -o '"held_out_accuracy": *[0-9.]*' "$json" | grep -o '[0-9.]*$')
  out=$($CLI eval --model "$name") || fail "eval --model $name exited $?"
  got=$(grep -o 'accuracy [0-9.]*' <<<"$out" | grep -o '[0-9.]*$')
  echo "  $name: held-out accuracy $got (recorded $recorded)"
  awk -v g="$got" -v r="$recorded" 'BEGIN { exit !(g != "" && g >= r - 0.0005) }' ||
    fail "eval --model $name gave '$got', recorded $recorded"
done

echo "train.sh: $failures failure(s)"
[ $failures -eq 0 ]
