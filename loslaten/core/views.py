import datetime as dt
import sys

from django.conf import settings
from django.db import Error as DatabaseOrInterfaceError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt

from loslaten.content.models import Article
from loslaten.core.errors import RETRY_AFTER_SECONDS, field_labels, readable_post, typed_fields
from loslaten.practice.day.glance import today_glance

#: How many of the latest articles the front page shows.
HOME_ARTICLES = 3


def home(request: HttpRequest) -> HttpResponse:
    """The front page: what Loslaten is, the latest articles, the ways into the practice
    and, for someone logged in, their day so far."""
    articles = Article.objects.published().prefetch_related("categories")[:HOME_ARTICLES]
    glance = today_glance(request.user) if request.user.is_authenticated else None
    return render(request, "core/home.html", {"articles": articles, "glance": glance})


def robots(request: HttpRequest) -> HttpResponse:
    """robots.txt: everything public may be read; the private practice may not."""
    lines = [
        "User-agent: *",
        "Disallow: /oefenen/",
        "Disallow: /account/",
        "Disallow: /api/",
        "Disallow: /admin/",
        f"Sitemap: {settings.BASE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# The error views below read nothing of the request body and are not wrapped in
# `requires_csrf_token` (as Django's own are): that decorator runs the CSRF check, which
# reads the POST body, and a body that could not be read (a charset we refuse, a broken
# multipart) would fail again inside the error view and end as a bare gunicorn 500.

API_DETAIL = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
}


def api_error(status: int, detail: str | None = None) -> JsonResponse:
    """An API error in the API's shape, `{"detail": ...}` (see docs/api.md)."""
    response = JsonResponse({"detail": detail or API_DETAIL[status]}, status=status)
    add_never_cache_headers(response)
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a body that cannot be read, a bad Host, a broken form. Rendered without
    the request (the framing page of 500.html), so that nothing on it can fail again."""
    if request.path.startswith("/api/"):
        return api_error(400, "Cannot parse request body")
    page = render_to_string("400.html", {"SITE_NAME": settings.SITE_NAME})
    return HttpResponse(page, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403."""
    if request.path.startswith("/api/"):
        return api_error(403)
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: JSON under /api/, the friendly page elsewhere."""
    if request.path.startswith("/api/"):
        return api_error(404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Django calls it inside its `except`, so sys.exc_info() is the error.

    A database error (the session or the person could not even be loaded) gets a 503 that
    says so and, after a POST, gives back what was typed in a form that sends it again.
    `django.db.Error` takes in InterfaceError too (psycopg's "connection already closed"),
    which PEP 249 puts beside DatabaseError, not under it. The page is rendered without the
    request: no context processor, session or user, so nothing on it needs the database;
    the CSRF token comes from the cookie. Any other error gets Django's 500.html, as before.
    """
    if not isinstance(sys.exc_info()[1], DatabaseOrInterfaceError):
        if request.path.startswith("/api/"):
            return api_error(500)
        page = render_to_string("500.html", {"SITE_NAME": settings.SITE_NAME})
        return HttpResponse(page, status=500)
    if request.path.startswith("/api/"):
        # API clients read JSON, and keep what they sent themselves.
        detail = _(
            "De database is even niet bereikbaar; er is niets bewaard. Probeer het zo opnieuw."
        )
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(database_unavailable_page(request), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)  # the page may hold the person's own words
    return response


def database_unavailable_page(request: HttpRequest) -> str:
    """The 503 page, with what a POST typed in a form that sends it again."""
    posted = request.method == "POST"
    fields = typed_fields(readable_post(request), field_labels(request.path)) if posted else []
    context = {
        "posted": posted,
        "fields": fields,
        "action": request.path,
        "csrf_token": get_token(request),
        "SITE_NAME": settings.SITE_NAME,
    }
    return render_to_string("core/database_unavailable.html", context)


#: How long a security.txt stays valid (RFC 9116 asks for less than a year).
SECURITY_TXT_DAYS = 180


def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability.

    The contact is LOSLATEN_SECURITY_CONTACT; SECURITY.md says what is in scope.
    """
    expires = timezone.now().replace(microsecond=0) + dt.timedelta(days=SECURITY_TXT_DAYS)
    lines = [
        f"Contact: {settings.LOSLATEN_SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(dt.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.BASE_URL}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@csrf_exempt
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, without a CSRF token in the form.

    The footer of every page has this form, and a token in it would make each reader's
    copy of an article different: no cache (ours or nginx's) could keep one page for
    everyone. What a forged request could do here is choose someone's language, which
    reveals and changes nothing else; Django's view still checks `next` against the host.
    """
    return i18n.set_language(request)
