#!/usr/bin/python3
"""Images for the ViT scene's tests (tests/browser/vit.test.mjs, tests/native/vit.sh), written
to tests/fixtures/vit/ with PIL (Debian's python3-pil):

  seven-on-paper.png   a handwritten-looking 7: dark pen strokes on light, slightly uneven
                       paper, off-centre, at a size and aspect nothing like MNIST's
  two-light-on-dark.png a 2 drawn light on a dark background (no inversion needed)
(bad files come from tests/make_image_fixtures.py, in tests/fixtures/images/)

    /usr/bin/python3 tests/make_vit_test_images.py
"""
import os
import random

from PIL import Image, ImageDraw, ImageFilter

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "vit")
os.makedirs(OUT, exist_ok=True)
random.seed(3)


def paper(w, h, level):
    img = Image.new("L", (w, h), level)
    px = img.load()
    for y in range(h):
        for x in range(w):
            px[x, y] = max(0, min(255, level + random.randint(-12, 12) - y // 20))
    return img


def strokes(img, points_list, colour, width):
    d = ImageDraw.Draw(img)
    for points in points_list:
        d.line(points, fill=colour, width=width, joint="curve")
        for p in (points[0], points[-1]):
            d.ellipse([p[0] - width / 2, p[1] - width / 2, p[0] + width / 2, p[1] + width / 2], fill=colour)
    return img.filter(ImageFilter.GaussianBlur(1.2))


seven = strokes(paper(300, 220, 215), [[(150, 40), (190, 36), (235, 40)], [(235, 40), (215, 95), (196, 150), (185, 190)]],
                35, 11)
seven.convert("RGB").save(os.path.join(OUT, "seven-on-paper.png"))

two = strokes(Image.new("L", (90, 120), 20), [[(20, 35), (35, 18), (60, 18), (70, 38), (55, 65), (22, 100), (75, 100)]],
              235, 8)
two.save(os.path.join(OUT, "two-light-on-dark.png"))

print("wrote", OUT)
