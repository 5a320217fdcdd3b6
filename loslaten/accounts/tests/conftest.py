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
def _account_mails_at_once(tasks_run_at_once):
    """Account mails go through the task queue; here it runs them at once."""
