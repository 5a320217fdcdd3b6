"""Page caches for anonymous readers of the public pages (home, articles, blog, feeds,
and the practice as a visitor sees it).

Most visitors read articles without logging in, and an article page is then the same for
all of them: its forms (the language switch, the newsletter sign-up) carry no CSRF token,
and the 💡 prompts only become forms once someone is logged in. The practice pages a visitor
can use (the practice page, breathing, the short moments, a check-in, the three questions)
are the same for every visitor too: what they answer stays in their browser, and their
forms carry no CSRF token. Two caches use that:

- PageCache, a WSGI wrapper around Django (loslaten/wsgi.py), keeps the complete response
  (security headers included) in Django's cache, so a hit skips the whole middleware
  stack. Saving or deleting anything of the content app bumps a generation number, which
  makes every stored page stale at once. The number lives in the database
  (loslaten.core.limits), where no flood of cached pages can push it out; the cache holds
  a copy for GENERATION_COPY_SECONDS, so that a hit costs no query. With a shared Redis
  cache every app server sees a new number at once, with the in-process cache other
  processes see it within those seconds. Pages also expire after
  LOSLATEN_PAGE_CACHE_SECONDS. A page is never kept past the moment the next scheduled
  article appears (see NEXT_CHANGE), so scheduled articles show up on time by themselves.
- nginx in front (deploy/nginx/loslaten-proxy.conf) keeps a page for
  LOSLATEN_PROXY_CACHE_SECONDS when the response says so in `X-Accel-Expires`, which
  nginx reads and does not pass on. A hit there never reaches Python at all: that is what
  brings an article close to the rate of a static file.

Both follow one rule. Cached: GET requests for the home page and the paths in
CACHED_PREFIXES (see public_path), from visitors without a session or a pending message
(so nobody logged in, and no "you are subscribed" notice), answered with a 200 that sets
no cookie and is not marked private. The key is the scheme, the host, the path with its
query string and the language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language_from_request

from loslaten.core import limits

CACHED_PREFIXES = ("/blog/", "/feed/")
# The practice as a visitor sees it (loslaten/practice/urls.py; test_page_cache checks
# that each one answers a visitor with a page that sets no cookie).
PRACTICE_VISITOR_PATHS = (
    "/oefenen/",
    "/oefenen/adem/",
    "/oefenen/adem/uitademen/",
    "/oefenen/adem/schouders/",
    "/oefenen/adem/voeten/",
    "/oefenen/check-in/",
    "/oefenen/drie-vragen/",
)
CACHED_PATHS = frozenset({"/", *PRACTICE_VISITOR_PATHS})
GENERATION_KEY = "loslaten:page-cache:generation"
#: How long a process may go on with its cached copy of the generation number.
GENERATION_COPY_SECONDS = 2


# Functions that say when the public pages next change by themselves (an aware moment, or
# None): the content app registers the next scheduled article. A stored page expires then.
NEXT_CHANGE: list[Callable[[], dt.datetime | None]] = []


def seconds_until_next_change() -> int | None:
    """Whole seconds until the earliest scheduled change (at least 1), or None."""
    moments = [m for m in (f() for f in NEXT_CHANGE) if m is not None]
    if not moments:
        return None
    return max(1, int((min(moments) - timezone.now()).total_seconds()) + 1)


def capped(seconds: int) -> int:
    """A keeping time that never passes the next scheduled change."""
    until = seconds_until_next_change()
    return seconds if until is None else min(seconds, until)


def timeout() -> int:
    """How long a page may be served from the cache, in seconds (0 turns the cache off)."""
    return int(getattr(settings, "LOSLATEN_PAGE_CACHE_SECONDS", 60))


def proxy_timeout() -> int:
    """How long nginx in front may keep a page, in seconds (0: it may not)."""
    return int(getattr(settings, "LOSLATEN_PROXY_CACHE_SECONDS", 10))


def generation() -> int:
    """The current generation; pages stored under an older one are never served.

    A copy missing from the cache (expired, or pushed out by other entries) is read again
    from the database, so the number never goes back and an old page never comes back.
    """
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = limits.read(GENERATION_KEY) or 0
        cache.set(GENERATION_KEY, value, GENERATION_COPY_SECONDS)
    return int(value)


def invalidate() -> None:
    """Make every cached page stale (called when content changes)."""
    cache.set(GENERATION_KEY, limits.increment(GENERATION_KEY), GENERATION_COPY_SECONDS)


def public_path(path: str) -> bool:
    """A page that is the same for every anonymous reader: home, blog, article, feed, and
    the practice pages a visitor can use."""
    return path in CACHED_PATHS or path.startswith(CACHED_PREFIXES)


def cacheable_request(request: HttpRequest) -> bool:
    """An anonymous GET of a public page, from someone without a session or messages."""
    if request.method != "GET":
        return False
    if not public_path(request.path):
        return False
    cookies = request.COOKIES
    # No session cookie means nobody is logged in; messages live in their own cookie.
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def page_key(request: HttpRequest) -> str:
    """The cache key of a page: generation, scheme, host, path with query, language."""
    language = get_language_from_request(request, check_path=False)
    raw = f"{request.scheme}|{request.get_host()}|{request.get_full_path()}|{language}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"loslaten:page:{generation()}:{digest}"


def cacheable_response(status: str, headers: list[tuple[str, str]]) -> bool:
    """A plain 200 page or feed that sets no cookie and is not private.

    A page that sets a cookie (a CSRF token that crept into a form, a session) is simply
    not cached: it would hand one reader's cookie to the next.
    """
    if not status.startswith("200"):
        return False
    for name, value in headers:
        lower = name.lower()
        if lower == "set-cookie":
            return False
        if lower == "cache-control" and ("private" in value or "no-store" in value):
            return False
    return True


def store(key: str, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
    """Keep the response as it was sent (its length is set again when served)."""
    kept = [(n, v) for n, v in headers if n.lower() != "content-length"]
    cache.set(key, (status, kept, body), capped(timeout()))


def for_proxy(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The headers, with the time nginx in front may keep the page (when it may)."""
    seconds = proxy_timeout()
    if seconds > 0:
        seconds = capped(seconds)
    return [*headers, ("X-Accel-Expires", str(seconds))] if seconds > 0 else headers


