from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loslaten.cli import main
from loslaten.content.models import Article, Category
from loslaten.content.tests.examples import MARKDOWN, PLAIN, WXR, XML_BOMB

pytestmark = pytest.mark.django_db


def run(*paths):
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *map(str, paths), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_import_reports_what_it_recognised(tmp_path):
    code, out, err = run(write(tmp_path, "stilte.txt", PLAIN))
    assert code == 0, err
    assert "'Waarom stilte soms zo luid is' (waarom-stilte-soms-zo-luid-is, new)" in out
    assert "3 questions, 2 sections, 1 stories, 1 quotes, 2 prompts, 1 read-further links" in out
    assert "2 FAQ pairs" in out
    assert " min, " in out


def test_import_saves_every_format(tmp_path):
    code, _, err = run(
        write(tmp_path, "a.txt", PLAIN),
        write(tmp_path, "b.md", MARKDOWN),
        write(tmp_path, "c.xml", WXR),
    )
    assert code == 0, err
    assert set(Article.objects.values_list("slug", flat=True)) == {
        "waarom-stilte-soms-zo-luid-is",
        "een-stuk-in-markdown",
        "loslaten-op-maandag",
        "nog-een-concept",
        "over-mij",
    }
    article = Article.objects.get(slug="een-stuk-in-markdown")
    assert article.author == "Mira"
    assert [c.name for c in article.categories.all()] == ["Dagelijks leven"]
    assert not Article.objects.get(slug="nog-een-concept").is_published


def test_importing_again_updates_instead_of_duplicating(tmp_path):
    path = write(tmp_path, "b.md", MARKDOWN)
    run(path)
    path.write_text(MARKDOWN.replace("Tekst.", "Nieuwe tekst."))
    code, out, _ = run(path)
    assert code == 0
    assert "updated" in out
    assert Article.objects.count() == 1
    assert "Nieuwe tekst." in Article.objects.get().body_markdown
    assert Category.objects.count() == 1


def test_a_bad_file_is_named_and_skipped_while_the_others_import(tmp_path):
    bad = write(tmp_path, "bom.xml", XML_BOMB)
    good = write(tmp_path, "b.md", MARKDOWN)
    code, _, err = run(bad, good, tmp_path / "ontbreekt.md")
    assert code == 1
    assert f"{bad}: skipped: XML with a DOCTYPE or ENTITY declaration is refused" in err
    assert "ontbreekt.md: skipped: file not found" in err
    assert "2 of 3 path(s) could not be read" in err
    assert list(Article.objects.values_list("slug", flat=True)) == ["een-stuk-in-markdown"]


def test_one_bad_item_is_named_and_skipped_while_the_others_come_in(tmp_path):
    broken = WXR.replace("<title>Nog een concept</title>", "<title>" + "Lang " * 50 + "</title>")
    code, out, err = run(write(tmp_path, "export.xml", broken))
    assert code == 1
    assert "skipped 'Lang Lang" in err
    assert "the title is longer than 200 characters" in err
    assert set(Article.objects.values_list("slug", flat=True)) == {
        "loslaten-op-maandag",
        "over-mij",
    }
    assert "2 came in (1 pages), 0 unpublished" in out


def test_an_item_the_database_refuses_is_skipped_and_the_rest_stays(tmp_path, monkeypatch):
    from django.db import DatabaseError

    from loslaten.content import services

    real = services.save_parsed

    def fail_on_the_draft(parsed, *args):
        if parsed.draft:
            raise DatabaseError("disk full")
        return real(parsed, *args)

    monkeypatch.setattr(services, "save_parsed", fail_on_the_draft)
    code, _, err = run(write(tmp_path, "export.xml", WXR))
    assert code == 1
    assert "skipped 'Nog een concept': cannot be saved (disk full)" in err
    assert set(Article.objects.values_list("slug", flat=True)) == {
        "loslaten-op-maandag",
        "over-mij",
    }


@pytest.mark.parametrize(
    "data", [b"", "Titel\nx\n5 min\nLede é".encode("latin-1"), b"---\ntitle: [\n---\n"]
)
def test_unreadable_files_exit_with_one(tmp_path, data):
    code, _, err = run(write(tmp_path, "x.md", data))
    assert code == 1
    assert "skipped" in err


def test_no_arguments_is_a_usage_error_with_exit_code_two(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["loslaten", "import"])
    assert exit_info.value.code == 2
    assert "PATH" in capsys.readouterr().err


def test_read_further_links_once_the_target_is_imported(tmp_path, client):
    target = MARKDOWN.replace(
        "title: Een stuk in Markdown", "title: De kracht van één lange uitademing"
    )
    run(write(tmp_path, "stilte.txt", PLAIN), write(tmp_path, "adem.md", target))
    html = client.get("/blog/waarom-stilte-soms-zo-luid-is/").content.decode()
    assert '<a href="/blog/de-kracht-van-een-lange-uitademing/">' in html


def test_an_imported_attack_never_reaches_the_page(tmp_path, client):
    from loslaten.content.tests.conftest import dangers

    run(write(tmp_path, "c.xml", WXR))
    html = client.get("/blog/loslaten-op-maandag/").content.decode()
    assert dangers(html) == []
    assert "alert(" not in html
