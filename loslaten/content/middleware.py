"""Old addresses answer 301 to where an article lives now (see models.Redirect)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from loslaten.content.models import Redirect

# WordPress's own short links: /?p=123 for a post, /?page_id=7 for a page.
SHORTLINK_KEYS = ("p", "page_id")


def redirect_for(path: str, query: dict[str, str]) -> str | None:
    """Where an old address goes now, or None."""
    candidates = [f"/?{key}={query[key]}" for key in SHORTLINK_KEYS if query.get(key)]
    if not candidates:
        path = unquote(path)
        candidates = [path, path.rstrip("/") + "/", path.rstrip("/")]
    found = Redirect.objects.filter(old_path__in=candidates).select_related("article").first()
    if found is None:
        return None
    destination = found.destination()
    if found.article_id and not found.article.is_published:
        return None  # a redirect never reveals a hidden article
    return destination or None


class RedirectMiddleware:
    """Answer a 404, or WordPress's /?p=123, with the redirect stored for that address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/" and any(request.GET.get(k) for k in SHORTLINK_KEYS):
            if target := redirect_for("/", request.GET.dict()):
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            if target := redirect_for(request.path, {}):
                return HttpResponsePermanentRedirect(target)
        return response
