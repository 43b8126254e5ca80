#!/usr/bin/python3
"""Digits that are not from MNIST: printed in fonts from Debian's font packages, and drawn as
pen strokes (simulated handwriting), optionally made to look photographed (perspective, blur,
uneven light, paper texture, noise, JPEG), light or dark background, any size.

Two uses, with disjoint fonts and different seeds:
  make_digits.py test  [OUT_DIR]   the beyond-MNIST test set: PNGs of many sizes + labels.csv
                                   (default tests/digits-beyond-mnist, committed)
  make_digits.py train [OUT_DIR]   training digits for mnist-vit: IDX files of 48x48 grey
                                   images (default .deps/synthetic-digits; ci/setup runs this)

Both are reproducible: a fixed seed, fonts found at fixed paths (ci/setup installs the
packages), sorted. Neither is preprocessed here: vitplay's mnist-digit recipe (the same one
every uploaded image goes through) turns them into 28x28 inputs.
Needs Debian's python3-pil and python3-numpy.
"""
import glob
import io
import math
import os
import random
import struct
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Font families: the test set's never appear in training. Families that are clones or
# derivatives of one another stay on the same side (Open Sans ~ Noto Sans, Hack ~ DejaVu
# Sans Mono, TeX Gyre ~ URW base35).
TRAIN_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif*.ttf",
    "/usr/share/fonts/truetype/liberation/*.ttf",
    "/usr/share/fonts/truetype/freefont/*.ttf",
    "/usr/share/fonts/opentype/urw-base35/[A-CN-Z]*.otf",  # not D050000L (dingbats)
    "/usr/share/texmf/fonts/opentype/public/tex-gyre/*.otf",
    "/usr/share/fonts/truetype/noto/NotoSans-*.ttf",
    "/usr/share/fonts/truetype/noto/NotoSerif-*.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansDisplay-*.ttf",
    "/usr/share/fonts/truetype/noto/NotoSerifDisplay-*.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansMono-*.ttf",
    "/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/*.ttf",
    "/usr/share/fonts/truetype/open-sans/*.ttf",
    "/usr/share/fonts/truetype/hack/*.ttf",
]
TEST_FONTS = [
    "/usr/share/fonts/truetype/crosextra/Carlito-*.ttf",
    "/usr/share/fonts/truetype/crosextra/Caladea-*.ttf",
    "/usr/share/fonts/opentype/comic-neue/*.otf",
    "/usr/share/fonts/truetype/inconsolata/*.otf",
    "/usr/share/fonts/opentype/cantarell/*.otf",
]
EXCLUDED = ("standardsymbols", "math", "symbol")


def font_files(patterns):
    files = sorted({f for p in patterns for f in glob.glob(p) if not any(x in f.lower() for x in EXCLUDED)})
    if not files:
        sys.exit("make_digits: no fonts found at " + ", ".join(patterns) + " (run ci/setup)")
    return files


