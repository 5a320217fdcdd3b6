from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The front page: what Loslaten is, in plain words, and where to begin."""
    return render(request, "core/home.html")


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
