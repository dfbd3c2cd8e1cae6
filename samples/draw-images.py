#!/usr/bin/python3
# draw-images.py: draws the sample board files' logos, signatures and
# photograph (samples/*.png, *.jpg).  They are invented marks and invented
# signatures, not any real agency's or person's.  Run from samples/ with
# python3-pil (Debian); the output is committed, so the build never runs it.
import math
import random

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT_R = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def font(size, bold=True):
    return ImageFont.truetype(FONT if bold else FONT_R, size)


def text_centre(d, cx, y, s, f, fill):
    w = d.textlength(s, font=f)
    d.text((cx - w / 2, y), s, font=f, fill=fill)


def save(img, name):
    # palette PNGs: a logo of a few flat colours is a few kilobytes
    img.convert("P", palette=Image.ADAPTIVE, colors=32).save(name, optimize=True)


def police():
    img = Image.new("RGB", (360, 120), "white")
    d = ImageDraw.Draw(img)
    navy = (22, 42, 92)
    # a shield with a six-pointed star
    d.polygon([(20, 12), (100, 12), (100, 62), (60, 108), (20, 62)], fill=navy)
    pts = []
    for k in range(12):
        r = 28 if k % 2 == 0 else 14
        a = math.pi / 6 * k - math.pi / 2
        pts.append((60 + r * math.cos(a), 52 + r * math.sin(a)))
    d.polygon(pts, fill="white")
    d.text((116, 22), "Police", font=font(34), fill=navy)
    d.text((116, 62), "Service", font=font(30, False), fill=navy)
    save(img, "logo-police.png")


def probation(second="Trust", name="logo-probation.png"):
    img = Image.new("RGB", (360, 120), "white")
    d = ImageDraw.Draw(img)
    teal = (0, 110, 110)
    # two interlocking rings
    d.ellipse((14, 20, 84, 90), outline=teal, width=10)
    d.ellipse((50, 20, 120, 90), outline=(230, 140, 30), width=10)
    d.text((134, 22), "Probation", font=font(30), fill=teal)
    d.text((134, 62), second, font=font(30, False), fill=teal)
    save(img, name)


def prisons():
    img = Image.new("RGB", (360, 120), "white")
    d = ImageDraw.Draw(img)
    plum = (90, 30, 80)
    d.rectangle((16, 14, 106, 104), fill=plum)
    for x in range(30, 100, 17):
        d.rectangle((x, 26, x + 7, 92), fill="white")
    d.text((122, 22), "Prison", font=font(30), fill=plum)
    d.text((122, 62), "Service", font=font(30, False), fill=plum)
    save(img, "logo-prisons.png")


def mappa():
    img = Image.new("RGB", (300, 120), "white")
    d = ImageDraw.Draw(img)
    green = (30, 100, 50)
    # three overlapping circles: the agencies working together
    for i, c in enumerate([(200, 60, 50), (30, 90, 160), (230, 140, 30)]):
        x = 16 + i * 28
        d.ellipse((x, 24, x + 60, 84), outline=c, width=8)
    d.text((140, 24), "MAPPA", font=font(34), fill=green)
    d.text((142, 68), "working together", font=font(16, False), fill=green)
    save(img, "logo-mappa.png")


def signature(name, seed):
    """A scrawl in dark blue ink: a tall capital, then a run of small
    slanted loops of uneven height, and an underline flourish."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (420, 120), "white")
    d = ImageDraw.Draw(img)
    ink = (20, 30, 90)
    slant = 0.35
    pts = []
    # the capital: one tall loop
    for t in range(40):
        a = t / 40 * 2 * math.pi
        y = 60 - 38 * math.sin(a / 2) ** 2
        x = 34 + 14 * math.sin(a) + (90 - y) * slant
        pts.append((x, y))
    x = 52.0
    while x < 330:
        h = rnd.uniform(8, 26) if rnd.random() < 0.8 else rnd.uniform(30, 44)
        w = rnd.uniform(8, 14)
        for t in range(14):
            a = t / 14 * 2 * math.pi
            y = 86 - h * (0.5 - 0.5 * math.cos(a))
            pts.append((x + w * t / 14 + 3 * math.sin(a) + (90 - y) * slant, y))
        x += w
    d.line(pts, fill=ink, width=3, joint="curve")
    d.line([(40, 100), (x * 0.5, 106), (x + 20, 94)], fill=ink, width=2,
           joint="curve")
    save(img, "sig-" + name + ".png")


def photograph():
    """A board meeting, abstractly: a table and people as shapes."""
    w, h = 600, 300
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    for y in range(h):
        c = int(200 + 40 * y / h)
        d.line([(0, y), (w, y)], fill=(c - 30, c - 20, c))
    d.rectangle((0, 0, w, 40), fill=(150, 160, 180))
    d.polygon([(90, 200), (510, 200), (560, 270), (40, 270)], fill=(120, 80, 50))
    rnd = random.Random(7)
    for i in range(7):
        cx = 120 + i * 60
        col = (rnd.randint(40, 200), rnd.randint(40, 160), rnd.randint(60, 200))
        d.ellipse((cx - 16, 112, cx + 16, 144), fill=(225, 190, 160))
        d.rounded_rectangle((cx - 26, 146, cx + 26, 205), radius=12, fill=col)
    img.save("photo-board.jpg", quality=80, optimize=True)


if __name__ == "__main__":
    police()
    probation()
    probation("Service", "logo-probation-service.png")  # from 2014
    prisons()
    mappa()
    for n, s in [("chair", 1), ("probation", 3),
                 ("prisons", 4), ("lay", 5)]:
        signature(n, s)
    photograph()
