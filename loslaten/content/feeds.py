"""RSS 2.0 at /feed/ and Atom at /feed/atom/: the twenty newest articles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Enclosure

from loslaten.content import seo
from loslaten.content.models import Article

FEED_SIZE = 20


class LatestArticlesRss(Feed):
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

    def item_link(self, item: Article) -> str:
        return f"{settings.BASE_URL}{item.get_absolute_url()}"

    def item_guid(self, item: Article) -> str:
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

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
    feed_type = Atom1Feed
    subtitle = LatestArticlesRss.description

    def feed_url(self) -> str:
        return f"{settings.BASE_URL}/feed/atom/"
