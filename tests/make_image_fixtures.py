#!/usr/bin/python3
"""Image files for the image decoder and `vitplay-cli classify` tests, and the image fuzz
target's seed corpus. Run with Debian's python (PIL):

    /usr/bin/python3 tests/make_image_fixtures.py    # writes tests/fixtures/images/*

Good images: digits that are not from MNIST, printed in Debian's fonts at other sizes,
stroke widths and backgrounds (dark ink on white paper, light on dark, coloured, grey noise),
as PNG, JPEG, BMP and GIF; one saved as a 16-bit greyscale PNG, one as an Adobe CMYK JPEG and
one as a greyscale progressive JPEG (all must decode). Each is named digit_<label>_<variant>.<ext>. Bad ones: not an image,
empty, 1x1, truncated PNG and JPEG, and a 60-byte PNG whose header declares 30000x30000.
Everything is deterministic (fixed seed), so running it again writes the same bytes.
"""
import io
import os
import random
import struct
import zlib

from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "images")
FONTS = "/usr/share/fonts/truetype"

# label, font, image size (w, h), ink, paper, blur radius, format, variant
DIGITS = [
    ("3", "dejavu/DejaVuSans-Bold.ttf", (96, 96), 0, 255, 0, "png", "sans_bold"),
    ("7", "dejavu/DejaVuSerif.ttf", (64, 80), 30, 235, 1, "jpg", "serif_blur"),
    ("1", "dejavu/DejaVuSans.ttf", (120, 90), 255, 0, 0, "bmp", "light_on_dark"),
    ("0", "dejavu/DejaVuSansMono-Bold.ttf", (50, 50), (20, 40, 160), (250, 240, 200), 0, "gif", "blue_ink"),
    ("4", "dejavu/DejaVuSans-Bold.ttf", (200, 150), 10, 245, 2, "png", "large_noisy"),
    ("5", "dejavu/DejaVuSans-Bold.ttf", (72, 72), 0, 255, 0, "png", "gray16"),
    ("2", "dejavu/DejaVuSans-Bold.ttf", (80, 80), 0, 255, 0, "jpg", "cmyk"),
    ("8", "dejavu/DejaVuSerif-Bold.ttf", (48, 60), 20, 240, 0, "jpg", "gray_progressive"),
]


def render_digit(label, font_file, size, ink, paper, blur, noisy):
    w, h = size
    img = Image.new("RGB", size, paper if isinstance(paper, tuple) else (paper,) * 3)
    font = ImageFont.truetype(os.path.join(FONTS, font_file), int(h * 0.7))
    draw = ImageDraw.Draw(img)
    box = draw.textbbox((0, 0), label, font=font)
    x = (w - (box[2] - box[0])) / 2 - box[0]
    y = (h - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), label, font=font, fill=ink if isinstance(ink, tuple) else (ink,) * 3)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if noisy:
        rng = random.Random(7)
        px = img.load()
        for j in range(h):
            for i in range(w):
                n = rng.randint(-25, 25)
                px[i, j] = tuple(max(0, min(255, c + n)) for c in px[i, j])
    return img


def save(img, variant, ext):
    buf = io.BytesIO()
    if variant == "gray16":
        # 16-bit greyscale: 0..255 spread to 0..65535
        g = img.convert("L").point(lambda v: v * 257, "I")
        g.save(buf, "PNG")  # PIL writes mode I as a 16-bit PNG
    elif variant == "cmyk":
        img.convert("CMYK").save(buf, "JPEG", quality=95)  # PIL writes an Adobe APP14 marker
    elif variant == "gray_progressive":
        img.convert("L").save(buf, "JPEG", quality=90, progressive=True)
    else:
        fmt = {"png": "PNG", "jpg": "JPEG", "bmp": "BMP", "gif": "GIF"}[ext]
        img.save(buf, fmt, **({"quality": 92} if fmt == "JPEG" else {}))
    return buf.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


def declared_png(width, height):
    """A valid PNG signature and IHDR declaring width x height, with one tiny IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\0\0"))
            + png_chunk(b"IEND", b""))


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {}
    for label, font, size, ink, paper, blur, ext, variant in DIGITS:
        img = render_digit(label, font, size, ink, paper, blur, variant == "large_noisy")
        files[f"digit_{label}_{variant}.{ext}"] = save(img, variant, ext)
    good_png = files["digit_3_sans_bold.png"]
    good_jpg = files["digit_7_serif_blur.jpg"]
    files["bad_not_an_image.png"] = b"These are words, not pixels.\n"
    files["bad_empty.png"] = b""
    one = io.BytesIO()
    Image.new("RGB", (1, 1), (255, 255, 255)).save(one, "PNG")
    files["bad_one_pixel.png"] = one.getvalue()
    files["bad_truncated.png"] = good_png[:len(good_png) // 2]
    files["bad_truncated.jpg"] = good_jpg[:len(good_jpg) // 2]
    files["bad_declares_30000x30000.png"] = declared_png(30000, 30000)
    for name, data in sorted(files.items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
