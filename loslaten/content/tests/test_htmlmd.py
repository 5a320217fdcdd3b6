"""HTML to Markdown: structure kept, nothing lost after a broken embed, entities once."""

from __future__ import annotations

import pytest

from loslaten.content.htmlmd import html_to_markdown
from loslaten.content.render import markdown_html
from loslaten.content.wxr import strip_unknown


def md(html: str) -> str:
    return html_to_markdown(html).markdown


@pytest.mark.parametrize(
    "opening",
    [
        '<embed src="https://example.org/a.swf">',
        '<iframe src="https://example.org/kaart">',
        "<svg><g><text>tekening</text>",
        '<object data="https://example.org/film">',
        "<noscript><p>",
        "<video>",
    ],
)
def test_nothing_after_an_unclosed_embed_is_dropped(opening):
    markdown = md(f"<p>Voor.</p>{opening}<p>Na het embed.</p><h2>Kop</h2><p>Slot.</p>")
    assert "Na het embed." in markdown
    assert "## Kop" in markdown
    assert "Slot." in markdown
    assert "tekening" not in markdown


def test_entities_are_unescaped_exactly_once():
    markdown = md("<p>Koffie &amp; thee, &amp;copy; is tekst, 2 &lt; 3.</p>")
    assert markdown_html(markdown) == "<p>Koffie &amp; thee, &amp;copy; is tekst, 2 &lt; 3.</p>\n"


def test_text_that_looks_like_markdown_stays_text():
    html = "<p>1. geen lijst</p><p># geen kop</p><p>*geen nadruk* en [geen link](x)</p>"
    rendered = markdown_html(md(html))
    assert "<ol>" not in rendered and "<h" not in rendered and "<em>" not in rendered
    assert "*geen nadruk* en [geen link](x)" in rendered


def test_an_ordered_list_keeps_its_start_and_nesting():
    markdown = md('<ol start="3"><li>drie<ol><li>a</li></ol></li><li>vier</li></ol>')
    assert markdown.strip() == "3. drie\n   1. a\n4. vier"


def test_plain_words_in_brackets_are_no_shortcode():
    notes: list[str] = []
    text = strip_unknown('Hij zei [sic] iets. [knop kleur="rood"]Klik[/knop]', notes)
    assert text == "Hij zei [sic] iets. Klik"
    assert notes == ["unknown shortcode [knop] left out"]


def test_very_deep_lists_and_quotes_keep_their_text():
    markdown = md("<blockquote><ul><li>" * 2000 + "Onderin.")
    assert "Onderin." in markdown
    assert markdown.count("> ") < 50


@pytest.mark.parametrize(
    "html",
    [
        "<pre><pre>x</pre></pre><p>na *ster*</p>",
        "<li><pre>x</li></pre><p>na *ster*</p>",
        "<pre>x<p>y</pre><p>na *ster*</p>",
        "</pre><em>a<p>b</em></a></li><p>na *ster*</p>",
        "<ul><li><pre>x</ul><p>na *ster*</p>",
    ],
)
def test_broken_markup_around_code_keeps_the_rest_as_text(html):
    rendered = markdown_html(md(html))
    assert "na *ster*" in rendered
    assert "<em>ster</em>" not in rendered
