"""WSGI entry point for gunicorn and friends."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loslaten.settings")
django_application = get_wsgi_application()

from loslaten.core.cache import PageCache  # noqa: E402  (needs the settings above)

# Anonymous readers' articles and feeds come from the page cache (loslaten/core/cache.py).
application = PageCache(django_application)
