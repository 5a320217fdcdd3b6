import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """alice and bob get their passwords hashed once per test; Argon2 makes that slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
