"""Stap voor stap: the path of small steps, and where a person is on it.

The steps live in path.toml (Dutch and English). The rule is gentle and simple: step 1 is
open from the start; once a step is done, the next one opens the next day (not earlier,
so a step has a day to settle). Nothing closes again and nothing is lost by pausing.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from loslaten.core.rawsql import date_of
from loslaten.practice.models import JournalEntry, PathProgress

PATH_FILE = Path(__file__).with_name("path.toml")
FIELDS = ("title", "text", "practice", "question")


@dataclass(frozen=True)
class Step:
    """One step, in one language."""

    number: int
    title: str
    text: str
    practice: str
    question: str


@cache
def _raw_steps() -> tuple[dict[str, str], ...]:
    with PATH_FILE.open("rb") as f:
        data = tomllib.load(f)
    return tuple(data["step"])


def steps(language: str | None = None) -> list[Step]:
    """All steps in the given language (the active one by default; Dutch if unknown)."""
    lang = (language or get_language() or "nl")[:2]
    lang = lang if lang in ("nl", "en") else "nl"
    return [
        Step(i, *(raw[f"{name}_{lang}"] for name in FIELDS))
        for i, raw in enumerate(_raw_steps(), start=1)
    ]


@dataclass(frozen=True)
class StepState:
    """A step as this person sees it today.

    status: "done", "open" (can be done today), "waiting" (opens on `opens_on`) or
    "later" (an earlier step comes first).
    """

    step: Step
    status: str
    opens_on: dt.date | None = None
    done_on: dt.date | None = None


def _today() -> dt.date:
    return timezone.localdate()


# One plain query (loslaten.core.rawsql): the practice page asks on every view.
_DONE_SQL = f"""
    SELECT step, done_on FROM {PathProgress._meta.db_table}
    WHERE user_id = %s AND done_on IS NOT NULL
"""  # noqa: S608 (the table name from the model; the value is a parameter)


def path_state(user: Any, today: dt.date | None = None) -> list[StepState]:
    """Every step with its status for this person on `today` (local date)."""
    today = today or _today()
    with connection.cursor() as cursor:
        cursor.execute(_DONE_SQL, [user.pk])
        done = {step: date_of(done_on) for step, done_on in cursor.fetchall()}
    states: list[StepState] = []
    previous_done: dt.date | None = None
    for index, step in enumerate(steps()):
        if step.number in done:
            states.append(StepState(step, "done", done_on=done[step.number]))
            previous_done = done[step.number]
            continue
        if index == 0:
            states.append(StepState(step, "open"))
        elif states[-1].status == "done":
            assert previous_done is not None
            opens_on = previous_done + dt.timedelta(days=1)
            status = "open" if today >= opens_on else "waiting"
            states.append(StepState(step, status, opens_on=opens_on))
        else:
            states.append(StepState(step, "later"))
    return states


def current_step(user: Any, today: dt.date | None = None) -> StepState | None:
    """The first step not done yet (open or waiting), or None when the path is walked."""
    for state in path_state(user, today):
        if state.status in ("open", "waiting"):
            return state
    return None


def complete_step(
    user: Any, number: int, answer: str = "", today: dt.date | None = None
) -> JournalEntry | None:
    """Mark step `number` as done today; a non-empty answer goes to the journal.

    Raises Http404 when the step does not exist or is not open for this person today.
    Returns the journal entry, if one was written.
    """
    today = today or _today()
    state = next((s for s in path_state(user, today) if s.step.number == number), None)
    if state is None or state.status != "open":
        raise Http404
    entry = None
    with transaction.atomic():
        try:
            with transaction.atomic():
                PathProgress.objects.create(user=user, step=number, started_on=today, done_on=today)
        except IntegrityError:
            # Started before (or a double submit): mark it done once.
            PathProgress.objects.filter(user=user, step=number, done_on__isnull=True).update(
                done_on=today
            )
        answer = (answer or "").strip()
        if answer:
            entry = JournalEntry.objects.create(
                user=user,
                kind="path",
                title=state.step.title[:200],
                text=answer,
                prompt_anchor=f"stap-{number}",
                prompt_text=state.step.question,
            )
    return entry
