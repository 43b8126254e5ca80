#!/usr/bin/env bash
# mnist-vit on digits that are not from MNIST (tests/digits-beyond-mnist, made by
# tools/make_digits.py): eval --set beyond-mnist must reproduce the accuracy recorded in
# models/mnist-vit.json when the model was trained; the new train/eval options refuse bad values.
# Usage: bash tests/cli/beyond_mnist.sh "<cli command>"
set -uo pipefail
CLI=$1
source "$(dirname "$0")/common.bash"
SET=$HERE/../digits-beyond-mnist
MODELS=$HERE/../../models

# the set itself: a few hundred images, every digit, several kinds
n=$(($(wc -l <"$SET/labels.csv") - 1))
[ "$n" -ge 300 ] || fail "labels.csv lists $n images, expected at least 300"
for d in 0 1 2 3 4 5 6 7 8 9; do
  grep -q ",$d," "$SET/labels.csv" || fail "no image of the digit $d"
done

recorded=$(grep -o '"beyond_mnist_accuracy": *[0-9.]*' "$MODELS/mnist-vit.json" | grep -o '[0-9.]*$')
[ -n "$recorded" ] || fail "models/mnist-vit.json records no beyond_mnist_accuracy"
out=$($CLI eval --model mnist-vit --set beyond-mnist) || fail "eval --set beyond-mnist exited $?"
echo "  $out (recorded $recorded)"
got=$(grep -o 'accuracy [0-9.]*' <<<"$out" | grep -o '[0-9.]*$')
grep -q "on $n images" <<<"$out" || fail "eval did not score all $n images: $out"
awk -v g="$got" -v r="$recorded" 'BEGIN { exit !(g != "" && r != "" && g - r < 0.0005 && r - g < 0.0005) }' ||
  fail "eval --set beyond-mnist gave '$got', recorded $recorded"

# refusals
expect_error "--set must be held-out or beyond-mnist for mnist-vit, got 'nosuch'" eval --model mnist-vit --set nosuch
expect_error "--set must be held-out for fashion-vit" eval --model fashion-vit --set beyond-mnist
mkdir -p "$TMP/empty" "$TMP/bad"
VITPLAY_BEYOND_MNIST_DIR=$TMP/empty expect_error "cannot open $TMP/empty/labels.csv" eval --model mnist-vit --set beyond-mnist
printf 'file,label,kind\na.png,12,print\n' >"$TMP/bad/labels.csv"
VITPLAY_BEYOND_MNIST_DIR=$TMP/bad expect_error "labels.csv line 2: the label must be a class number 0..9" \
  eval --model mnist-vit --set beyond-mnist
printf 'file,label,kind\n../x.png,1,print\n' >"$TMP/bad/labels.csv"
VITPLAY_BEYOND_MNIST_DIR=$TMP/bad expect_error "line 2: the file must be a plain name" eval --model mnist-vit --set beyond-mnist
printf 'file,label,kind\nmissing.png,1,print\n' >"$TMP/bad/labels.csv"
VITPLAY_BEYOND_MNIST_DIR=$TMP/bad expect_error "missing.png" eval --model mnist-vit --set beyond-mnist
W=$TMP/w.safetensors
expect_error "--patch must divide the image size 28" train mnist-vit --patch 5 --out "$W"
expect_error "--augment must be none, shifts or affine, got 'lots'" train mnist-vit --augment lots --out "$W"
expect_error "--schedule must be cosine or constant, got 'step'" train mnist-vit --schedule step --out "$W"
expect_error "--extra-data must be none or synthetic-digits, got 'x'" train mnist-vit --extra-data x --out "$W"
VITPLAY_SYNTHETIC_DIGITS_DIR=$TMP/none expect_error "cannot open $TMP/none/" \
  train mnist-vit --epochs 1 --out "$W"

echo "beyond_mnist.sh: $failures failure(s)"
[ $failures -eq 0 ]
