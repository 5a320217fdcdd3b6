"""Bench: import a 2,000-post WordPress export, and a post nested 100,000 levels deep.

    .venv/bin/python bench/import.py [--posts 2000]

Migrates a temporary SQLite database and measures, each beside a baseline taken in the
same run on the same input:

- parse: reading the export (defusedxml, every post's HTML converted to Markdown) without
  saving: the part that does not depend on the database;
- import: `loslaten import`'s whole work (read, then save each post with its categories,
  tags, redirects and search passages): posts per second;
- nesting: one post of 100,000 nested <div>s, converted; beside it the bare cost of
  tokenising the same HTML (the regular expression alone), so the ratio shows the
  conversion stays linear.

The last line reads `posts_per_s=<n> nesting_100k_s=<s>`; targets: >= 50 posts/s and < 5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=2000)
    args = parser.parse_args()
    var = tempfile.mkdtemp(prefix="loslaten-bench-import-")
    os.environ["LOSLATEN_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loslaten.settings")
    try:
        run(args.posts)
    finally:
        shutil.rmtree(var, ignore_errors=True)


def run(posts: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from loslaten.content import htmlmd, importers, services
    from loslaten.content.tests.sources import big_wxr

    call_command("migrate", verbosity=0)
    data = big_wxr(posts, body_bytes=4000).encode()
    print(f"export: {posts} posts, {len(data) / 1e6:.1f} MB")

    started = time.perf_counter()
    reading = importers.read_source(data)
    parse_s = time.perf_counter() - started
    assert len(reading.articles) == posts, reading.skipped[:3]
    print(f"parse only (baseline): {parse_s:.2f} s, {posts / parse_s:.0f} posts/s")

    started = time.perf_counter()
    reading = importers.read_source(data)
    report = services.import_reading(reading)
    import_s = time.perf_counter() - started
    assert len(report.came_in) == posts
    posts_per_s = posts / import_s
    print(f"import (read and save): {import_s:.2f} s, {posts_per_s:.0f} posts/s")

    deep = "<div>" * 100_000 + "<p>Op de bodem.</p>" + "</div>" * 100_000
    started = time.perf_counter()
    count = sum(1 for _ in htmlmd.TOKEN.finditer(deep))
    tokenise_s = time.perf_counter() - started
    started = time.perf_counter()
    result = htmlmd.html_to_markdown(deep)
    nesting_s = time.perf_counter() - started
    assert result.markdown.strip() == "Op de bodem.", result.markdown[:80]
    print(f"nesting: {count} tokens; tokenise only (baseline) {tokenise_s:.2f} s")
    print(f"nesting: convert 100,000 levels {nesting_s:.2f} s")
    print(f"posts_per_s={posts_per_s:.0f} nesting_100k_s={nesting_s:.2f}")


if __name__ == "__main__":
    main()
