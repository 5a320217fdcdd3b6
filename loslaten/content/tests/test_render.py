import pytest

from loslaten.content.render import inline_html, markdown_html, plain_text
from loslaten.content.tests.conftest import dangers

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<p style="color:red">rood</p>',
    "[x](JaVaScRiPt:alert(1))",
    "![plaatje](https://elders.example/a.png)",
    '<div onclick="alert(1)">x</div>',
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_nothing_executable_survives_rendering(attack):
    html = markdown_html(attack) + inline_html(attack)
    assert dangers(html) == []


def test_the_danger_detector_sees_raw_attacks():
    # Without this the test above could pass by a detector that finds nothing.
    assert len(dangers("".join(a for a in ATTACKS if a.startswith("<")))) >= 5


def test_script_tags_are_shown_as_text_not_dropped_silently():
    assert "&lt;script&gt;" in markdown_html("<script>alert(1)</script>")


def test_ordinary_markdown_still_works():
    html = markdown_html("Een *zacht* woord en een [link](https://example.org/).")
    assert "<em>zacht</em>" in html
    assert 'href="https://example.org/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_plain_text_has_no_markup_and_keeps_words_apart():
    assert plain_text("Eén *alinea*.\n\nTwee & drie") == "Eén alinea. Twee & drie"
