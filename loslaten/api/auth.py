"""Bearer-token authentication for the API: personal access tokens from the account page."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from loslaten.accounts.models import Token
from loslaten.accounts.services import check_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ll_...`; a missing, unknown or revoked token answers 401.

    The session cookie is deliberately not accepted: the API is for scripts, and a cookie
    would make every endpoint a CSRF target.
    """

    openapi_description = "A personal access token from /account/ (shown once when made)."

    def authenticate(self, request: HttpRequest, token: str) -> Token:
        found = check_token(token)
        if found.token is None:
            # The reason is safe to tell: it says nothing the caller does not already hold.
            raise AuthenticationError(401, found.reason)
        return found.token
