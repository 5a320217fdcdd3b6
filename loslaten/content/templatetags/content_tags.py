"""Template filters that turn an article's Markdown into sanitised HTML."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from loslaten.content.render import BODY_SIZES, inline_html, markdown_html, picture_html

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown prose as HTML; safe because render.sanitize has cleaned it."""
    return mark_safe(markdown_html(text))


@register.filter
def markdown_inline(text: str) -> SafeString:
    """One line of Markdown (emphasis, links) without a paragraph around it."""
    return mark_safe(inline_html(text))


@register.simple_tag
def picture(image, alt: str, sizes: str = "", eager: bool = False, css: str = "") -> SafeString:
    """An article image (a content.Image) as a <picture>; nothing when there is none."""
    if image is None:
        return mark_safe("")
    return mark_safe(
        picture_html(image.stored, alt, sizes=sizes or BODY_SIZES, lazy=not eager, css=css)
    )