# Pen strokes for each digit in a unit box (x right, y down). A stroke is ("s", points) for a
# smooth curve through the points (Catmull-Rom) or ("l", points) for straight segments. Several
# ways of writing each digit (7 with or without a bar, open or closed 4, ...).
STROKES = {
    0: [[("s", [(.5, .03), (.16, .25), (.14, .7), (.5, .97), (.84, .72), (.85, .28), (.5, .03), (.2, .2)])],
        [("s", [(.55, .04), (.25, .3), (.3, .85), (.55, .96), (.75, .7), (.72, .2), (.5, .05)])]],
    1: [[("l", [(.5, .02), (.5, .98)])],
        [("l", [(.25, .22), (.55, .02), (.55, .98)])],
        [("l", [(.3, .2), (.55, .02), (.55, .98)]), ("l", [(.3, .98), (.8, .98)])]],
    2: [[("s", [(.15, .28), (.45, .03), (.82, .2), (.7, .5), (.14, .96)]), ("l", [(.14, .96), (.9, .94)])],
        [("s", [(.18, .22), (.5, .03), (.8, .25), (.55, .6), (.16, .95), (.3, .82), (.55, .92), (.88, .95)])]],
    3: [[("s", [(.15, .15), (.5, .02), (.82, .2), (.75, .4), (.42, .5), (.8, .6), (.86, .82), (.5, .98), (.12, .85)])],
        [("l", [(.15, .04), (.82, .04), (.45, .42)]), ("s", [(.45, .42), (.82, .58), (.84, .85), (.5, .98), (.14, .86)])]],
    4: [[("l", [(.62, .02), (.08, .66), (.92, .66)]), ("l", [(.66, .3), (.66, .99)])],
        [("l", [(.18, .02), (.12, .6), (.88, .6)]), ("l", [(.72, .05), (.72, .99)])]],
    5: [[("l", [(.82, .03), (.25, .03), (.2, .45)]), ("s", [(.2, .45), (.55, .38), (.84, .6), (.78, .88), (.45, .97), (.13, .85)])],
        [("l", [(.24, .05), (.2, .46)]), ("s", [(.2, .46), (.6, .4), (.85, .66), (.6, .96), (.15, .88)]), ("l", [(.24, .05), (.82, .04)])]],
    6: [[("s", [(.72, .03), (.35, .3), (.18, .68), (.35, .96), (.68, .93), (.8, .7), (.58, .5), (.3, .57), (.2, .7)])],
        [("s", [(.65, .02), (.3, .4), (.22, .8), (.5, .97), (.76, .8), (.62, .56), (.35, .6)])]],
    7: [[("l", [(.12, .04), (.88, .04), (.38, .98)])],
        [("l", [(.12, .04), (.88, .04), (.42, .98)]), ("l", [(.36, .52), (.8, .5)])],
        [("l", [(.12, .14), (.15, .04), (.88, .04)]), ("s", [(.88, .04), (.6, .45), (.48, .98)])]],
    8: [[("s", [(.5, .5), (.2, .3), (.5, .03), (.8, .28), (.5, .5), (.16, .74), (.5, .98), (.85, .75), (.5, .5)])],
        [("s", [(.75, .12), (.5, .03), (.22, .22), (.78, .7), (.5, .97), (.2, .72), (.8, .3), (.72, .15)])]],
    9: [[("s", [(.78, .3), (.5, .04), (.18, .25), (.42, .52), (.78, .32)]), ("l", [(.78, .3), (.72, .99)])],
        [("s", [(.8, .32), (.52, .04), (.2, .2), (.35, .48), (.8, .3)]), ("s", [(.8, .3), (.7, .75), (.45, .97), (.2, .88)])]],
}


def catmull_rom(points, per_segment=16):
    p = [points[0]] + list(points) + [points[-1]]
    out = []
    for i in range(1, len(p) - 2):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = p[i - 1], p[i], p[i + 1], p[i + 2]
        for k in range(per_segment):
            t = k / per_segment
            t2, t3 = t * t, t * t * t
            out.append((0.5 * (2 * x1 + (-x0 + x2) * t + (2 * x0 - 5 * x1 + 4 * x2 - x3) * t2 + (-x0 + 3 * x1 - 3 * x2 + x3) * t3),
                        0.5 * (2 * y1 + (-y0 + y2) * t + (2 * y0 - 5 * y1 + 4 * y2 - y3) * t2 + (-y0 + 3 * y1 - 3 * y2 + y3) * t3)))
    out.append(p[-2])
    return out


def draw_strokes(rng, digit, canvas):
    """White ink on black, canvas x canvas, a digit written with a jittered, slanted pen."""
    variant = rng.choice(STROKES[digit])
    slant = rng.uniform(-0.35, 0.3)  # shear: x += slant * (0.5 - y)
    angle = math.radians(rng.uniform(-10, 10))
    sx, sy = rng.uniform(0.55, 1.05), rng.uniform(0.85, 1.05)
    width = rng.uniform(0.05, 0.17) * canvas
    jitter = rng.uniform(0.01, 0.045)
    img = Image.new("L", (canvas, canvas), 0)
    d = ImageDraw.Draw(img)
    ca, sa = math.cos(angle), math.sin(angle)

    def place(x, y):
        x, y = (x - 0.5) * sx + slant * (0.5 - y), (y - 0.5) * sy
        x, y = ca * x - sa * y, sa * x + ca * y
        return ((0.5 + 0.72 * x) * canvas, (0.5 + 0.72 * y) * canvas)

    for kind, points in variant:
        pts = [(x + rng.gauss(0, jitter), y + rng.gauss(0, jitter)) for x, y in points]
        path = catmull_rom(pts) if kind == "s" else pts
        if kind == "l":  # straight segments, sampled so the pen pressure can vary along them
            path = [(a[0] + (b[0] - a[0]) * t / 12, a[1] + (b[1] - a[1]) * t / 12)
                    for a, b in zip(path, path[1:]) for t in range(12)] + [path[-1]]
        pressure = rng.uniform(0.0, 0.35)
        phase = rng.uniform(0, 6.28)
        xy = [place(x, y) for x, y in path]
        for i, (a, b) in enumerate(zip(xy, xy[1:])):
            w = width * (1 - pressure * 0.5 * (1 + math.sin(phase + 3.0 * i / len(xy))))
            d.line([a, b], fill=255, width=max(1, int(round(w))))
            r = w / 2
            d.ellipse([b[0] - r, b[1] - r, b[0] + r, b[1] + r], fill=255)
        r = width / 2
        d.ellipse([xy[0][0] - r, xy[0][1] - r, xy[0][0] + r, xy[0][1] + r], fill=255)
    return img