class PageCache:
    """A WSGI wrapper that serves anonymous readers' public pages from the cache.

    It sits outside Django's handler (loslaten/wsgi.py), so a hit costs a cache lookup
    instead of the whole middleware stack. A miss goes through Django as usual, and the
    complete response (security headers included) is stored. Either way a cacheable
    response tells nginx in front how long it may keep the page.
    """

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET" or not public_path(environ.get("PATH_INFO", "")):
            return self.app(environ, start_response)  # the common case, decided cheaply
        if timeout() <= 0 and proxy_timeout() <= 0:
            return self.app(environ, start_response)
        request = WSGIRequest(environ)
        key = None
        try:
            if not cacheable_request(request):
                return self.app(environ, start_response)
            if timeout() > 0:
                key = page_key(request)
        except (DisallowedHost, DatabaseError):
            return self.app(environ, start_response)  # let Django answer that properly
        stored = cache.get(key) if key else None
        if stored is not None:
            status, headers, content = stored
            headers = [*for_proxy(headers), ("Content-Length", str(len(content)))]
            start_response(status, [*headers, ("X-Loslaten-Cache", "hit")])
            return [content]
        captured: dict[str, object] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: object = None):
            # The headers may still change (for nginx), so they go out once the body is in.
            captured.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: None  # Django never uses write()

        response = self.app(environ, capture)
        body = b"".join(response)
        if hasattr(response, "close"):
            response.close()
        status, headers = captured["status"], list(captured["headers"])  # type: ignore[call-overload]
        if cacheable_response(status, headers):  # type: ignore[arg-type]
            if key:
                store(key, status, headers, body)  # type: ignore[arg-type]
            headers = for_proxy(headers)
        start_response(status, headers, captured["exc_info"])
        return [body]


_batch = threading.local()


def _content_changed(sender: type, **kwargs: object) -> None:
    """Any saved or deleted row of the content app makes the cached pages stale."""
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label == "content":
        if getattr(_batch, "changed", None) is not None:
            _batch.changed = True
        else:
            invalidate()


@contextmanager
def invalidation_deferred() -> Iterator[None]:
    """Content changed inside this block makes the pages stale once, when it ends (an
    import saves thousands of rows). Nested blocks leave it to the outermost one. Inside a
    transaction that is to be rolled back nothing changed, so nothing is bumped: a bumped
    copy in the cache would run ahead of the number in the database."""
    if getattr(_batch, "changed", None) is not None:
        yield
        return
    _batch.changed = False
    try:
        yield
    except BaseException:
        changed, _batch.changed = _batch.changed, None
        if changed and not connection.in_atomic_block:
            invalidate()  # what was committed before the failure
        raise
    changed, _batch.changed = _batch.changed, None
    if changed and not (connection.in_atomic_block and connection.get_rollback()):
        invalidate()


def connect_signals() -> None:
    """Listen for content changes (called from CoreConfig.ready, so every process does)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"loslaten-page-cache-{signal!r}")
