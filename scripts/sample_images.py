"""Make the sample articles' images: calm gradients and soft shapes, drawn with Pillow.

    python scripts/sample_images.py      # writes loslaten/content/sample/images/*.jpg

Ours, generated: no one else's photos. The same code always draws the same pictures.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "loslaten" / "content" / "sample" / "images"
SIZE = (1600, 1000)

# name: (sky top, sky bottom, sun, hills back to front)
SCENES = {
    "ochtendlicht": ((236, 222, 205), (250, 240, 226), (246, 196, 140),
                     [(190, 205, 196), (150, 178, 164), (104, 142, 126)]),
    "avondrust": ((58, 72, 110), (214, 160, 150), (250, 214, 170),
                  [(96, 92, 124), (70, 70, 100), (46, 50, 74)]),
    "stille-zee": ((204, 222, 230), (236, 242, 240), (255, 250, 236),
                   [(150, 186, 196), (112, 156, 172), (80, 126, 146)]),
    "adem": ((226, 236, 226), (246, 244, 234), (232, 224, 196),
             [(176, 200, 176), (136, 172, 140), (96, 136, 108)]),
}  # fmt: skip


def mix(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def scene(name: str) -> Image.Image:
    """One picture: a sky gradient, a soft sun, and three layers of rolling hills."""
    top, bottom, sun, hills = SCENES[name]
    rng = random.Random(name)
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=mix(top, bottom, y / (height - 1)))
    glow = Image.new("L", SIZE, 0)
    cx, cy, r = rng.randint(300, 1300), rng.randint(250, 420), rng.randint(110, 160)
    ImageDraw.Draw(glow).ellipse([cx - r, cy - r, cx + r, cy + r], fill=235)
    image.paste(Image.new("RGB", SIZE, sun), mask=glow.filter(ImageFilter.GaussianBlur(40)))
    for layer, colour in enumerate(hills):
        base = 560 + layer * 140
        phase, waves = rng.uniform(0, math.tau), rng.uniform(1.2, 2.4)
        amplitude = rng.randint(40, 90)
        points = [
            (x, base + amplitude * math.sin(phase + waves * math.tau * x / width))
            for x in range(0, width + 20, 20)
        ]
        mask = Image.new("L", SIZE, 0)
        ImageDraw.Draw(mask).polygon([*points, (width, height), (0, height)], fill=255)
        image.paste(
            Image.new("RGB", SIZE, colour), mask=mask.filter(ImageFilter.GaussianBlur(3 + layer))
        )
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in SCENES:
        scene(name).save(OUT / f"{name}.jpg", "JPEG", quality=85, optimize=True)
        print(OUT / f"{name}.jpg")


if __name__ == "__main__":
    main()