def draw_font(rng, digit, canvas, fonts):
    """White ink on black: the digit in a random font, size and stroke width, maybe slanted."""
    font = ImageFont.truetype(rng.choice(fonts), int(canvas * rng.uniform(0.55, 0.8)))
    img = Image.new("L", (canvas, canvas), 0)
    d = ImageDraw.Draw(img)
    stroke = rng.choice([0, 0, 0, 1, 2, 3]) * canvas // 64
    d.text((canvas / 2, canvas / 2), str(digit), fill=255, font=font, anchor="mm", stroke_width=stroke, stroke_fill=255)
    shear = rng.uniform(-0.2, 0.2) if rng.random() < 0.4 else 0.0
    img = img.transform(img.size, Image.AFFINE, (1, shear, -shear * canvas / 2, 0, 1, 0), resample=Image.BILINEAR)
    return img.rotate(rng.uniform(-8, 8), resample=Image.BILINEAR)


def perspective(rng, img, amount):
    w, h = img.size
    dst = [(0, 0), (w, 0), (w, h), (0, h)]
    src = [(x + rng.uniform(-amount, amount) * w, y + rng.uniform(-amount, amount) * h) for x, y in dst]
    # coefficients mapping output (x, y) to input: solve the 8x8 system
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y]); b.append(v)
    coeffs = np.linalg.solve(np.array(a, float), np.array(b, float))
    return img.transform((w, h), Image.PERSPECTIVE, tuple(coeffs), resample=Image.BILINEAR)


def compose(rng, ink, photo, dark_background, colour):
    """ink: L mask (255 = ink). Returns an RGB or L image of paper/board with the digit."""
    w, h = ink.size
    if dark_background:
        bg, fg = rng.uniform(0, 80), rng.uniform(170, 255)
    else:
        bg, fg = rng.uniform(170, 255), rng.uniform(0, 90)
    m = np.asarray(ink, np.float32) / 255.0
    if photo:
        m = np.asarray(perspective(rng, ink, rng.uniform(0.03, 0.12)), np.float32) / 255.0
        m *= rng.uniform(0.75, 1.0)  # ink that did not quite cover
    img = bg + (fg - bg) * m
    if photo:
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        theta = rng.uniform(0, 6.28)
        ramp = (np.cos(theta) * xx / w + np.sin(theta) * yy / h)
        ramp = (ramp - ramp.min()) / max(1e-6, float(np.ptp(ramp)))
        img = img * (1 - rng.uniform(0.1, 0.35) * ramp)  # uneven lighting
        texture = np.asarray(Image.fromarray((np.array([[rng.random() for _ in range(6)] for _ in range(6)]) * 255).astype(np.uint8))
                             .resize((w, h), Image.BICUBIC), np.float32) - 128
        img = img + texture * rng.uniform(0.03, 0.1)  # paper texture
        nrng = np.random.default_rng(rng.randrange(1 << 30))
        img = img + nrng.normal(0, rng.uniform(2, 10), img.shape)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    if photo:
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.6) * w / 64))
    if colour:
        tint = [rng.uniform(0.85, 1.0) for _ in range(3)]
        arr = np.asarray(out, np.float32)
        out = Image.fromarray(np.clip(np.stack([arr * t for t in tint], -1), 0, 255).astype(np.uint8), "RGB")
    return out


