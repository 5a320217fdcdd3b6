"""The two addresses the settings page's script calls to turn reminders on this device on
or off (loslaten.practice.push); JSON in, JSON out, CSRF-protected like any form."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from loslaten.practice import push


def _body(request: HttpRequest) -> object:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return None


@login_required
@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    """Keep this browser's push subscription (its ``PushSubscription.toJSON()``)."""
    try:
        fields = push.parse_subscription(_body(request))
    except ValueError as exc:
        return JsonResponse({"subscribed": False, "error": str(exc)}, status=400)
    push.subscribe(request.user, **fields)
    return JsonResponse({"subscribed": True}, status=201)


@login_required
@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    """Forget this browser's subscription ({"endpoint": ...})."""
    data = _body(request)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str):
        return JsonResponse({"error": "endpoint: expected the subscription's address"}, status=400)
    return JsonResponse({"unsubscribed": push.unsubscribe(request.user, endpoint)})
