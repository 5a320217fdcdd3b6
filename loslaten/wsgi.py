"""WSGI entry point for gunicorn and friends."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loslaten.settings")
django_application = get_wsgi_application()

from loslaten.core.cache import PageCache  # noqa: E402  (needs the settings above)
from loslaten.core.inuse import mark_database_in_use  # noqa: E402
from loslaten.practice.day.model import warm_up  # noqa: E402

# `loslaten restore` refuses while any process holds this (loslaten/core/backup.py).
mark_database_in_use()

# The model's tables, and the URL patterns with the views they import, are loaded as each
# server process starts, not in someone's first request.
warm_up()
get_resolver().url_patterns  # noqa: B018  (the import is the point)

# Anonymous readers' articles and feeds come from the page cache (loslaten/core/cache.py).
application = PageCache(django_application)
