"""Search quality: nDCG@10 and recall@10 of our search against a plain `icontains` search.

Loads the twelve sample articles into a throw-away SQLite database (the content app's
`loslaten loadsample`, which indexes them through the search app's save signal), runs
every query of bench/search_judgements.toml through both searches, and prints the scores.

    .venv/bin/python bench/search_quality.py          # -v lists every query
    .venv/bin/python bench/search_quality.py --without compounds   # or synonyms: ablation

The baseline is what a default blog search does: passages whose text contains the query
string (case-insensitive), newest article first.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUDGEMENTS = Path(__file__).resolve().parent / "search_judgements.toml"
K = 10


def setup_django(var_dir: str, without: set[str]) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "loslaten.settings"
    os.environ["LOSLATEN_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    from loslaten.search import analyzer

    # Ablations: switch one part of the analyzer off, before anything is indexed.
    if "compounds" in without:
        analyzer.split_compound = lambda word: ()
    if "synonyms" in without:
        analyzer.SYNONYMS.clear()

    call_command("migrate", verbosity=0)
    call_command("loadsample", verbosity=0, stdout=open(os.devnull, "w"))


def ndcg(ranked: list[str], relevant: set[str], k: int = K) -> float:
    """Binary-relevance nDCG@k."""
    dcg = sum(1 / math.log2(i + 2) for i, key in enumerate(ranked[:k]) if key in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def recall(ranked: list[str], relevant: set[str], k: int = K) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def main() -> int:
    args = sys.argv[1:]
    verbose = "-v" in args
    without = {args[i + 1] for i, arg in enumerate(args[:-1]) if arg == "--without"}
    judgements = tomllib.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="loslaten-bench-") as var_dir:
        setup_django(var_dir, without)
        from loslaten.content.models import Article
        from loslaten.search.engine import baseline, search
        from loslaten.search.models import Passage

        known = {
            f"{slug}#{anchor}"
            for slug, anchor in Passage.objects.values_list("article__slug", "anchor")
        }
        unknown = sorted({r for rels in judgements.values() for r in rels} - known)
        if unknown:
            print("judged passages that do not exist:", ", ".join(unknown), file=sys.stderr)
            return 1
        slugs = dict(Article.objects.values_list("pk", "slug"))
        scores = {"ours": [], "base": []}
        recalls = {"ours": [], "base": []}
        for query, relevant_list in judgements.items():
            relevant = set(relevant_list)
            ours = [h.url.split("/blog/", 1)[1].replace("/", "", 1) for h in search(query, K)]
            ours = [key if "#" in key else key + "#" for key in ours]
            base = [f"{slugs[pk]}#{anchor}" for pk, anchor in baseline(query, K)]
            for name, ranked in (("ours", ours), ("base", base)):
                scores[name].append(ndcg(ranked, relevant))
                recalls[name].append(recall(ranked, relevant))
            if verbose:
                print(
                    f"{query:20} ndcg {scores['ours'][-1]:.2f} (base {scores['base'][-1]:.2f})"
                    f"  recall {recalls['ours'][-1]:.2f} (base {recalls['base'][-1]:.2f})"
                )
                for key in ours:
                    print("    ", "+" if key in relevant else "-", key)
        n = len(judgements)
        mean = {name: sum(values) / n for name, values in scores.items()}
        mean_recall = {name: sum(values) / n for name, values in recalls.items()}
        print(f"{n} queries, {len(known)} passages in {len(slugs)} articles")
        print(f"nDCG@10    ours {mean['ours']:.3f}   icontains baseline {mean['base']:.3f}")
        print(
            f"recall@10  ours {mean_recall['ours']:.3f}   "
            f"icontains baseline {mean_recall['base']:.3f}"
        )
        print(
            f"ndcg10={mean['ours']:.3f} baseline_ndcg10={mean['base']:.3f} "
            f"recall10={mean_recall['ours']:.3f} baseline_recall10={mean_recall['base']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
