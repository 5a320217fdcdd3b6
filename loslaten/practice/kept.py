"""What a visitor did before they had an account, brought into it on their own click.

A visitor's check-ins, answers to the three questions and breathing moments stay in their
browser (localStorage, see static/practice/visitor.js); nothing is sent while they have no
account. Once they are logged in, the practice page offers to keep them: one click posts
the list once, and `keep_from_browser` checks every item with the same forms as the pages
(plus when it happened) and saves the valid ones in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from loslaten.practice import services
from loslaten.practice.forms import KeptCheckInForm, KeptMomentForm, KeptThreeQuestionsForm

#: More than a visitor could plausibly gather before signing up; the rest is refused.
MAX_ITEMS = 200


@dataclass(frozen=True)
class Kept:
    """How many of each were saved, and how many items could not be."""

    checkins: int = 0
    entries: int = 0
    moments: int = 0
    refused: int = 0

    @property
    def total(self) -> int:
        return self.checkins + self.entries + self.moments


def parse_items(raw: str) -> list[dict[str, Any]]:
    """The items from the posted JSON; raises ValueError when it is not a list of objects."""
    try:
        items = json.loads(raw or "")
    except json.JSONDecodeError:
        raise ValueError("not JSON") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError("not a list of objects")
    return items


def _save(user: Any, item: dict[str, Any]) -> str | None:
    """Save one item; its kind ("checkins", "entries", "moments"), or None if refused."""
    data = {k: v if isinstance(v, str) else str(v) for k, v in item.items() if v is not None}
    kind = data.pop("type", "")
    if kind == "checkin":
        form = KeptCheckInForm(data)
        if form.is_valid():
            services.create_checkin(user, **form.cleaned_data)
            return "checkins"
    elif kind == "three_questions":
        form = KeptThreeQuestionsForm(data)
        if form.is_valid():
            at = form.cleaned_data.pop("at")
            services.answer_three_questions(user, form.cleaned_data, at=at)
            return "entries"
    elif kind == "moment":
        form = KeptMomentForm(data)
        if form.is_valid():
            services.record_moment(user, **form.cleaned_data)
            return "moments"
    return None


def keep_from_browser(user: Any, items: list[dict[str, Any]]) -> Kept:
    """Save what the visitor kept in their browser; invalid or surplus items are refused."""
    counts = {"checkins": 0, "entries": 0, "moments": 0}
    refused = max(0, len(items) - MAX_ITEMS)
    with transaction.atomic():
        for item in items[:MAX_ITEMS]:
            kind = _save(user, item)
            if kind is None:
                refused += 1
            else:
                counts[kind] += 1
    return Kept(refused=refused, **counts)
