"""Big and deep sources: a 20 MB export (generated here, never committed) and a post
nested 100,000 levels deep. Their speed is measured in bench/import.py."""

from __future__ import annotations

import pytest

from loslaten.content import importers, services
from loslaten.content.models import Article
from loslaten.content.tests import sources

pytestmark = pytest.mark.django_db


def test_a_20_mb_export_comes_in_whole(tmp_path, client):
    # Real exports are big mostly because of comments and attachments: so is this one.
    text = sources.big_wxr(40, body_bytes=20_000)
    comments = "".join(
        sources.item(9000 + n, f"bijlage {n}", "", post_type="attachment", status="inherit",
                     attachment_url=f"https://rustigaan.example/wp-content/uploads/{n}.jpg",
                     excerpt="Een bijschrift " * 40)
        for n in range(12_000)
    )  # fmt: skip
    text = text.replace(sources.WXR_TAIL, comments + sources.WXR_TAIL)
    path = tmp_path / "groot.xml"
    path.write_text(text)
    assert path.stat().st_size > 20 * 1024 * 1024
    report = services.import_reading(importers.read_path(path))
    assert len(report.came_in) == 40
    assert report.left_out["attachments"] == 12_000
    assert report.skipped == []
    page = client.get("/blog/stuk-39/").content.decode()
    assert "Een rustige zin over adem en aandacht." in page
    assert "&amp;amp;" not in page and "\\" not in page.split("<body")[1].split("<script")[0]


def test_a_post_nested_100000_levels_deep_reads_fine(tmp_path, client):
    deep = "<div>" * 100_000 + "<p>Op de bodem is het stil.</p>" + "</div>" * 100_000
    never_closed = "<section><blockquote><ul><li>" * 30_000 + "Nog dieper."
    text = sources.WXR_HEAD + sources.item(1, "Diep", deep, name="diep")
    text += sources.item(2, "Dieper", never_closed, name="dieper") + sources.WXR_TAIL
    path = tmp_path / "diep.xml"
    path.write_text(text)
    report = services.import_reading(importers.read_path(path))
    assert [a.slug for _, a, _ in report.came_in] == ["diep", "dieper"]
    assert Article.objects.get(slug="diep").lede == "Op de bodem is het stil."
    assert "Nog dieper." in client.get("/blog/dieper/").content.decode()
