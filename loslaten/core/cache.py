"""A page cache for anonymous readers of the public pages (articles, the blog, the feeds).

Most visitors read articles without logging in, and an article page is the same for all
of them, except for the CSRF token in its forms (the language switch, the newsletter
sign-up). So the page is stored with a placeholder where each token was, and every hit
gets a fresh token of its own: visitors never share a CSRF secret.

What is cached: GET requests for the paths in CACHED_PREFIXES, from visitors without a
session or a pending message (so nobody logged in, and no "you are subscribed" notice),
answered with a 200 that sets no cookie and is not marked private. The key is the host,
the path with its query string and the language. Saving or deleting anything of the
content app bumps a generation number in the cache, which makes every stored page stale
at once; with a shared Redis cache that reaches every app server, with the in-process
cache only the process that saved, so pages also expire after LOSLATEN_PAGE_CACHE_SECONDS
(which also bounds how late a scheduled article appears).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

CACHED_PREFIXES = ("/blog/", "/feed/")
GENERATION_KEY = "loslaten:page-cache:generation"
PLACEHOLDER = "__loslaten_csrf_token__"
# The hidden input that Django's {% csrf_token %} renders.
_TOKEN_RE = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "X-Robots-Tag")


def timeout() -> int:
    """How long a page may be served from the cache, in seconds (0 turns the cache off)."""
    return int(getattr(settings, "LOSLATEN_PAGE_CACHE_SECONDS", 60))


def generation() -> int:
    """The current generation; pages stored under an older one are never served."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY, 1)
    return int(value)


def invalidate() -> None:
    """Make every cached page stale (called when content changes)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): start a new generation
        cache.set(GENERATION_KEY, generation() + 1, None)


def cacheable_request(request: HttpRequest) -> bool:
    """An anonymous GET of a public page, from someone without a session or messages."""
    if timeout() <= 0 or request.method != "GET":
        return False
    if not request.path.startswith(CACHED_PREFIXES):
        return False
    cookies = request.COOKIES
    # No session cookie means nobody is logged in; messages live in their own cookie.
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def cacheable_response(response: HttpResponse) -> bool:
    """A plain 200 that sets no cookie of its own and does not ask to stay private."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def page_key(request: HttpRequest) -> str:
    """The cache key of a page: generation, host, path with query, language."""
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    raw = f"{request.get_host()}|{request.get_full_path()}|{language}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"loslaten:page:{generation()}:{digest}"


def store(key: str, response: HttpResponse) -> None:
    """Keep the page, with a placeholder where each CSRF token was."""
    content = _TOKEN_RE.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode(response.charset))
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    cache.set(key, (content, headers, response.charset), timeout())


def serve(request: HttpRequest, stored: tuple[str, dict[str, str], str]) -> HttpResponse:
    """Rebuild a stored page, with this visitor's own CSRF token in its forms."""
    content, headers, charset = stored
    if PLACEHOLDER in content:
        content = content.replace(PLACEHOLDER, get_token(request))
    response = HttpResponse(content.encode(charset), charset=charset)
    for name, value in headers.items():
        response[name] = value
    response["X-Loslaten-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Serve anonymous readers' public pages from the cache (see the module docstring).

    Sits after the session, locale, CSRF and message middleware, so that the language is
    known and a fresh CSRF token gets its cookie on the way out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            return serve(request, stored)
        response = self.get_response(request)
        if cacheable_response(response):
            store(key, response)
        return response


def _content_changed(sender: type, **kwargs: object) -> None:
    """Any saved or deleted row of the content app makes the cached pages stale."""
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label == "content":
        invalidate()


def connect_signals() -> None:
    """Listen for content changes (called from CoreConfig.ready, so every process does)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"loslaten-page-cache-{signal!r}")
