#!/usr/bin/env bash
# vitplay-cli train / eval: refusals, and the shipped models' accuracy where they exist.
# Usage: bash tests/cli/train.sh "<cli command>" (a binary path or "node ... vitplay-cli.js").
set -uo pipefail
CLI=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_refusal "what the message must say" ARGS...: exit code 2, one line on stderr
expect_refusal() {
  local want=$1; shift
  $CLI "$@" >"$TMP/out" 2>"$TMP/err"
  local code=$?
  [ $code -eq 2 ] || fail "'$*' exited $code, expected 2"
  [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "'$*' printed $(wc -l <"$TMP/err") lines on stderr"
  grep -q -- "$want" "$TMP/err" || fail "'$*' said '$(cat "$TMP/err")', expected '$want'"
}

expect_refusal "unknown model 'nosuch'" train nosuch --out "$TMP/w.safetensors"
expect_refusal "needs one model name" train --out "$TMP/w.safetensors"
expect_refusal "missing required option --out" train mnist-vit
expect_refusal "--epochs expects a whole number" train mnist-vit --epochs 0 --out "$TMP/w.safetensors"
expect_refusal "--epochs expects a whole number" train mnist-vit --epochs nan --out "$TMP/w.safetensors"
expect_refusal "unknown model 'nosuch'" eval --model nosuch
VITPLAY_MODELS_DIR=$TMP expect_refusal "cannot open $TMP/mnist-vit.json" eval --model mnist-vit
VITPLAY_MNIST_DIR=$TMP/none expect_refusal "cannot open $TMP/none/0.json" train mnist-vit --epochs 1 --out "$TMP/w.safetensors"

# The shipped models: eval must reproduce the accuracy recorded when they were trained
# (same weights, same held-out images, on either target).
MODELS=$(cd "$(dirname "$0")/../../models" 2>/dev/null && pwd)
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
