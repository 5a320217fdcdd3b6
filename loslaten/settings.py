"""Django settings for Loslaten, read from the environment.

Every variable is listed in docs/configuration.md. A bad value stops the start with one
clear line (see loslaten.config).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from loslaten.config import (
    base_url,
    cache_settings,
    database_settings,
    email_settings,
    envbool,
    envfloat,
    envint,
    envlist,
    media_dir,
    secret_key,
    session_engine,
    trusted_proxies,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.getenv("LOSLATEN_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("LOSLATEN_DEBUG", "0")
SECRET_KEY = secret_key(VAR_DIR, DEBUG)
ALLOWED_HOSTS = envlist("LOSLATEN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
BASE_URL = base_url(os.getenv("LOSLATEN_BASE_URL", "http://127.0.0.1:8000"))
SITE_NAME = os.getenv("LOSLATEN_SITE_NAME", "Loslaten")
USE_HTTPS = BASE_URL.startswith("https://")
CSRF_TRUSTED_ORIGINS = [BASE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Listed so that /api/docs serves Swagger UI from our own static files, not a CDN.
    "ninja",
    "loslaten.core",
    "loslaten.accounts",
    "loslaten.content",
    "loslaten.search",
    "loslaten.practice",
    "loslaten.newsletter",
    "loslaten.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "loslaten.core.middleware.SecurityHeadersMiddleware",
    "loslaten.core.middleware.RequestLimitMiddleware",
    "loslaten.api.middleware.StrictJsonMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "loslaten.content.middleware.RedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "loslaten.core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns lockouts raised below into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loslaten.urls"
WSGI_APPLICATION = "loslaten.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "loslaten.core.context_processors.site",
            ],
        },
    },
]

_conn_max_age = os.getenv("LOSLATEN_DB_CONN_MAX_AGE")
DATABASES = {
    "default": database_settings(
        os.getenv("DATABASE_URL", f"sqlite:///{VAR_DIR / 'loslaten.sqlite3'}"),
        None if _conn_max_age is None else envint("LOSLATEN_DB_CONN_MAX_AGE", "0", minimum=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_settings(os.getenv("CACHE_URL", "locmem://"))}
SESSION_ENGINE = session_engine(CACHES["default"])
# Anonymous readers' article, blog and feed pages are cached this long (0: not at all);
# off by default under DEBUG, so that a changed template shows at once.
LOSLATEN_PAGE_CACHE_SECONDS = envint(
    "LOSLATEN_PAGE_CACHE_SECONDS", "0" if DEBUG else "60", minimum=0
)
# ... and nginx in front may keep them this long (told per response in X-Accel-Expires;
# see deploy/nginx/loslaten-proxy.conf). nginx cannot be told when an article changes,
# so this is short: it bounds how long an edit takes to show.
LOSLATEN_PROXY_CACHE_SECONDS = envint(
    "LOSLATEN_PROXY_CACHE_SECONDS", "0" if DEBUG else "10", minimum=0
)
# RSS and Atom carry each article's whole text; 0 gives readers only the lede.
LOSLATEN_FEED_FULL_TEXT = envbool("LOSLATEN_FEED_FULL_TEXT", "1")

TASKS = {
    "default": {
        "BACKEND": os.getenv("LOSLATEN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "newsletter", "reminders"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "practice:index"
LOGOUT_REDIRECT_URL = "core:home"

AXES_FAILURE_LIMIT = envint("LOSLATEN_LOGIN_FAILURE_LIMIT", "5", minimum=1)
AXES_COOLOFF_TIME = envfloat("LOSLATEN_LOGIN_COOLOFF_HOURS", "1", minimum=0)
# Locked out: one address from one IP (a stranger elsewhere cannot lock the owner out).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# From all IPs together: after this many failures within the cool-off time, one attempt
# per LOSLATEN_LOGIN_SLOW_SECONDS (loslaten.accounts.services.login_wait).
LOSLATEN_LOGIN_SLOW_AFTER = envint("LOSLATEN_LOGIN_SLOW_AFTER", "10", minimum=1)
LOSLATEN_LOGIN_SLOW_SECONDS = envint("LOSLATEN_LOGIN_SLOW_SECONDS", "30", minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# The visitor's own address, also behind nginx (see LOSLATEN_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "loslaten.core.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
# Each app keeps its own catalogue in <app>/locale/, which Django finds by itself.
LOCALE_PATHS: list[Path] = []
TIME_ZONE = os.getenv("LOSLATEN_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Images of articles (see loslaten/content/media.py): the originals are never kept, only
# AVIF/WebP/JPEG copies in a few widths, made once at upload or import. Served under
# /media/ by nginx in production, by Django otherwise.
LOSLATEN_MEDIA_DIR = media_dir(os.getenv("LOSLATEN_MEDIA_DIR", ""), VAR_DIR)
LOSLATEN_MEDIA_MAX_BYTES = envint("LOSLATEN_MEDIA_MAX_BYTES", str(20 * 1024 * 1024), minimum=1024)
MEDIA_URL = "/media/"
MEDIA_ROOT = LOSLATEN_MEDIA_DIR

_email = email_settings(os.getenv("EMAIL_URL", "console://"))
globals().update(_email)
DEFAULT_FROM_EMAIL = os.getenv(
    "LOSLATEN_FROM_EMAIL", f"Loslaten <noreply@{urlsplit(BASE_URL).hostname}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where a vulnerability is reported, as /.well-known/security.txt says (see SECURITY.md).
LOSLATEN_SECURITY_CONTACT = os.getenv(
    "LOSLATEN_SECURITY_CONTACT", f"mailto:security@{urlsplit(BASE_URL).hostname}"
)

# Security. Cookies and HSTS only make sense when the site is served over HTTPS.
SESSION_COOKIE_SECURE = USE_HTTPS
CSRF_COOKIE_SECURE = USE_HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = envbool("LOSLATEN_SSL_REDIRECT", "1" if USE_HTTPS else "0")
SECURE_HSTS_SECONDS = envint("LOSLATEN_HSTS_SECONDS", "31536000" if USE_HTTPS else "0", minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = envbool("LOSLATEN_HSTS_PRELOAD", "0")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_behind_proxy = envbool("LOSLATEN_BEHIND_PROXY", "0")
if _behind_proxy:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies whose X-Forwarded-For is believed (loslaten.core.clientip): behind the
# documented nginx on the same machine, the loopback addresses. Without it every visitor
# would seem to come from nginx, and one stranger's failed logins would count for everyone.
LOSLATEN_TRUSTED_PROXIES = trusted_proxies(
    os.getenv("LOSLATEN_TRUSTED_PROXIES", "127.0.0.1,::1" if _behind_proxy else "")
)
# Preloading HSTS is a promise for the whole domain that is slow to take back, so it is the
# host's choice (LOSLATEN_HSTS_PRELOAD); while it is off, Django's reminder is silenced.
SILENCED_SYSTEM_CHECKS: list[str] = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Input limits: every form and endpoint refuses more than this, with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("LOSLATEN_MAX_REQUEST_BYTES", "1048576", minimum=1024)
LOSLATEN_MAX_TEXT_CHARS = envint("LOSLATEN_MAX_TEXT_CHARS", "10000", minimum=100)
LOSLATEN_MAX_QUERY_CHARS = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOSLATEN_LOG_LEVEL", "WARNING")},
}

# Periodic work, enqueued by `loslaten clock` (see loslaten/core/clock.py).
LOSLATEN_CLOCK_JOBS: list[str] = []

# The weekly newsletter (see docs/newsletter.md).
LOSLATEN_NEWSLETTER_WEEKDAY = os.getenv("LOSLATEN_NEWSLETTER_WEEKDAY", "sunday").strip().lower()
LOSLATEN_NEWSLETTER_TIME = os.getenv("LOSLATEN_NEWSLETTER_TIME", "08:00").strip()
LOSLATEN_NEWSLETTER_AUTOSEND = envbool("LOSLATEN_NEWSLETTER_AUTOSEND", "0")
LOSLATEN_NEWSLETTER_RATE = envfloat("LOSLATEN_NEWSLETTER_RATE", "0", minimum=0)
LOSLATEN_NEWSLETTER_STORE_IP = envbool("LOSLATEN_NEWSLETTER_STORE_IP", "0")
LOSLATEN_NEWSLETTER_MAX_HARD_FAILURES = envint(
    "LOSLATEN_NEWSLETTER_MAX_HARD_FAILURES", "3", minimum=1
)
LOSLATEN_NEWSLETTER_RETRY_SECONDS = envfloat("LOSLATEN_NEWSLETTER_RETRY_SECONDS", "60", minimum=0)
LOSLATEN_NEWSLETTER_LEASE_SECONDS = envfloat("LOSLATEN_NEWSLETTER_LEASE_SECONDS", "60", minimum=1)
LOSLATEN_NEWSLETTER_BREAKER = envint("LOSLATEN_NEWSLETTER_BREAKER", "20", minimum=1)
LOSLATEN_NEWSLETTER_BOUNCE_ADDRESS = os.getenv("LOSLATEN_NEWSLETTER_BOUNCE_ADDRESS", "").strip()
# Where bounces and complaints arrive: imaps://user:password@host[:993]/FOLDER or a Maildir.
LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX = os.getenv("LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX", "").strip()
LOSLATEN_CLOCK_JOBS.append("loslaten.newsletter.schedule.tick")
LOSLATEN_CLOCK_JOBS.append("loslaten.newsletter.bounces.tick")
LOSLATEN_CLOCK_JOBS.append("loslaten.practice.reminders.tick")
# Reminders by Web Push go only to these push services (origins; "*." allows subdomains):
# Chrome/Android, Firefox, Safari/iOS and Edge. Keys: var/vapid_private.pem, made once.
LOSLATEN_PUSH_SERVICES = envlist(
    "LOSLATEN_PUSH_SERVICES",
    "https://fcm.googleapis.com,https://*.push.services.mozilla.com,"
    "https://web.push.apple.com,https://*.notify.windows.com",
)
# Accounts whose welcome link was never used are removed once it has expired.
LOSLATEN_CLOCK_JOBS.append("loslaten.accounts.services.remove_unclaimed")
# Rate-limit windows that have ended are removed from the database.
LOSLATEN_CLOCK_JOBS.append("loslaten.core.limits.prune")
