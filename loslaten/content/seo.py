"""Machine-readable descriptions of an article: schema.org JSON-LD and canonical URLs."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from loslaten.content.models import Article

# The same escapes as Django's json_script: text containing </script> cannot close the block.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    """A canonical URL: settings.BASE_URL plus the path."""
    return f"{settings.BASE_URL}{path}"


def article_schema(article: Article) -> dict:
    """schema.org Article."""
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.lede,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.last_modified.isoformat() if article.last_modified else None,
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "inLanguage": article.language,
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "url": absolute(article.get_absolute_url()),
        "articleSection": [c.name for c in article.categories.all()],
        "timeRequired": f"PT{article.reading_minutes}M",
        **({"image": image} if (image := image_schema(article)) else {}),
    }


def share_image(article: Article) -> dict | None:
    """The featured image as one absolute JPEG, for og:image, JSON-LD and the feeds."""
    if article.featured_image is None:
        return None
    stored = article.featured_image.stored
    width = stored.share_width()
    path = stored.src(width, "jpg")
    return {"url": absolute(path), "path": path, "width": width, "height": stored.height_at(width)}


def image_schema(article: Article) -> dict | None:
    """schema.org ImageObject of the featured image, or None."""
    if not (image := share_image(article)):
        return None
    return {"@type": "ImageObject", "url": image["url"], "width": image["width"],
            "height": image["height"]}  # fmt: skip


def faq_schema(article: Article) -> dict | None:
    """schema.org FAQPage, or None when the article has no FAQ."""
    pairs = article.faq()
    if not pairs:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
            for question, answer in pairs
        ],
    }


def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block; never executed, so the CSP allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
