"""`loslaten import --media`: an old blog's images come along; what is missing is named."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loslaten.content.media import Stored
from loslaten.content.models import Article, Image
from loslaten.content.tests.images import SVG, photo

pytestmark = pytest.mark.django_db

POST = """---
title: {title}
slug: {slug}
categories: [Rust]
lede: Een stuk met afbeeldingen.
date: 2019-04-12
{front}
---

Eerste alinea.

{body}

Laatste alinea.
"""


def post(folder: Path, name: str, body: str, front: str = "", title: str = "Met beeld") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    slug = name.split(".")[0].replace("/", "-")
    path = folder / name
    path.write_text(POST.format(title=title, slug=slug, front=front, body=body), encoding="utf-8")
    return path


def put(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def run(*args: object) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code, _ = error.returncode, err.write(str(error))
    return code, out.getvalue(), err.getvalue()


def stored_refs(article: Article) -> list[Stored]:
    return [s for s in map(Stored.from_url, _srcs(article.body_markdown)) if s]


def _srcs(markdown: str) -> list[str]:
    from loslaten.content.media import MARKDOWN_IMAGE

    return [m["src"] for m in MARKDOWN_IMAGE.finditer(markdown)]


def test_wordpress_addresses_are_found_in_a_copy_of_the_uploads(tmp_path):
    uploads = tmp_path / "wp-content" / "uploads"
    put(uploads / "2019/04/zee.jpg", photo(2000, 1333, (90, 140, 170)))
    put(uploads / "2019/04/zee-1024x683.jpg", photo(1024, 683, (200, 0, 0)))
    put(uploads / "2019/04/bank.png", photo(800, 600, (150, 150, 90), fmt="PNG"))
    source = post(
        tmp_path / "export",
        "zee.md",
        "![De zee bij Zandvoort]"
        '(https://old.example/wp-content/uploads/2019/04/zee-1024x683.jpg "Vroeg in de ochtend")',
        front="image: https://old.example/wp-content/uploads/2019/04/bank.png\n"
        "image_alt: Een lege bank in de duinen",
    )
    code, out, err = run(source, "--media", uploads)
    assert code == 0, err + out
    article = Article.objects.get(slug="zee")
    (inline,) = stored_refs(article)
    assert (inline.width, inline.height) == (1600, 1066)  # the original, not the 1024 copy
    assert '"Vroeg in de ochtend")' in article.body_markdown
    assert "old.example" not in article.body_markdown
    assert article.featured_image.width == 800
    assert article.featured_alt == "Een lege bank in de duinen"
    assert Image.objects.count() == 2
    assert "could not be imported" not in out


def test_markdown_paths_relative_to_the_file_and_a_hugo_static_folder(tmp_path):
    site = tmp_path / "hugo"
    bundle = site / "content" / "posts" / "wandeling"
    put(bundle / "pad.jpg", photo(900, 600))
    put(site / "static" / "images" / "bos.webp", photo(640, 480, fmt="WEBP"))
    source = post(
        bundle,
        "index.md",
        "![Een pad door het bos](pad.jpg)\n\n![Bomen](/images/bos.webp)",
        front="image: pad.jpg\nimage_alt: Een pad",
    )
    code, out, err = run(source, "--media", site / "static")
    assert code == 0, err + out
    article = Article.objects.get(slug="index")
    assert [(s.width, s.height) for s in stored_refs(article)] == [(900, 600), (640, 480)]
    assert article.featured_image.stored == stored_refs(article)[0]


def test_a_missing_file_is_named_and_the_import_goes_on(tmp_path):
    folder = tmp_path / "blog"
    put(folder / "er-wel.jpg", photo(500, 400))
    first = post(folder, "een.md", "![Weg](kwijt/foto.jpg)\n\n![Er wel](er-wel.jpg)")
    second = post(folder, "twee.md", "Zonder beeld.", title="Tweede stuk")
    code, out, err = run(first, second)
    assert code == 0, err
    assert "image not found: kwijt/foto.jpg" in out
    assert "1 image(s) could not be imported" in out
    article = Article.objects.get(slug="een")
    assert "![Weg](kwijt/foto.jpg)" in article.body_markdown  # kept, not lost
    assert len(stored_refs(article)) == 1
    assert Article.objects.filter(slug="twee").exists()


def test_remote_images_are_never_downloaded_and_one_line_says_so(tmp_path):
    source = post(
        tmp_path,
        "ver.md",
        "![Op een andere site](https://elders.example/foto.jpg)\n\n"
        "![Nog een](https://elders.example/twee.jpg)",
    )
    code, out, _ = run(source)
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("    image")]
    assert lines == [
        "    images are never downloaded; give --media DIR with a copy of the old site's "
        "uploads to bring them along",
        "    image not imported: https://elders.example/foto.jpg",
        "    image not imported: https://elders.example/twee.jpg",
    ]


def test_an_address_not_in_the_media_folder_is_named(tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    source = post(
        tmp_path, "mist.md", "![x](https://old.example/wp-content/uploads/2020/01/weg.jpg)"
    )
    _, out, _ = run(source, "--media", uploads)
    assert "image not in --media: https://old.example/wp-content/uploads/2020/01/weg.jpg" in out


def test_a_refused_file_is_named_with_its_reason(tmp_path):
    put(tmp_path / "logo.svg", SVG)
    put(tmp_path / "leeg.jpg", b"")
    source = post(tmp_path, "logo.md", "![Logo](logo.svg)\n\n![Leeg](leeg.jpg)")
    code, out, _ = run(source)
    assert code == 0
    assert "image refused: logo.svg: SVG is not accepted (it can carry scripts)" in out
    assert "image refused: leeg.jpg: not an image" in out
    assert Image.objects.count() == 0


def test_a_media_folder_that_does_not_exist_stops_the_run_with_one_line(tmp_path):
    source = post(tmp_path, "a.md", "Tekst.")
    code, _, err = run(source, "--media", tmp_path / "bestaat-niet")
    assert code == 2
    assert err.strip() == f"--media {tmp_path / 'bestaat-niet'}: not a folder"
    assert not Article.objects.exists()


def test_importing_again_reuses_the_stored_images(tmp_path, settings):
    put(tmp_path / "a.jpg", photo(600, 400))
    source = post(tmp_path, "twee-keer.md", "![A](a.jpg)", front="image: a.jpg")
    assert run(source)[0] == 0
    assert run(source)[0] == 0
    assert Image.objects.count() == 1
    assert len(list(Path(settings.LOSLATEN_MEDIA_DIR).iterdir())) == 1


def test_attach_images_rewrites_the_body_and_sets_the_featured_image(tmp_path):
    from loslaten.content.media import attach_images

    put(tmp_path / "post" / "a.jpg", photo(640, 480))
    put(tmp_path / "uploads" / "2021" / "05" / "b.png", photo(320, 240, fmt="PNG"))
    article = Article(title="Los", slug="los", lede="Kort.")
    lines: list[str] = []
    body = attach_images(
        article,
        '![Een](a.jpg "Eerste")\n\n![Twee](https://old.example/wp-content/uploads/2021/05/b.png)'
        "\n\n![Drie](weg.jpg)",
        "![Kop](a.jpg)",
        media_dirs=[tmp_path / "uploads"],
        base_dir=tmp_path / "post",
        report=lines.append,
    )
    first, second = (s.url for s in map(Stored.from_url, _srcs(body)) if s)
    assert body == f'![Een]({first} "Eerste")\n\n![Twee]({second})\n\n![Drie](weg.jpg)'
    assert article.featured_image.url == first and article.featured_alt == "Kop"
    assert lines == ["image not found: weg.jpg"]
