#!/usr/bin/env bash
# vitplay-cli classify and run vit with checkpoints in three namings:
#  - printed digits that are not from MNIST (tests/make_image_fixtures.py: PNG, JPEG, BMP,
#    GIF, a 16-bit PNG, a CMYK JPEG, a progressive greyscale JPEG) classified right by the shipped mnist-vit, text and JSON;
#  - `run vit` on the tiny model in torchvision, timm and Hugging Face naming gives
#    torchvision's logits (tests/make_vit_naming_fixtures.py); classify with such a checkpoint
#    and a labels file or config.json;
#  - every bad input gets one line on stderr and exit code 2: not an image, empty, truncated,
#    1x1, a header declaring 30000x30000, a checkpoint of another architecture, with a
#    missing, extra or mis-shaped tensor, heads not dividing the width.
# Usage: bash tests/cli/classify.sh "<cli command>" (a binary path or "node ... vitplay-cli.js").
set -uo pipefail
CLI=$1
HERE=$(cd "$(dirname "$0")" && pwd)
IMAGES=$HERE/../fixtures/images
NAMING=$HERE/../fixtures/vit_naming
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# ---- digits, JSON: every image's best guess is its digit; the shape of each entry ---------
DIGITS=("$IMAGES"/digit_[0123578]_*)
$CLI classify --model mnist-vit --top 3 --format json "${DIGITS[@]}" >"$TMP/digits.json" 2>"$TMP/stderr" ||
  fail "classify digits exited $?: $(head -c 300 "$TMP/stderr")"
$PYTHON - "$TMP/digits.json" "${DIGITS[@]}" <<'PY' || fail "classify digits: JSON"
import json, os, sys
results, images = json.load(open(sys.argv[1])), sys.argv[2:]
assert [r["image"] for r in results] == images, "one entry per image, in order"
for r in results:
    assert set(r) == {"image", "top"}, r
    top = r["top"]
    assert len(top) == 3 and all(set(t) == {"label", "index", "prob"} for t in top), r
    probs = [t["prob"] for t in top]
    assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1 + 1e-6, r
    assert all(t["label"] == str(t["index"]) for t in top), r
    want = os.path.basename(r["image"]).split("_")[1]
    assert top[0]["label"] == want, f"{r['image']}: {top[0]} (want {want})"
print(f"classify: {len(results)} printed digits right:",
      ", ".join(f"{r['top'][0]['label']} {r['top'][0]['prob']:.2f}" for r in results))
PY

# text: one line per image, "FILE: label (p%), ..."
$CLI classify --top 2 "$IMAGES/digit_3_sans_bold.png" >"$TMP/text" || fail "classify text exited $?"
grep -qE '^.*digit_3_sans_bold.png: 3 \([0-9.]+%\), [0-9] \([0-9.]+%\)$' "$TMP/text" ||
  fail "classify text: $(cat "$TMP/text")"

# ---- run vit and classify through three namings --------------------------------------------
for naming in torchvision timm hf; do
  f=$NAMING/tiny_$naming.safetensors
  $CLI run vit --heads 3 --weights "$f" --input "$f" --out "$TMP/$naming.y.safetensors" >/dev/null ||
    fail "run vit ($naming naming) exited $?"
  $PYTHON "$HERE/safetensors_tool.py" compare 1e-4 "$TMP/$naming.y.safetensors" "$f" ||
    fail "run vit ($naming naming): logits differ from torchvision's"
done
printf 'cat\ndog\nbird\nfish\nfrog\n' >"$TMP/labels.txt"
$CLI classify --weights "$NAMING/tiny_timm.safetensors" --config "$TMP/labels.txt" --heads 3 --top 5 \
  --format json "$IMAGES/digit_7_serif_blur.jpg" >"$TMP/tiny.json" || fail "classify with a timm checkpoint exited $?"
echo '{"num_attention_heads": 3, "id2label": {"0": "cat", "1": "dog", "2": "bird", "3": "fish", "4": "frog"}}' \
  >"$TMP/config.json"
$CLI classify --weights "$NAMING/tiny_hf.safetensors" --config "$TMP/config.json" --top 5 \
  --format json "$IMAGES/digit_7_serif_blur.jpg" >"$TMP/tiny_hf.json" || fail "classify with an HF checkpoint exited $?"
$PYTHON - "$TMP/tiny.json" "$TMP/tiny_hf.json" <<'PY' || fail "classify with the tiny checkpoints: labels"
import json, sys
for path in sys.argv[1:]:
    top = json.load(open(path))[0]["top"]
    assert sorted(t["label"] for t in top) == ["bird", "cat", "dog", "fish", "frog"], top
    assert all(["cat", "dog", "bird", "fish", "frog"][t["index"]] == t["label"] for t in top), top
PY

