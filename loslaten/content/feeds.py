"""RSS 2.0 at /feed/ and Atom at /feed/atom/: the twenty newest articles, whole.

Each item carries the article's full text (RSS content:encoded, Atom <content>) next to
its lede as the summary; LOSLATEN_FEED_FULL_TEXT = 0 leaves the text out. An item's
updated date is the source's own modified date when the article was imported.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape, format_html

from loslaten.content import blocks as b
from loslaten.content import seo
from loslaten.content.models import Article
from loslaten.content.render import absolute_images, inline_html, markdown_html

FEED_SIZE = 20


def article_html(article: Article) -> str:
    """The body as plain, sanitised HTML for a feed reader (no forms, no page chrome).

    Our images' `/media/` addresses become absolute: a feed reader or a mail has no page.
    """
    parts: list[str] = []
    for block in article.blocks:
        if isinstance(block, b.Heading):
            parts.append(f"<h2>{escape(block.text)}</h2>")
        elif isinstance(block, b.Prose | b.Action):
            parts.append(markdown_html(block.text))
        elif isinstance(block, b.Story):
            parts.append(f"<h3>{escape(block.title)}</h3>{markdown_html(block.text)}")
        elif isinstance(block, b.Quote):
            cite = f"<p>— {escape(block.cite)}</p>" if block.cite else ""
            parts.append(f"<blockquote><p>{inline_html(block.text)}</p>{cite}</blockquote>")
        elif isinstance(block, b.Prompt):
            parts.append(f"<p>💡 {inline_html(block.text)}</p>")
        elif isinstance(block, b.ReadFurther):
            parts.append(f"<p>Lees verder: {escape(block.title)}</p>")
        elif isinstance(block, b.Embed):
            parts.append(str(format_html('<p><a href="{}">{}</a></p>', block.url, block.title)))
        elif isinstance(block, b.Questions | b.Faq):
            pairs = "".join(
                f"<dt>{escape(q)}</dt><dd>{markdown_html(a)}</dd>" for q, a in block.items
            )
            parts.append(f"<dl>{pairs}</dl>")
    return absolute_images("\n".join(parts), settings.BASE_URL)


class FullTextRss(Rss201rev2Feed):
    """RSS 2.0 with each item's whole text in content:encoded."""

    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullTextAtom(Atom1Feed):
    """Atom with each entry's whole text in <content type="html">."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class LatestArticlesRss(Feed):
    feed_type = FullTextRss
    description = "Nieuwe artikelen over loslaten, rust en wat er in je lichaam gebeurt."
    language = "nl"

    def title(self) -> str:
        return settings.SITE_NAME

    def link(self) -> str:
        return f"{settings.BASE_URL}/blog/"

    def feed_url(self) -> str:
        return f"{settings.BASE_URL}/feed/"

    def items(self):
        return (
            Article.objects.published()
            .select_related("featured_image")
            .prefetch_related("categories")[:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.lede

    def item_extra_kwargs(self, item: Article) -> dict[str, str]:
        if not settings.LOSLATEN_FEED_FULL_TEXT:
            return {}
        return {"content_html": article_html(item)}

    def item_link(self, item: Article) -> str:
        return f"{settings.BASE_URL}{item.get_absolute_url()}"

    def item_guid(self, item: Article) -> str:
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.last_modified

    def item_author_name(self, item: Article) -> str:
        return item.author

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        """The featured image, as an RSS enclosure and an Atom link rel="enclosure"."""
        if not (image := seo.share_image(item)):
            return []
        stored = item.featured_image.stored
        try:
            length = stored.path(image["width"], "jpg").stat().st_size
        except OSError:
            length = 0
        return [Enclosure(image["url"], str(length), "image/jpeg")]

    def item_categories(self, item: Article) -> list[str]:
        return [c.name for c in item.categories.all()]


class LatestArticlesAtom(LatestArticlesRss):
    feed_type = FullTextAtom
    subtitle = LatestArticlesRss.description

    def feed_url(self) -> str:
        return f"{settings.BASE_URL}/feed/atom/"
