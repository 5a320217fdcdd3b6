"""Reading settings from the environment.

Kept free of Django so that a bad value fails at start with one clear message, and so
the helpers can be tested on their own.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url


class ConfigError(ValueError):
    """A setting in the environment has a value we cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    """Read a boolean; anything but the usual spellings of yes and no is an error."""
    value = os.getenv(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}")


def envint(name: str, default: str, minimum: int | None = None) -> int:
    """Read a whole number, optionally with a lower bound."""
    raw = os.getenv(name, default).strip()
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}; got {value}")
    return value


def envfloat(name: str, default: str, minimum: float | None = None) -> float:
    """Read a number, optionally with a lower bound."""
    raw = os.getenv(name, default).strip()
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number; got {raw!r}") from None
    if value != value or (minimum is not None and value < minimum):
        raise ConfigError(f"{name} must be a number of at least {minimum}; got {raw!r}")
    return value


def envlist(name: str, default: str) -> list[str]:
    """Read a comma-separated list, ignoring empty items and spaces."""
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


#: A production secret key shorter than this is refused (Django's own check warns below 50).
SECRET_KEY_MIN_CHARS = 50


def trusted_proxies(value: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """LOSLATEN_TRUSTED_PROXIES: comma-separated addresses or networks of the proxies in
    front (e.g. ``127.0.0.1,::1`` for nginx on the same machine, ``10.0.0.5,10.0.1.0/24``)."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigError(
                f"LOSLATEN_TRUSTED_PROXIES must list IP addresses or networks; got {item!r}"
            ) from None
    return networks


def secret_key(var_dir: Path, debug: bool = False) -> str:
    """Return LOSLATEN_SECRET_KEY, or a key generated once and kept in var/secret_key.

    Without DEBUG a key from the environment must be at least SECRET_KEY_MIN_CHARS long:
    it signs sessions and the links in mails, and a short one can be guessed offline.
    """
    key = os.getenv("LOSLATEN_SECRET_KEY", "").strip()
    if key:
        if not debug and key.startswith("replace-with"):
            raise ConfigError(
                "LOSLATEN_SECRET_KEY is still the example's placeholder; make one with: "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        if not debug and len(key) < SECRET_KEY_MIN_CHARS:
            raise ConfigError(
                f"LOSLATEN_SECRET_KEY must be at least {SECRET_KEY_MIN_CHARS} characters "
                f"(it has {len(key)}); make one with: python3 -c "
                "'import secrets; print(secrets.token_urlsafe(50))'"
            )
        return key
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Written with owner-only permissions: this key signs sessions and unsubscribe links.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def media_dir(value: str, var_dir: Path) -> Path:
    """LOSLATEN_MEDIA_DIR: where uploaded and imported images live; default var/media."""
    path = Path(value).expanduser() if value.strip() else var_dir / "media"
    if not path.is_absolute():
        raise ConfigError(f"LOSLATEN_MEDIA_DIR must be an absolute path; got {value!r}")
    return path


def base_url(value: str) -> str:
    """Check LOSLATEN_BASE_URL: an absolute http(s) URL without a trailing slash."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"LOSLATEN_BASE_URL must be an http(s) URL; got {value!r}")
    return value.rstrip("/")


def email_settings(url: str) -> dict[str, object]:
    """Turn EMAIL_URL into Django email settings.

    smtp://user:pass@host:587?tls=1, smtps://user:pass@host:465 (implicit TLS),
    console://, locmem://, file:///path/to/dir, dummy://.
    """
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    scheme = parts.scheme
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if scheme in simple:
        return {"EMAIL_BACKEND": simple[scheme]}
    if scheme == "file":
        if not parts.path:
            raise ConfigError("EMAIL_URL file:// needs a folder, e.g. file:///var/mail")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if scheme not in ("smtp", "smtps"):
        raise ConfigError(
            f"EMAIL_URL must start with smtp://, smtps://, console://, locmem://, file:// "
            f"or dummy://; got {url!r}"
        )
    if not parts.hostname:
        raise ConfigError(f"EMAIL_URL needs a host; got {url!r}")
    try:
        port = parts.port or (465 if scheme == "smtps" else 25)
    except ValueError:
        raise ConfigError(f"EMAIL_URL has a bad port; got {url!r}") from None
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": query.get("tls", "0").lower() in _TRUE,
        "EMAIL_USE_SSL": scheme == "smtps" or query.get("ssl", "0").lower() in _TRUE,
        "EMAIL_TIMEOUT": int(query.get("timeout", "30")),
    }


def cache_settings(url: str) -> dict[str, object]:
    """Turn CACHE_URL into Django's CACHES["default"]: locmem://, redis://host:port/db, dummy://."""
    parts = urlsplit(url)
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "loslaten"}
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if parts.scheme in ("redis", "rediss"):
        return {"BACKEND": "loslaten.core.rediscache.RedisCache", "LOCATION": url}
    raise ConfigError(f"CACHE_URL must start with locmem://, redis:// or dummy://; got {url!r}")


def session_engine(cache: dict[str, object]) -> str:
    """Django's session engine for the cache Loslaten runs with.

    Sessions always live in the database. With a shared Redis cache they are read from the
    cache first, which saves a query on every page someone logged in opens. A cache of each
    process's own must not hold them: a log-out in one gunicorn process would leave the
    session alive in the others' copies.
    """
    if str(cache["BACKEND"]).endswith("RedisCache"):
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


def database_settings(url: str, conn_max_age: int | None = None) -> dict[str, object]:
    """Turn DATABASE_URL into Django's DATABASES["default"].

    A connection stays open for 60 s unless `conn_max_age` says otherwise. On PostgreSQL a
    new connection forks a server process, which costs more than most requests here, and
    it is checked before reuse, so a restarted server costs one retry, not an error page.
    On SQLite, opening the file per request cost about 3 ms of CPU a page under gunicorn
    (the last connection to close checkpoints the WAL and deletes it; the next one makes it
    again). SQLite runs in WAL mode: readers go on while the
    worker writes, and IMMEDIATE takes the write lock at the start of a transaction so that
    two writers wait for each other instead of failing midway. An open connection holds no
    lock between requests; `loslaten restore` refuses while a server runs anyway.
    """
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        raise ConfigError(f"DATABASE_URL is not a database URL ({error}): {url!r}") from None
    sqlite = config["ENGINE"] == "django.db.backends.sqlite3"
    config["CONN_MAX_AGE"] = 60 if conn_max_age is None else conn_max_age
    config["CONN_HEALTH_CHECKS"] = not sqlite
    if sqlite:
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config