# ---- bad input: exit 2, exactly one line on stderr that says why ---------------------------
expect_error() {  # expect_error "what the message must contain" ARGS...
  local want=$1; shift
  $CLI "$@" >"$TMP/stdout" 2>"$TMP/stderr"
  local rc=$? lines
  lines=$(wc -l <"$TMP/stderr")
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q -- "$want" "$TMP/stderr"; then
    fail "'$*': exit $rc, $lines stderr lines, wanted one with '$want': $(head -c 300 "$TMP/stderr")"
  fi
}
expect_error "not an image" classify "$IMAGES/bad_not_an_image.png"
expect_error "empty (0 bytes)" classify "$IMAGES/bad_empty.png"
expect_error "truncated PNG file: it ends after 720 bytes, before its last pixel" classify "$IMAGES/bad_truncated.png"
expect_error "corrupt or truncated JPEG" classify "$IMAGES/bad_truncated.jpg"
expect_error "1x1 pixels: too small" classify "$IMAGES/bad_one_pixel.png"
expect_error "30000x30000 pixels: larger than the limit of 16384 per side" classify "$IMAGES/bad_declares_30000x30000.png"
expect_error "cannot open" classify "$TMP/no-such-image.png"
expect_error "unknown model \"nope\"" classify --model nope "$IMAGES/digit_3_sans_bold.png"

# Checkpoints: another architecture, then the tiny timm model with one tensor missing, one
# extra, one mis-shaped, and heads that do not divide its width of 12.
MHA=$HERE/../fixtures/parity/mha_d8_h2_seq5.safetensors
D3=$IMAGES/digit_3_sans_bold.png
expect_error "not a ViT checkpoint" classify --weights "$MHA" "$D3"
$PYTHON - "$NAMING/tiny_timm.safetensors" "$TMP" "$HERE/.." <<'PY'
import sys
sys.path.insert(0, sys.argv[3])
from safetensors_io import read, write
tensors = read(sys.argv[1])[0]
missing = dict(tensors); del missing["blocks.1.attn.proj.weight"]
write(sys.argv[2] + "/missing.safetensors", missing)
extra = dict(tensors); extra["blocks.0.ls1.gamma"] = tensors["blocks.0.norm1.bias"]
write(sys.argv[2] + "/extra.safetensors", extra)
dtype, shape, raw = tensors["blocks.0.mlp.fc1.weight"]
write(sys.argv[2] + "/misshaped.safetensors", dict(tensors, **{"blocks.0.mlp.fc1.weight": (dtype, shape[::-1], raw)}))
dtype, shape, raw = tensors["blocks.1.norm2.weight"]
write(sys.argv[2] + "/misshaped2.safetensors", dict(tensors, **{"blocks.1.norm2.weight": (dtype, [1] + shape, raw)}))
PY
expect_error "missing tensor \"blocks.1.attn.proj.weight\" (expected shape \[12, 12\], timm ViT naming)" \
  classify --weights "$TMP/missing.safetensors" --heads 3 "$D3"
expect_error "unexpected tensor \"blocks.0.ls1.gamma\"" classify --weights "$TMP/extra.safetensors" --heads 3 "$D3"
expect_error "tensor \"blocks.0.mlp.fc1.weight\" has shape \[12, 20\], expected \[MLP size, 12\]" \
  classify --weights "$TMP/misshaped.safetensors" --heads 3 "$D3"
expect_error "tensor \"blocks.1.norm2.weight\" has shape \[1, 12\], expected \[12\]" \
  classify --weights "$TMP/misshaped2.safetensors" --heads 3 "$D3"
expect_error "5 heads do not divide hidden size 12" classify --weights "$NAMING/tiny_timm.safetensors" --heads 5 "$D3"
expect_error "number of heads is in no tensor" classify --weights "$NAMING/tiny_hf.safetensors" "$D3"
expect_error "not a safetensors file" classify --weights "$IMAGES/digit_3_sans_bold.png" "$D3"
printf 'a\nb\n' >"$TMP/two-labels.txt"
expect_error "config gives 2 labels, but \"head.weight\" has 5 classes" classify --weights "$NAMING/tiny_timm.safetensors" \
  --heads 3 --config "$TMP/two-labels.txt" "$D3"

# A mix of good and bad images: every image gets its entry, each failure one stderr line, exit 2.
$CLI classify --format json "$D3" "$IMAGES/bad_empty.png" "$IMAGES/digit_7_serif_blur.jpg" \
  "$IMAGES/bad_one_pixel.png" >"$TMP/mixed.json" 2>"$TMP/stderr"
rc=$?
[ "$rc" -eq 2 ] || fail "a batch with bad images exited $rc, expected 2"
[ "$(wc -l <"$TMP/stderr")" -eq 2 ] || fail "a batch with two bad images: $(cat "$TMP/stderr")"
$PYTHON - "$TMP/mixed.json" <<'PY' || fail "a batch with bad images: JSON"
import json, sys
r = json.load(open(sys.argv[1]))
assert [sorted(e) for e in r] == [["image", "top"], ["error", "image"], ["image", "top"], ["error", "image"]], r
assert "empty (0 bytes)" in r[1]["error"] and "too small" in r[3]["error"], r
assert r[0]["top"][0]["label"] == "3" and r[2]["top"][0]["label"] == "7", r
PY

echo "classify.sh: $failures failure(s)"
[ $failures -eq 0 ]
