"""Security headers that Django does not set by itself, and a clear 413 for oversized requests."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.translation import get_language_from_request

from loslaten.core.cache import PRACTICE_VISITOR_PATHS

# No inline script and nothing from another host: the site sends nothing to third parties.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "worker-src 'self'",
        "manifest-src 'self'",
    ]
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


class SecurityHeadersMiddleware:
    """Add CSP and Permissions-Policy to every response that has not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


# The two texts live here rather than in a catalogue so that the refusal reads well even on
# a site whose translations were never compiled.
TOO_BIG = {
    "nl": (
        "Te veel in één keer",
        "Dit verzoek is groter dan Loslaten aanneemt (ten hoogste {limit}). "
        "Maak je tekst korter of verdeel hem over een paar keer.",
    ),
    "en": (
        "Too much at once",
        "This request is larger than Loslaten accepts (at most {limit}). "
        "Please shorten your text or split it into several parts.",
    ),
}


def human_size(size: int) -> str:
    """A byte count the way people read it: 1 MB, 512 kB, 900 bytes."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size // 1024} kB"
    return f"{size} bytes"


def declared_length(request: HttpRequest) -> int:
    """The Content-Length the client announced; 0 when absent or unreadable."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def too_large_response(request: HttpRequest) -> HttpResponse:
    """A 413 in the visitor's language: JSON under /api/, a small HTML page elsewhere."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    language = "en" if get_language_from_request(request).startswith("en") else "nl"
    title, text = TOO_BIG[language]
    message = text.format(limit=human_size(limit))
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message, "limit_bytes": limit}, status=413)
    else:
        page = (
            f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title></head><body><main>"
            f"<h1>{escape(title)}</h1><p>{escape(message)}</p>"
            f'<p><a href="/">{"Terug naar het begin" if language == "nl" else "Back home"}</a></p>'
            "</main></body></html>"
        )
        response = HttpResponse(page, status=413, content_type="text/html; charset=utf-8")
    # The unread body is still on the wire: do not reuse this connection for another request.
    response.headers["Connection"] = "close"
    response.headers["Content-Language"] = language
    return response


UPLOAD_PATHS = ("/admin/content/",)


class RequestLimitMiddleware:
    """Refuse request bodies over DATA_UPLOAD_MAX_MEMORY_SIZE with a 413 and a clear message.

    Django raises RequestDataTooBig lazily, when something first reads the body (often the
    CSRF check), and turns it into a bare 400. Here the announced Content-Length is checked
    before anything reads the body, and a RequestDataTooBig raised by a view is caught too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # The admin's article and image forms may carry one image besides (content.media
        # checks its size again).
        if (
            limit is not None
            and request.path.startswith(UPLOAD_PATHS)
            and request.content_type == "multipart/form-data"
        ):
            limit += settings.LOSLATEN_MEDIA_MAX_BYTES
        if limit is not None and declared_length(request) > limit:
            return too_large_response(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return too_large_response(request)
        return None


#: Paths whose pages are someone's own (or the API's answers about them): never kept by a
#: browser or a proxy. Newsletter management links carry a token, so those pages are too.
PRIVATE_PREFIXES = ("/oefenen/", "/account/", "/api/", "/admin/", "/nieuwsbrief/beheer/")


def is_private(request: HttpRequest) -> bool:
    """Whether the answer to this request may hold someone's own data.

    The practice as a visitor sees it holds nobody's data (a visitor's answers stay in their
    browser), so those pages may be kept like an article; the same paths are private for
    someone logged in.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if request.path in PRACTICE_VISITOR_PATHS:
        return False
    return request.path.startswith(PRIVATE_PREFIXES)


class PrivateNoStoreMiddleware:
    """`Cache-Control: no-store` on every private page and API answer.

    A journal page kept in the browser's cache can be read back by the next person on a
    shared device (the back button, or the cache on disk). Put after AuthenticationMiddleware,
    so that a page rendered for someone logged in counts as private wherever it is.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_private(request):
            add_never_cache_headers(response)
        return response
