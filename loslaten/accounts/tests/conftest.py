import pytest
from django.core.cache import cache

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_hashing(request, settings):
    """argon2 is slow on purpose; most tests only need *a* hasher. The test that proves
    argon2 is used marks itself `argon2`."""
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def fresh_cache():
    """The cache outlives each test; a sign-up in one test must not hold back the next
    test's mail (one per address per ten minutes)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Account mails go through the task queue; here the queue runs them at once, so the
    tests read mail.outbox as a person would read their mailbox."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletter", "reminders"],
        }
    }
