import pytest

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_hashing(request, settings):
    """argon2 is slow on purpose; most tests only need *a* hasher. The test that proves
    argon2 is used marks itself `argon2`."""
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = FAST_HASHERS
