"""Search speed: query latency over 10,000 synthetic articles on SQLite.

Builds a throw-away SQLite database, generates articles of Dutch-looking text drawn from
the words of the sample articles (weighted by how often they occur there, so common words
are common here too), indexes them with the search app's own bulk function, then times
200 one- and two-word queries through `search()` (ranking, fetching and snippets
included) and through the `icontains` baseline.

    .venv/bin/python bench/search_speed.py [--articles 10000] [--queries 200]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "loslaten" / "content" / "sample"
SECTIONS = 5


def setup_django(var_dir: str, db_path: str | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "loslaten.settings"
    os.environ["LOSLATEN_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path or var_dir + '/speed.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def vocabulary() -> tuple[list[str], list[int]]:
    """The words of the sample articles (lower case) and the running total of their counts."""
    counts: Counter[str] = Counter()
    for path in SAMPLE.glob("*.md"):
        if path.name != "PLAN.md":
            counts.update(re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8").lower()))
    words = sorted(counts)
    return words, list(itertools.accumulate(counts[w] for w in words))


def sentence(rng: random.Random, words: list[str], weights: list[int], n: int) -> str:
    text = " ".join(rng.choices(words, cum_weights=weights, k=n))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, words: list[str], weights: list[int]) -> str:
    parts = []
    for _ in range(SECTIONS):
        heading_words = rng.choices(words, cum_weights=weights, k=rng.randint(2, 5))
        heading = " ".join(heading_words).capitalize()
        paragraphs = [
            " ".join(sentence(rng, words, weights, rng.randint(8, 16)) for _ in range(4))
            for _ in range(rng.randint(1, 2))
        ]
        parts.append(f"## {heading}\n\n" + "\n\n".join(paragraphs))
    return "\n\n".join(parts) + "\n"


def generate(n: int, rng: random.Random, words: list[str], weights: list[int]) -> None:
    import datetime as dt

    from django.utils import timezone

    from loslaten.content.models import Article
    from loslaten.search.index import index_articles, optimize

    now = timezone.now()
    batch = []
    for i in range(n):
        batch.append(
            Article(
                title=sentence(rng, words, weights, rng.randint(3, 6))[:-1],
                slug=f"artikel-{i}",
                lede=sentence(rng, words, weights, 20),
                body_markdown=body(rng, words, weights),
                published_at=now - dt.timedelta(hours=i),
            )
        )
    Article.objects.bulk_create(batch, batch_size=500)
    index_articles(Article.objects.order_by("pk").iterator(chunk_size=500))
    optimize()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the slowest queries")
    parser.add_argument("--db", help="keep the generated database in this file and reuse it")
    args = parser.parse_args()
    rng = random.Random(20260101)
    with tempfile.TemporaryDirectory(prefix="loslaten-speed-") as var_dir:
        reuse = bool(args.db) and Path(args.db).exists()
        setup_django(var_dir, args.db)
        from loslaten.search.analyzer import STOP_WORDS, fold
        from loslaten.search.engine import baseline, search
        from loslaten.search.models import Passage

        words, weights = vocabulary()
        started = time.perf_counter()
        if not reuse:
            generate(args.articles, rng, words, weights)
        build = time.perf_counter() - started
        passages = Passage.objects.count()
        print(f"{args.articles} articles, {passages} passages, built and indexed in {build:.1f} s")

        # Queries a reader might type: content words, frequent ones more often.
        counts = [b - a for a, b in zip([0, *weights[:-1]], weights, strict=True)]
        content = [(w, c) for w, c in zip(words, counts, strict=True) if len(w) > 3]
        content = [(w, c) for w, c in content if fold(w) not in STOP_WORDS]
        q_words, q_weights = zip(*content, strict=True)
        queries = [
            " ".join(rng.choices(q_words, q_weights, k=1 + (i % 2))) for i in range(args.queries)
        ]
        for query in queries[:10]:  # warm the caches, as a running site would be
            search(query)
            baseline(query)
        timings: dict[str, list[float]] = {"ours": [], "base": []}
        cpu: dict[str, list[float]] = {"ours": [], "base": []}
        for name, fn in (("ours", search), ("base", baseline)):
            for query in queries:
                t0, c0 = time.perf_counter(), time.process_time()
                fn(query, 10)
                timings[name].append((time.perf_counter() - t0) * 1000)
                cpu[name].append((time.process_time() - c0) * 1000)
        if args.verbose:
            slowest = sorted(zip(timings["ours"], queries, strict=True), reverse=True)[:10]
            for ms, query in slowest:
                print(f"    {ms:7.2f} ms  {query}")
        stats = {
            name: (percentile(v, 50), percentile(v, 99), statistics.mean(v))
            for name, v in timings.items()
        }
        for name, label in (("ours", "search()"), ("base", "icontains baseline")):
            p50, p99, mean = stats[name]
            print(f"{label:20} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   mean {mean:7.2f} ms")
            # CPU time of this process: what the query costs when the machine is not busy
            # with other work (wall-clock latency above includes waiting for a core).
            print(
                f"{'':20} cpu p50 {percentile(cpu[name], 50):6.2f} ms"
                f"   cpu p99 {percentile(cpu[name], 99):6.2f} ms"
            )
        print(
            f"p50_ms={stats['ours'][0]:.2f} p99_ms={stats['ours'][1]:.2f} "
            f"baseline_p50_ms={stats['base'][0]:.2f} baseline_p99_ms={stats['base'][1]:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
