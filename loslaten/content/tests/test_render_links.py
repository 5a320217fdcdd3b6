"""Links from imported or written text: only http(s), mailto and paths on this site stay."""

from __future__ import annotations

import pytest

from loslaten.content.render import markdown_html, sanitize


@pytest.mark.parametrize(
    "href",
    [
        "//evil.example/",
        " //evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,hoi",
        "vbscript:msgbox",
        "ftp://files.example/",
        "tel:+31201234567",
    ],
)
def test_a_link_to_another_host_without_a_scheme_or_with_another_scheme_is_dropped(href):
    html = sanitize(f'<p><a href="{href}">lees verder</a></p>')
    assert "href" not in html
    assert "lees verder" in html  # the words stay, only the link goes


def test_a_protocol_relative_markdown_link_is_dropped():
    html = markdown_html("Zie [hier](//evil.example/pad) voor meer.")
    assert "evil.example" not in html
    assert "hier" in html


@pytest.mark.parametrize(
    "href",
    ["https://example.org/a", "http://example.org/", "mailto:hoi@example.org", "/blog/adem/",
     "#stap-2", "adem/"],
)  # fmt: skip
def test_web_mail_and_site_links_stay(href):
    assert f'href="{href}"' in sanitize(f'<a href="{href}">x</a>')
