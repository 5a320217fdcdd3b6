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


def _rendered_words(text: str) -> str:
    """plain_text's answer the long way: render, strip tags, unescape."""
    import html
    import re

    import nh3

    from loslaten.content.render import _md

    rendered = re.sub(r"</(p|li|h\d|blockquote|pre|t[dh]|d[dt])>|<br\s*/?>", " ", _md.render(text))
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())


def test_plain_text_without_markup_skips_rendering_and_gives_the_same_words():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from loslaten.content.render import plain_text

    alphabet = st.sampled_from(list("ab cé\n\t.,;'\"-=+0123)(/?%$@{}*_[]&<>#"))

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=60))
    def same(text):
        assert plain_text(text) == _rendered_words(text)

    same()
