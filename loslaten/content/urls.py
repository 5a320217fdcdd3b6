from django.contrib.sitemaps.views import sitemap
from django.urls import path

from loslaten.content import feeds, views
from loslaten.content.sitemaps import SITEMAPS

app_name = "content"
urlpatterns = [
    path("blog/", views.index, name="index"),
    path("blog/categorie/<slug:slug>/", views.category, name="category"),
    path("blog/tag/<slug:slug>/", views.tag, name="tag"),
    path("blog/<slug:slug>/", views.article, name="article"),
    path("feed/", feeds.LatestArticlesRss(), name="rss"),
    path("feed/atom/", feeds.LatestArticlesAtom(), name="atom"),
    path("media/<path:path>", views.media_file, name="media"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
