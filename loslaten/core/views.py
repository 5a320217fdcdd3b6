import sys

from django.conf import settings
from django.db import Error as DatabaseOrInterfaceError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults, i18n
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token

from loslaten.content.models import Article
from loslaten.core.errors import RETRY_AFTER_SECONDS, field_labels, typed_fields
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


@requires_csrf_token
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
        return defaults.server_error(request)
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
    context = {
        "posted": posted,
        "fields": typed_fields(request.POST, field_labels(request.path)) if posted else [],
        "action": request.path,
        "csrf_token": get_token(request),
        "SITE_NAME": settings.SITE_NAME,
    }
    return render_to_string("core/database_unavailable.html", context)


@csrf_exempt
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, without a CSRF token in the form.

    The footer of every page has this form, and a token in it would make each reader's
    copy of an article different: no cache (ours or nginx's) could keep one page for
    everyone. What a forged request could do here is choose someone's language, which
    reveals and changes nothing else; Django's view still checks `next` against the host.
    """
    return i18n.set_language(request)