def jpeg(rng, img):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randint(35, 85))
    return Image.open(io.BytesIO(buf.getvalue())).convert(img.mode)


def sample(rng, digit, kind, fonts):
    """kind: pad | paper | print | print-photo. Returns (image, description)."""
    canvas = 128
    if kind in ("pad", "paper"):
        ink = draw_strokes(rng, digit, canvas)
    else:
        ink = draw_font(rng, digit, canvas, fonts)
    # margins and off-centre placement, as a real photo or crop would have
    pad = int(canvas * rng.uniform(0.0, 0.5))
    big = Image.new("L", (canvas + 2 * pad, canvas + 2 * pad), 0)
    big.paste(ink, (pad + int(rng.uniform(-0.6, 0.6) * pad), pad + int(rng.uniform(-0.6, 0.6) * pad)))
    ink = big
    if kind == "pad":  # a drawing pad: light ink on dark, clean
        img = compose(rng, ink, photo=False, dark_background=True, colour=False)
    elif kind == "paper":
        img = compose(rng, ink, photo=True, dark_background=rng.random() < 0.15, colour=rng.random() < 0.5)
    elif kind == "print":
        img = compose(rng, ink, photo=False, dark_background=rng.random() < 0.4, colour=rng.random() < 0.3)
    else:
        img = compose(rng, ink, photo=True, dark_background=rng.random() < 0.3, colour=rng.random() < 0.5)
    side = rng.choice([16, 20, 24, 32, 40, 48, 64, 96, 128, 200, 280])
    aspect = rng.uniform(0.8, 1.25)
    img = img.resize((max(12, int(side * aspect)), side), Image.LANCZOS)
    if kind in ("paper", "print-photo") and rng.random() < 0.5:
        img = jpeg(rng, img)
    return img


KINDS = ["pad", "paper", "print", "print-photo"]


def make_test(out_dir):
    rng = random.Random(20261126)
    fonts = font_files(TEST_FONTS)
    os.makedirs(out_dir, exist_ok=True)
    for old in glob.glob(os.path.join(out_dir, "*.png")):
        os.remove(old)
    rows = ["file,label,kind"]
    per_kind = {"pad": 8, "paper": 8, "print": 10, "print-photo": 8}  # per digit
    for kind in KINDS:
        for digit in range(10):
            for i in range(per_kind[kind]):
                img = sample(rng, digit, kind, fonts)
                name = f"{kind}-{digit}-{i:02d}.png"
                img.save(os.path.join(out_dir, name), optimize=True)
                rows.append(f"{name},{digit},{kind}")
    with open(os.path.join(out_dir, "labels.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print(f"make_digits: {len(rows) - 1} test images in {out_dir} from {len(fonts)} fonts")


def write_idx(path, magic, dims, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + bytes(data))
    os.replace(tmp, path)


def make_train(out_dir, per_digit=600, side=48):
    rng = random.Random(7)
    fonts = font_files(TRAIN_FONTS)
    os.makedirs(out_dir, exist_ok=True)
    pixels, labels = bytearray(), bytearray()
    for i in range(per_digit):
        for digit in range(10):
            kind = KINDS[i % len(KINDS)]
            img = sample(rng, digit, kind, fonts).convert("L")
            # pad to a square with the image's own border colour, then one fixed size
            w, h = img.size
            border = int(np.median(np.concatenate([np.asarray(img)[0], np.asarray(img)[-1]])))
            square = Image.new("L", (max(w, h), max(w, h)), border)
            square.paste(img, ((max(w, h) - w) // 2, (max(w, h) - h) // 2))
            pixels += square.resize((side, side), Image.BILINEAR).tobytes()
            labels.append(digit)
    write_idx(os.path.join(out_dir, "images-idx3-ubyte"), 0x803, [len(labels), side, side], pixels)
    write_idx(os.path.join(out_dir, "labels-idx1-ubyte"), 0x801, [len(labels)], labels)
    print(f"make_digits: {len(labels)} training images ({side}x{side}) in {out_dir} from {len(fonts)} fonts")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("test", "train"):
        sys.exit("usage: make_digits.py test|train [OUT_DIR]")
    if sys.argv[1] == "test":
        make_test(sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "tests", "digits-beyond-mnist"))
    else:
        make_train(sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, ".deps", "synthetic-digits"))
