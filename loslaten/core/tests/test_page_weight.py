"""The site's fonts stay small, and an article stays light on a reader's first visit."""

from pathlib import Path

import pytest

FONTS = Path(__file__).resolve().parents[1] / "static" / "loslaten" / "fonts"


def test_the_fonts_are_woff2_under_80_kb_together_with_their_licences():
    files = sorted(FONTS.glob("*.woff2"))
    assert len(files) == 4
    assert all(f.read_bytes()[:4] == b"wOF2" for f in files)
    assert sum(f.stat().st_size for f in files) <= 80 * 1024
    for package in ("source-serif-4", "source-sans-3"):
        assert "SIL Open Font License" in (FONTS / f"{package}-OFL.txt").read_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_article_is_under_100_kb_on_a_first_visit(page, samples, client):
    """Everything the browser fetches for the longest sample article (page, CSS, fonts,
    images), as served uncompressed."""
    from loslaten.content.models import Article

    articles = Article.objects.published()
    article = max(articles, key=lambda a: len(client.get(a.get_absolute_url()).content))
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
    page.goto(article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert any(url.endswith(".woff2") for url in sizes), sizes  # the fonts are part of it
    assert sum(sizes.values()) < 100 * 1024, sizes
