"""A page cache for anonymous readers of the public pages (articles, the blog, the feeds).

Most visitors read articles without logging in, and an article page is the same for all
of them, except for the CSRF token in its forms (the language switch, the newsletter
sign-up). So the page is stored with a placeholder where each token was, and every hit
gets a token of the reader's own: visitors never share a CSRF secret.

It is a WSGI wrapper around Django (see PageCache and loslaten/wsgi.py), so that a hit
skips the whole middleware stack. What is cached: GET requests for the paths in
CACHED_PREFIXES, from visitors without a session or a pending message (so nobody logged
in, and no "you are subscribed" notice), answered with a 200 that sets no cookie but the
CSRF one and is not marked private. The stored response is the complete one, with the
security headers. The key is the scheme, the host, the path with its query string and the
language. Saving or deleting anything of the content app bumps a generation number in the
cache, which makes every stored page stale at once; with a shared Redis cache that reaches
every app server, with the in-process cache only the process that saved, so pages also
expire after LOSLATEN_PAGE_CACHE_SECONDS (which also bounds how late a scheduled article
appears).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.utils.translation import get_language_from_request

CACHED_PREFIXES = ("/blog/", "/feed/")
GENERATION_KEY = "loslaten:page-cache:generation"
PLACEHOLDER = "__loslaten_csrf_token__"
# The hidden input that Django's {% csrf_token %} renders.
_TOKEN_RE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')


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


def page_key(request: HttpRequest) -> str:
    """The cache key of a page: generation, scheme, host, path with query, language."""
    language = get_language_from_request(request, check_path=False)
    raw = f"{request.scheme}|{request.get_host()}|{request.get_full_path()}|{language}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"loslaten:page:{generation()}:{digest}"


def cacheable_response(status: str, headers: list[tuple[str, str]]) -> bool:
    """A plain 200 page or feed that sets no cookie but the CSRF one, and is not private."""
    if not status.startswith("200"):
        return False
    for name, value in headers:
        lower = name.lower()
        if lower == "set-cookie" and not value.lstrip().startswith(f"{settings.CSRF_COOKIE_NAME}="):
            return False
        if lower == "cache-control" and ("private" in value or "no-store" in value):
            return False
    return True


def store(key: str, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
    """Keep the response, with a placeholder where each CSRF token was, and no cookies."""
    kept = [(n, v) for n, v in headers if n.lower() not in ("set-cookie", "content-length")]
    content = _TOKEN_RE.sub(rf"\g<1>{PLACEHOLDER}\g<2>".encode(), body)
    cache.set(key, (status, kept, content), timeout())


_CHAR_INDEX = {char: i for i, char in enumerate(CSRF_ALLOWED_CHARS)}
# The largest multiple of 62 below 256: bytes above it are skipped so that every
# character stays equally likely.
_UNBIASED = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def random_chars(length: int) -> str:
    """`length` random characters of CSRF_ALLOWED_CHARS, from the OS's random source.

    Django's get_random_string asks the OS once per character; a cache hit needs 32 to 64
    of them, and doing that in one call is most of what makes a hit cheap.
    """
    chars: list[str] = []
    while len(chars) < length:
        chars += [
            CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]
            for byte in os.urandom(2 * length)
            if byte < _UNBIASED
        ]
    return "".join(chars[:length])


def masked_token(secret: str) -> str:
    """A form token for the CSRF secret, in the format of Django's get_token().

    A random mask followed by the secret shifted by it (so the token differs on every
    page, against BREACH); Django's CSRF check unmasks it. The tests send a form with such
    a token, so a change of format in a Django upgrade would not go unnoticed.
    """
    mask = random_chars(CSRF_SECRET_LENGTH)
    n = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CHAR_INDEX[s] + _CHAR_INDEX[m]) % n]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


class PageCache:
    """A WSGI wrapper that serves anonymous readers' public pages from the cache.

    It sits outside Django's handler (loslaten/wsgi.py), so a hit costs a cache lookup
    instead of the whole middleware stack: that is what lets gunicorn serve an article
    at a fair fraction of what nginx does with a static file. A miss goes through Django
    as usual, and the complete response (security headers included) is stored. On a hit
    the reader's own CSRF secret, or a new one with its cookie, goes into the forms,
    through Django's own CSRF middleware.
    """

    def __init__(self, app: Callable) -> None:
        self.app = app
        self.csrf = CsrfViewMiddleware(lambda request: HttpResponse())

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET" or not environ.get("PATH_INFO", "").startswith(
            CACHED_PREFIXES
        ):
            return self.app(environ, start_response)  # the common case, decided cheaply
        request = WSGIRequest(environ)
        try:
            if not cacheable_request(request):
                return self.app(environ, start_response)
            key = page_key(request)
        except DisallowedHost:
            return self.app(environ, start_response)  # let Django answer that properly
        stored = cache.get(key)
        if stored is not None:
            return self.serve(request, stored, start_response)
        captured: dict[str, object] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: object = None):
            captured.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        response = self.app(environ, capture)
        body = b"".join(response)
        if hasattr(response, "close"):
            response.close()
        status, headers = captured["status"], captured["headers"]
        if cacheable_response(status, headers):  # type: ignore[arg-type]
            store(key, status, headers, body)  # type: ignore[arg-type]
        return [body]

    def serve(self, request: HttpRequest, stored: tuple, start_response: Callable) -> list[bytes]:
        """Answer from the cache, with this reader's own CSRF token in the forms."""
        status, headers, content = stored
        headers = list(headers)
        if PLACEHOLDER.encode() in content:
            # The reader's own secret if their cookie holds a valid one, else a new one;
            # the cookie is (re)sent either way, as Django does to renew its expiry.
            self.csrf.process_request(request)
            secret = request.META.get("CSRF_COOKIE") or random_chars(CSRF_SECRET_LENGTH)
            request.META.update(CSRF_COOKIE=secret, CSRF_COOKIE_NEEDS_UPDATE=True)
            content = content.replace(PLACEHOLDER.encode(), masked_token(secret).encode())
            cookies = self.csrf.process_response(request, HttpResponse()).cookies
            headers += [("Set-Cookie", c.output(header="").lstrip()) for c in cookies.values()]
        headers += [("Content-Length", str(len(content))), ("X-Loslaten-Cache", "hit")]
        start_response(status, headers)
        return [content]


def _content_changed(sender: type, **kwargs: object) -> None:
    """Any saved or deleted row of the content app makes the cached pages stale."""
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label == "content":
        invalidate()


def connect_signals() -> None:
    """Listen for content changes (called from CoreConfig.ready, so every process does)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"loslaten-page-cache-{signal!r}")
