"""Whatever text comes in, the parser and importer either read it or say why, and no
script ever comes out."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loslaten.content import blocks as b
from loslaten.content import importers
from loslaten.content.htmlmd import html_to_markdown
from loslaten.content.render import inline_html, markdown_html
from loslaten.content.tests.conftest import dangers
from loslaten.content.tests.examples import PLAIN

FRAGMENTS = [
    "::: vragen\n", "::: verhaal Titel\n", "::: faq\n", "::: actie\n", ":::\n", "## Kop\n",
    "### Vraag?\n", '> "citaat"\n', "💡 Vraag?\n", "Lees verder: Iets\n", "- a → b\n",
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>', "<style>*{}</style>", "\n\n", "---\n", "• ",
    "Veelgestelde vragen\n", "Vraag? Antwoord.\n", "7 min\n", "Elke week een moment van rust\n",
    "*", "_", "`", "[", "](", "<", ">", "&", "\\", "\x00", "\r",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=30).map(
    "".join
)
fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rendered(blocks):
    parts = []
    for block in blocks:
        for value in vars(block).values():
            if isinstance(value, str):
                parts += [markdown_html(value), inline_html(value)]
            elif isinstance(value, tuple):
                for q, a in value:
                    parts += [inline_html(q), markdown_html(a)]
    return "".join(parts)


@fuzz
@given(texts)
def test_parse_body_never_crashes_and_renders_no_script(text):
    blocks = b.with_anchors(b.parse_body(text))
    assert dangers(rendered(blocks)) == []
    # What we write back reads back as the same blocks.
    assert b.with_anchors(b.parse_body(b.to_markdown(blocks))) == b.with_anchors(
        b.parse_body(b.to_markdown(b.with_anchors(b.parse_body(b.to_markdown(blocks)))))
    )


@fuzz
@given(texts)
def test_parse_article_reads_or_raises_content_error(text):
    try:
        b.parse_article("---\ntitle: T\ncategories: [A]\nlede: L\n---\n" + text)
        b.parse_article(text)
    except b.ContentError:
        pass


@fuzz
@given(texts)
def test_plain_text_importer_reads_or_raises_content_error(text):
    for candidate in (text, PLAIN + text, PLAIN[:300] + text + PLAIN[300:]):
        try:
            articles = importers.read_bytes(candidate.encode("utf-8", "surrogatepass"))
        except b.ContentError:
            continue
        for article in articles:
            assert dangers(rendered(b.parse_body(article.body_markdown))) == []


@fuzz
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused_cleanly(data):
    try:
        importers.read_bytes(data)
    except b.ContentError:
        pass


@fuzz
@given(texts)
def test_wxr_html_never_lets_a_script_through(html):
    markdown = html_to_markdown(html).markdown
    assert dangers(rendered(b.parse_body(b.to_markdown(b.parse_body(markdown))))) == []


HTML_FRAGMENTS = [
    "<p>", "</p>", "<pre>", "</pre>", "<pre class='language-py'>", "<code>", "</code>",
    "<ul>", "</ul>", "<ol start='3'>", "</ol>", "<li>", "</li>", "<table>", "</table>",
    "<tr>", "</tr>", "<td>", "</td>", "<th>", "<dl>", "</dl>", "<dt>", "<dd>", "<figure>",
    "</figure>", "<figcaption>", "</figcaption>", "<img src='https://e.org/a.jpg' alt='a'>",
    "<blockquote cite='x'>", "</blockquote>", "<cite>", "</cite>", "<h1>", "</h1>", "<h3>",
    "</h3>", "<em>", "</em>", "<strong>", "</strong>", "<sup>", "</sup>", "<sub>",
    "<a href='https://e.org'>", "<a href='#x'>", "</a>", "<br>", "<hr>", "<svg>", "</svg>",
    "<iframe src='https://youtube.com/embed/x'>", "</iframe>", "<embed src='https://e.org'>",
    "<video>", "<source src='https://e.org/v.mp4'>", "</video>", "<noscript>",
    "<section class='footnotes'>", "<sup class='footnote-ref'>", "<sup data-fn='a'>",
    '<!-- wp:embed {"url":"https://vimeo.com/1"} -->',
    "<!-- /wp:embed -->", "<!-- wp:paragraph -->", "&amp;", "&lt;", "1. ", "# ", "::: faq",
    "## ", "> ", "`", "*", "|", "\n", "\n\n", "tekst", "https://www.youtube.com/watch?v=x",
]  # fmt: skip
html_texts = st.lists(
    st.one_of(st.sampled_from(HTML_FRAGMENTS), st.text(max_size=8)), max_size=40
).map("".join)


@fuzz
@given(html_texts)
def test_any_html_becomes_markdown_that_renders_safely(html):
    for classic in (False, True):
        markdown = html_to_markdown(html, classic=classic).markdown
        blocks = b.parse_body(markdown)
        assert dangers(rendered(blocks)) == []
        assert b.parse_body(b.to_markdown(blocks)) is not None
