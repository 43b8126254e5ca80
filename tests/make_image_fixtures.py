#!/usr/bin/python3
"""Image files for the image decoder and `vitplay-cli classify` tests, and the image fuzz
target's seed corpus. Run with Debian's python (PIL):

    /usr/bin/python3 tests/make_image_fixtures.py    # writes tests/fixtures/images/*

Good images: digits that are not from MNIST, printed in Debian's fonts at other sizes,
stroke widths and backgrounds (dark ink on white paper, light on dark, coloured, grey noise),
as PNG, JPEG, BMP and GIF; one saved as a 16-bit greyscale PNG, one as an Adobe CMYK JPEG and
one as a greyscale progressive JPEG (all must decode). Each is named digit_<label>_<variant>.<ext>. Bad ones: not an image,
empty, 1x1, truncated PNG and JPEG, and 60-byte PNGs whose headers declare 30000x30000 (over the
side limit) and 8000x8000 (over the pixel limit).

PNG's other layouts, written byte by byte here (PIL writes neither Adam7 interlacing nor 16-bit
RGBA): png_<layout>.png, each with png_<layout>.rgba, the 8-bit RGBA pixels it holds (row by
row; PIL decodes every file to the same bytes, checked here), which the decoder must give.
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


# Adam7: each pass's first column and row, and its steps across and down.
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
# Colour types of the PNG header.
GREY, RGB, PALETTE, GREY_ALPHA, RGBA = 0, 2, 3, 4, 6


def pack_row(samples, bit_depth):
    """One scan line's samples as bytes: below 8 bits packed from the high bit, 16 big-endian."""
    if bit_depth == 16:
        return b"".join(struct.pack(">H", v) for v in samples)
    if bit_depth == 8:
        return bytes(samples)
    out, per_byte = bytearray(), 8 // bit_depth
    for i in range(0, len(samples), per_byte):
        byte = 0
        for k, v in enumerate(samples[i:i + per_byte]):
            byte |= v << (8 - bit_depth * (k + 1))
        out.append(byte)
    return bytes(out)


def png_file(pixels, bit_depth, color_type, interlaced=False, palette=None, trns=None):
    """A PNG of pixels (rows of per-pixel sample tuples), every scan line with filter 0."""
    height, width = len(pixels), len(pixels[0])
    passes = ADAM7 if interlaced else [(0, 0, 1, 1)]
    raw = b""
    for x0, y0, dx, dy in passes:
        if x0 >= width or y0 >= height:
            continue  # an empty pass has no scan lines at all
        for y in range(y0, height, dy):
            samples = [v for x in range(x0, width, dx) for v in pixels[y][x]]
            raw += b"\0" + pack_row(samples, bit_depth)
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlaced else 0)
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
    if palette:
        out += png_chunk(b"PLTE", b"".join(bytes(c) for c in palette))
    if trns is not None:
        out += png_chunk(b"tRNS", trns)
    # a text chunk the decoder must skip
    out += png_chunk(b"tEXt", b"Comment\0one digit, for vitplay's decoder tests")
    return out + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b"")


def png_layouts():
    """{layout: (PNG bytes, RGBA bytes it decodes to)} for one digit in every PNG layout.
    23x17 pixels: Adam7's passes then have partial blocks at the right and bottom edges."""
    ink = render_digit("6", "dejavu/DejaVuSans-Bold.ttf", (23, 17), (30, 60, 200), (250, 235, 200), 0, False)
    grey = ink.convert("L")
    w, h = ink.size
    rgb = [[ink.getpixel((x, y)) for x in range(w)] for y in range(h)]
    g = [[grey.getpixel((x, y)) for x in range(w)] for y in range(h)]
    alpha = [[(x * 11 + y * 7) % 256 for x in range(w)] for y in range(h)]
    layouts = {}

    def add(name, data, rgba_rows):
        layouts[name] = (data, bytes(v for row in rgba_rows for px in row for v in px))

    add("rgb_interlaced", png_file(rgb, 8, RGB, interlaced=True), [[(*c, 255) for c in row] for row in rgb])
    # 16 bits: the low byte differs from the high byte, so only keeping the high byte gives v.
    add("rgba16", png_file([[tuple(v << 8 | (x * 37 + y) % 256 for v in (*rgb[y][x], alpha[y][x])) for x in range(w)]
                            for y in range(h)], 16, RGBA),
        [[(*rgb[y][x], alpha[y][x]) for x in range(w)] for y in range(h)])
    # 4-bit palette of 16 blues, the first 10 with an alpha (tRNS), the rest opaque.
    palette = [(16 * i, 8 * i, 255 - 10 * i) for i in range(16)]
    trns = [25 * i for i in range(10)]
    add("palette4_trns", png_file([[(v >> 4,) for v in row] for row in g], 4, PALETTE, palette=palette,
                                  trns=bytes(trns)),
        [[(*palette[v >> 4], trns[v >> 4] if v >> 4 < len(trns) else 255) for v in row] for row in g])
    add("grey", png_file([[(v,) for v in row] for row in g], 8, GREY), [[(v, v, v, 255) for v in row] for row in g])
    add("grey_alpha", png_file([[(g[y][x], alpha[y][x]) for x in range(w)] for y in range(h)], 8, GREY_ALPHA),
        [[(g[y][x], g[y][x], g[y][x], alpha[y][x]) for x in range(w)] for y in range(h)])
    # 2-bit grey, interlaced: the levels 0..3 stretch to 0, 85, 170, 255.
    add("grey2_interlaced", png_file([[(v >> 6,) for v in row] for row in g], 2, GREY, interlaced=True),
        [[((v >> 6) * 85,) * 3 + (255,) for v in row] for row in g])
    # Grey with a transparent level (tRNS): the paper's grey is see-through.
    paper = g[0][0]
    add("grey_trns", png_file([[(v,) for v in row] for row in g], 8, GREY, trns=struct.pack(">H", paper)),
        [[(v, v, v, 0 if v == paper else 255) for v in row] for row in g])
    for name, (data, rgba) in layouts.items():
        decoded = Image.open(io.BytesIO(data)).convert("RGBA").tobytes()
        assert decoded == rgba, f"png_{name}: PIL decodes other pixels than the ones written"
    return layouts


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
    files["bad_declares_8000x8000.png"] = declared_png(8000, 8000)
    for name, (png, rgba) in png_layouts().items():
        files[f"png_{name}.png"] = png
        files[f"png_{name}.rgba"] = rgba
    for name, data in sorted(files.items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
