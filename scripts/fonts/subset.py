"""Rebuild the site's fonts: Source Serif 4 and Source Sans 3, subset to woff2.

    cd scripts/fonts && npm ci        # the pinned @fontsource packages (package-lock.json)
    /work/main/.venv/bin/python scripts/fonts/subset.py   # or any venv with the dev extras

Both are © Adobe, under the SIL Open Font License 1.1 (their OFL.txt is copied beside the
fonts). The subset keeps what Dutch and English text needs (Latin-1, curly quotes, dashes,
the euro, the ellipsis) with kerning and the standard ligatures, and drops the rest, so the
four files stay well under 80 KB together. Writes loslaten/core/static/loslaten/fonts/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent.parent / "loslaten" / "core" / "static" / "loslaten" / "fonts"
BUDGET = 80 * 1024

# (package, file in its files/ folder, name we serve it under)
FONTS = [
    ("source-serif-4", "source-serif-4-latin-400-normal.woff2", "serif-400.woff2"),
    ("source-serif-4", "source-serif-4-latin-400-italic.woff2", "serif-400-italic.woff2"),
    ("source-sans-3", "source-sans-3-latin-400-normal.woff2", "sans-400.woff2"),
    ("source-sans-3", "source-sans-3-latin-600-normal.woff2", "sans-600.woff2"),
]
UNICODES = ",".join(
    [
        "U+0020-007E",  # ASCII
        "U+00A0-00FF",  # Latin-1: é, ë, ï, ü, ...
        "U+0152-0153",  # Œ œ
        "U+0178",  # Ÿ (ij-words are written with i + j)
        "U+2013-2014",  # en and em dash
        "U+2018-201A",  # ‘ ’ ‚
        "U+201C-201E",  # “ ” „
        "U+2022",  # bullet
        "U+2026",  # …
        "U+2032-2033",  # ′ ″
        "U+20AC",  # €
        "U+2192",  # →
    ]
)


def main() -> int:
    modules = HERE / "node_modules" / "@fontsource"
    if not modules.is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    for package, source, name in FONTS:
        target = OUT / name
        subprocess.run(
            [
                sys.executable,
                "-m",
                "fontTools.subset",
                str(modules / package / "files" / source),
                f"--unicodes={UNICODES}",
                "--layout-features=kern,liga,calt,ccmp,locl,mark,mkmk",
                "--flavor=woff2",
                "--no-hinting",
                "--desubroutinize",
                f"--output-file={target}",
            ],
            check=True,
        )
        total += target.stat().st_size
        print(f"{name}: {target.stat().st_size} bytes")
    for package in {p for p, _, _ in FONTS}:
        shutil.copy(modules / package / "LICENSE", OUT / f"{package}-OFL.txt")
    print(f"together: {total} bytes (budget {BUDGET})")
    return 0 if total <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
