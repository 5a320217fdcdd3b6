"""The blog: the index, a category, an article."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from loslaten.content import blocks as b
from loslaten.content import media, seo, services
from loslaten.content.models import Article, Category, Tag

PER_PAGE = 10


def paginate(request: HttpRequest, articles: QuerySet[Article]) -> Page:
    """One page of ten; a page that does not exist is a 404, not a silent page 1."""
    paginator = Paginator(
        articles.select_related("featured_image").prefetch_related("categories"), PER_PAGE
    )
    try:
        return paginator.page(request.GET.get("pagina", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("no such page") from None


def index(request: HttpRequest) -> HttpResponse:
    """All published articles, newest first."""
    page = paginate(request, Article.objects.published())
    return render(
        request,
        "content/index.html",
        {"page": page, "categories": Category.objects.filter(articles__isnull=False).distinct()},
    )


def category(request: HttpRequest, slug: str) -> HttpResponse:
    """The published articles of one category."""
    cat = get_object_or_404(Category, slug=slug)
    page = paginate(request, Article.objects.published().filter(categories=cat))
    return render(request, "content/category.html", {"category": cat, "page": page})


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    """The published articles with one tag."""
    found = get_object_or_404(Tag, slug=slug)
    page = paginate(request, Article.objects.published().filter(tags=found))
    return render(request, "content/category.html", {"category": found, "page": page})


def page(request: HttpRequest, slug: str) -> HttpResponse:
    """A site page such as /over-mij/: an article of kind page, outside the blog."""
    return show(request, slug, Article.PAGE)


def article(request: HttpRequest, slug: str) -> HttpResponse:
    """One article; `?preview=1` shows a draft or future article to staff only."""
    return show(request, slug, Article.POST)


def show(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    found = get_object_or_404(
        Article.objects.select_related("featured_image").prefetch_related("categories"),
        slug=slug,
        kind=kind,
    )
    preview = request.GET.get("preview") == "1" and request.user.is_staff
    if not found.is_published and not preview:
        raise Http404("no such article")
    return render(request, "content/article.html", article_context(found, request, preview))


def article_context(found: Article, request: HttpRequest | None, preview: bool) -> dict:
    """Everything the article template needs; also used by the admin's preview."""
    targets = services.read_further_targets(
        [x.title for x in found.blocks if isinstance(x, b.ReadFurther)]
    )
    body = []
    faq_number = 0
    for block in found.blocks:
        entry: dict = {"block": block}
        if isinstance(block, b.ReadFurther):
            entry["target"] = targets.get(b.normalize_title(block.title))
        elif isinstance(block, b.Faq):
            entry["pairs"] = [
                (f"faq-{faq_number + i}", q, a) for i, (q, a) in enumerate(block.items, start=1)
            ]
            faq_number += len(block.items)
        body.append(entry)
    url = found.get_absolute_url()
    schemas = [seo.article_schema(found)]
    if faq := seo.faq_schema(found):
        schemas.append(faq)
    return {
        "article": found,
        "body": body,
        "related": services.related_articles(found),
        "canonical": seo.absolute(url),
        "og_image": seo.share_image(found),
        "json_ld": [seo.json_ld(s) for s in schemas],
        "preview": preview,
        "login_url": "/account/inloggen/?" + urlencode({"next": url}),
        "max_text_chars": settings.LOSLATEN_MAX_TEXT_CHARS,
    }


def media_file(request: HttpRequest, path: str) -> FileResponse:
    """A stored image copy, for `make run` and a site without nginx; nginx serves /media/
    itself in production (deploy/nginx/loslaten.conf). Its name never changes, so it is
    cached for a year."""
    if not media.FILE.match(path):
        raise Http404("no such image")
    try:
        handle = open(settings.LOSLATEN_MEDIA_DIR / path, "rb")
    except OSError:
        raise Http404("no such image") from None
    response = FileResponse(handle, content_type=media.MIME[path.rsplit(".", 1)[1]])
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Loslaten-Media"] = "app"
    return response
