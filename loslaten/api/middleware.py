"""The API's door: JSON in UTF-8 only, and every error answered in JSON.

Runs before ninja sees the request, for paths under /api/:

- a body sent with POST, PUT or PATCH must be `Content-Type: application/json` (a charset,
  if named, must be UTF-8) and be UTF-8: anything else is refused with 415 rather than
  guessed at (ninja's json.loads would also read UTF-16 and text/plain);
- an error answered in something other than JSON (ninja's bare 405) is answered again as
  `{"detail": ...}` with the same status and headers (Allow stays).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

API_PREFIX = "/api/"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
UNSUPPORTED = "the body must be JSON in UTF-8, sent as Content-Type: application/json"


def json_body_problem(request: HttpRequest) -> str | None:
    """Why this request's body is not JSON in UTF-8; None when it is (or there is none)."""
    if request.method not in BODY_METHODS:
        return None
    has_body = request.META.get("CONTENT_LENGTH") not in (None, "", "0") or (
        "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    )
    if not has_body:
        return None
    if request.content_type != "application/json":
        return UNSUPPORTED
    charset = (request.content_params.get("charset") or "utf-8").lower().replace("_", "-")
    if charset not in ("utf-8", "utf8"):
        return UNSUPPORTED
    try:
        request.body.decode("utf-8")
    except UnicodeDecodeError:
        return UNSUPPORTED
    except RequestDataTooBig:
        return None  # answered 413 where the body is read next (core.middleware)
    return None


def as_json(response: HttpResponse) -> HttpResponse:
    """The same error with a JSON body ({"detail": <reason phrase>})."""
    answer = JsonResponse({"detail": response.reason_phrase}, status=response.status_code)
    for name in ("Allow", "WWW-Authenticate", "Retry-After"):
        if name in response:
            answer[name] = response[name]
    return answer


class StrictJsonMiddleware:
    """See the module's docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if problem := json_body_problem(request):
            response: HttpResponse = JsonResponse({"detail": problem}, status=415)
            response["Accept"] = "application/json"
        else:
            response = self.get_response(request)
            if response.status_code >= 400 and not is_json(response):
                response = as_json(response)
        add_never_cache_headers(response)
        return response


def is_json(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("application/json"):
        return False
    try:
        json.loads(response.content)
    except (ValueError, AttributeError):
        return False
    return True
