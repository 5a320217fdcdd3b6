import pytest
from django.test import Client

from loslaten.accounts.services import create_token

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


class ApiClient(Client):
    """A test client that sends a bearer token and JSON bodies."""

    def __init__(self, secret: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        super().__init__(headers=headers)

    def post(self, path, data=None, **extra):
        return super().post(path, data, content_type="application/json", **extra)

    def patch(self, path, data=None, **extra):
        return super().patch(path, data, content_type="application/json", **extra)


@pytest.fixture
def alice_token(alice):
    return create_token(alice, "alice script")


@pytest.fixture
def alice_api(alice_token):
    return ApiClient(alice_token[1])


@pytest.fixture
def bob_api(bob):
    return ApiClient(create_token(bob, "bob script")[1])


@pytest.fixture
def anonymous_api(db):
    return ApiClient()


CHECKIN = {"breath": "high", "shoulders": "tense", "jaw": "neutral", "belly": "soft", "tension": 7}


def field_names(response) -> list[str]:
    """The field each 422 error names (the last part of its loc)."""
    assert response.status_code == 422, response.content
    return [error["loc"][-1] for error in response.json()["detail"]]
