"""Start-up check: the search index exists for SQLite (FTS5) and PostgreSQL (tsvector) only."""

from django.core.checks import Error, register
from django.db import connections

SUPPORTED_VENDORS = ("sqlite", "postgresql")


@register()
def database_is_supported(app_configs, **kwargs) -> list[Error]:
    """An error, not a crash at the first search, when DATABASE_URL names another database."""
    vendor = connections["default"].vendor
    if vendor in SUPPORTED_VENDORS:
        return []
    return [
        Error(
            f"Loslaten's search needs SQLite or PostgreSQL; DATABASE_URL points at {vendor}.",
            hint="Use sqlite:///... or postgres://... in DATABASE_URL.",
            id="loslaten.search.E001",
        )
    ]
