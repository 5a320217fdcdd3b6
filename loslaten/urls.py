"""The site's URLs: each app owns its own paths and is included here once."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("loslaten.core.urls")),
    path("", include("loslaten.content.urls")),
    path("", include("loslaten.search.urls")),
    path("oefenen/", include("loslaten.practice.urls")),
    path("nieuwsbrief/", include("loslaten.newsletter.urls")),
    path("account/", include("loslaten.accounts.urls")),
    path("api/", include("loslaten.api.urls")),
    path("admin/", admin.site.urls),
    # Last: a site page such as /over-mij/ may take any address no app uses.
    path("", include("loslaten.content.page_urls")),
]

# A database that is out of reach gets a 503 that keeps what was typed; anything else, 500.html.
handler500 = "loslaten.core.views.server_error"
# None of the error views reads the request body (see loslaten.core.views); under /api/ they
# answer JSON.
handler400 = "loslaten.core.views.bad_request"
handler403 = "loslaten.core.views.permission_denied"
handler404 = "loslaten.core.views.page_not_found"
