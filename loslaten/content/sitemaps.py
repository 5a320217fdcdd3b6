"""/sitemap.xml: the home page, the blog index, categories and published articles."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from loslaten.content.models import Article, Category


class BaseUrlSitemap(Sitemap):
    """Locations built from settings.BASE_URL, not from the Host header of the request."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.BASE_URL).scheme

    def get_domain(self, site: object = None) -> str:
        parts = urlsplit(settings.BASE_URL)
        return parts.netloc + parts.path


class PagesSitemap(BaseUrlSitemap):
    priority = 0.8

    def items(self) -> list[str]:
        return ["core:home", "content:index"]

    def location(self, item: str) -> str:
        return reverse(item)


class CategorySitemap(BaseUrlSitemap):
    priority = 0.4

    def items(self):
        return Category.objects.filter(articles__in=Article.objects.published()).distinct()


class ArticleSitemap(BaseUrlSitemap):
    priority = 0.6

    def items(self):
        return Article.objects.published()

    def lastmod(self, item: Article):
        return item.last_modified


class SitePageSitemap(ArticleSitemap):
    """Site pages such as /over-mij/ (never a hidden one)."""

    priority = 0.5

    def items(self):
        return Article.objects.live().filter(kind=Article.PAGE).order_by("slug")


SITEMAPS = {
    "pages": PagesSitemap,
    "categories": CategorySitemap,
    "articles": ArticleSitemap,
    "site-pages": SitePageSitemap,
}
