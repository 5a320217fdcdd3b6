"""The endpoints: each parses its input, calls a function of the practice app, answers.

No rule of the practice lives here; see loslaten/practice/services.py and forms.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from loslaten.accounts.services import export_everything
from loslaten.api.errors import BODY, field_error, form_errors
from loslaten.api.schemas import (
    CheckInIn,
    CheckInOut,
    CheckInPatch,
    DayOut,
    EntryIn,
    EntryOut,
    EntryPatch,
    Error,
    MomentIn,
    MomentOut,
)
from loslaten.core import dates
from loslaten.practice import forms as practice_forms
from loslaten.practice import services
from loslaten.practice.day import WHAT_IFS, day_model
from loslaten.practice.day.facts import current_lang

router = Router()

#: Ids beyond this would overflow the databases' 64-bit keys: answer 422, not 500.
MAX_ID = 2**63 - 1
Id = Path(..., ge=1, le=MAX_ID)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
FUTURE_SLACK = dt.timedelta(minutes=5)
ERRORS = {401: Error, 404: Error, 413: Error, 422: Error}

#: Pages of the lists: `limit` rows (default PAGE_SIZE, at most MAX_PAGE_SIZE) from `offset`.
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
#: A bound every database can take in OFFSET; far beyond any one person's rows.
MAX_OFFSET = 1_000_000_000


class Pages(LimitOffsetPagination):
    """ninja's limit/offset pages, `{"items": [...], "count": N}`, with our bounds.

    A limit above MAX_PAGE_SIZE is refused with a 422 naming `limit` (not quietly cut
    down, so a client never mistakes a short page for the end); so is a negative or zero
    limit and a negative offset. An offset past the end gives no items and the full count.
    """

    class Input(Schema):
        limit: int = Field(
            PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"how many items at most (1-{MAX_PAGE_SIZE}, default {PAGE_SIZE})",
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description="how many items to skip (default 0)"
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


def clean_at(value: dt.datetime | None, field: str = "at") -> dt.datetime | None:
    """An aware time between 2000 and now (plus a little clock skew), or a 422 naming it."""
    if value is None:
        return None
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value = value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise field_error((*BODY, field), "this time cannot be right") from None
    if not EARLIEST <= value <= timezone.now() + FUTURE_SLACK:
        raise field_error((*BODY, field), "this time cannot be right: not in the future")
    return value


def _checkin_form(data: dict[str, Any]) -> dict[str, Any]:
    form = practice_forms.CheckInForm(data={k: v for k, v in data.items() if v is not None})
    if not form.is_valid():
        raise form_errors(form)
    return form.cleaned_data


# Check-ins --------------------------------------------------------------------------------


@router.get("/checkins", response={200: list[CheckInOut], **ERRORS}, tags=["check-ins"])
@paginate(Pages)
def list_checkins(request: HttpRequest) -> Any:
    """Your check-ins, newest first, a page at a time: `{"items": [...], "count": N}`."""
    return services.checkins_of(request.auth.user)


@router.post("/checkins", response={201: CheckInOut, **ERRORS}, tags=["check-ins"])
def create_checkin(request: HttpRequest, payload: CheckInIn) -> Status:
    """Save a check-in: how breath, shoulders, jaw and belly feel, and tension 0-10."""
    at = clean_at(payload.at)
    fields = _checkin_form(payload.dict(exclude={"at"}))
    checkin = services.create_checkin(request.auth.user, at=at, **fields)
    return Status(201, checkin)


@router.get("/checkins/{checkin_id}", response={200: CheckInOut, **ERRORS}, tags=["check-ins"])
def get_checkin(request: HttpRequest, checkin_id: int = Id) -> Any:
    """One of your check-ins (404 for anyone else's)."""
    return services.get_checkin(request.auth.user, checkin_id)


@router.patch("/checkins/{checkin_id}", response={200: CheckInOut, **ERRORS}, tags=["check-ins"])
def update_checkin(request: HttpRequest, payload: CheckInPatch, checkin_id: int = Id) -> Any:
    """Change some fields of one of your check-ins; the others stay as they are."""
    user = request.auth.user
    current = services.get_checkin(user, checkin_id)
    given = payload.dict(exclude_unset=True)
    at = clean_at(given.pop("at", None)) if "at" in given else None
    # The whole check-in, as it would be after the change, goes through the website's form.
    merged = {k: getattr(current, k) for k in services.CHECKIN_FIELDS} | given
    cleaned = _checkin_form(merged)
    changes = {k: cleaned[k] for k in given}
    if at is not None:
        changes["at"] = at
    return services.update_checkin(user, checkin_id, **changes)


@router.delete("/checkins/{checkin_id}", response={204: None, **ERRORS}, tags=["check-ins"])
def delete_checkin(request: HttpRequest, checkin_id: int = Id) -> Status:
    """Delete one of your check-ins."""
    services.delete_checkin(request.auth.user, checkin_id)
    return Status(204, None)


# Journal ----------------------------------------------------------------------------------


def _entry_form(data: dict[str, Any]) -> dict[str, Any]:
    form = practice_forms.JournalEntryForm(data=data)
    if not form.is_valid():
        raise form_errors(form)
    return form.cleaned_data


@router.get("/journal", response={200: list[EntryOut], **ERRORS}, tags=["journal"])
@paginate(Pages)
def list_entries(
    request: HttpRequest,
    q: str | None = Query(None, max_length=200, description="search title, text and answers"),
) -> Any:
    """Your journal entries, newest first, a page at a time: `{"items": [...], "count": N}`;
    `q` searches them (ignoring case and accents) and `count` is then the number of matches.
    """
    return services.find_entries(request.auth.user, q)


@router.post("/journal", response={201: EntryOut, **ERRORS}, tags=["journal"])
def create_entry(request: HttpRequest, payload: EntryIn) -> Status:
    """Write a journal entry."""
    at = clean_at(payload.at)
    cleaned = _entry_form({"title": payload.title, "text": payload.text})
    entry = services.create_entry(request.auth.user, cleaned["text"], cleaned["title"], at=at)
    return Status(201, entry)


@router.get("/journal/{entry_id}", response={200: EntryOut, **ERRORS}, tags=["journal"])
def get_entry(request: HttpRequest, entry_id: int = Id) -> Any:
    """One of your journal entries (404 for anyone else's)."""
    return services.get_entry(request.auth.user, entry_id)


@router.patch("/journal/{entry_id}", response={200: EntryOut, **ERRORS}, tags=["journal"])
def update_entry(request: HttpRequest, payload: EntryPatch, entry_id: int = Id) -> Any:
    """Change the title and/or the text of one of your entries."""
    user = request.auth.user
    entry = services.get_entry(user, entry_id)
    given = {k: v for k, v in payload.dict(exclude_unset=True).items()}
    merged = {"title": entry.title, "text": entry.text} | {
        k: ("" if v is None else v) for k, v in given.items()
    }
    cleaned = _entry_form(merged)
    return services.update_entry(user, entry_id, **{k: cleaned[k] for k in given})


@router.delete("/journal/{entry_id}", response={204: None, **ERRORS}, tags=["journal"])
def delete_entry(request: HttpRequest, entry_id: int = Id) -> Status:
    """Delete one of your journal entries."""
    services.delete_entry(request.auth.user, entry_id)
    return Status(204, None)


# Moments, the day, export -----------------------------------------------------------------


@router.post("/moments", response={201: MomentOut, **ERRORS}, tags=["moments"])
def record_moment(request: HttpRequest, payload: MomentIn) -> Status:
    """Note a finished micro-moment (a breathing minute, one exhale, ...)."""
    data = payload.dict()
    data["at"] = clean_at(data["at"])
    form = practice_forms.MomentForm(data={k: v for k, v in data.items() if v is not None})
    if not form.is_valid():
        raise form_errors(form)
    moment = services.record_moment(request.auth.user, **form.cleaned_data)
    return Status(201, moment)


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD calendar day between 1970 and 2100 (loslaten.core.dates), or a 422
    naming the path."""
    try:
        return dates.parse_day(text)
    except dates.OutOfRange:
        raise field_error(("path", "day"), "the date must lie between 1970 and 2100") from None
    except ValueError:
        raise field_error(("path", "day"), "expected a date as YYYY-MM-DD") from None


@router.get("/day/{day}", response={200: DayOut, **ERRORS}, tags=["day"])
def day(
    request: HttpRequest,
    day: str = Path(..., description="YYYY-MM-DD", max_length=10),
    lang: Literal["nl", "en"] | None = Query(None, description="default: the request's language"),
    what_if: Literal[tuple(WHAT_IFS)] | None = Query(  # type: ignore[valid-type]
        None, description="change one moment: aanvaarden, uitademen, ademen or zonder"
    ),
    moment: int | None = Query(
        None, ge=1, le=999, description="the number of the moment to change (default: the cause)"
    ),
) -> Any:
    """The model's curves for one of your days, with the day in words up to now.

    Causes are found by running the model again without each moment. The model is an
    explanation, not a measurement and not medical advice.
    """
    date = parse_day(day)
    return day_model(request.auth.user, date, lang or current_lang(), what_if, moment)


@router.get("/export", response={200: dict[str, list[dict[str, Any]]], **ERRORS}, tags=["export"])
def export(request: HttpRequest) -> dict[str, Any]:
    """Everything stored about you: the account, tokens (names and dates only) and practice."""
    return export_everything(request.auth.user)
