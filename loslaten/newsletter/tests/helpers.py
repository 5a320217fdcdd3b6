"""Helpers shared by the newsletter tests."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.utils import timezone

from loslaten.newsletter.models import Issue, Subscriber


def make_subscribers(n: int, status=Subscriber.Status.CONFIRMED, prefix="lezer") -> list[int]:
    Subscriber.objects.bulk_create(
        Subscriber(email=f"{prefix}{i}@example.org", first_name=f"L{i}", status=status)
        for i in range(n)
    )
    return list(
        Subscriber.objects.filter(email__startswith=prefix)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def make_issue(week: str = "2030-W10", **fields) -> Issue:
    defaults = {
        "subject": "Loslaten · week 10",
        "opening": "Wat mag je deze week loslaten?",
        "articles": [
            {
                "title": "Adem uit",
                "lede": "Een lange uitademing.",
                "url": "http://testserver/blog/adem/",
            }
        ],
        "practice": "Laat je schouders zakken.",
        "period_start": timezone.now(),
    }
    defaults.update(fields)
    return Issue.objects.create(week=week, **defaults)


def wait_for(condition: Callable[[], bool], timeout: float = 30, step: float = 0.005) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
