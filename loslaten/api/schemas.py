"""Request and response shapes of the API (they make the OpenAPI schema).

The schemas check types and the fixed choices; the practice app's forms then apply the
same rules as the website (text limits, patterns, times), so both answer alike.

Request bodies are strict (the In base class): a field the API does not know is refused
with 422 rather than silently dropped (a typo would otherwise lose data without a word),
and nothing is coerced: `true` or `"6"` is not a number. Only times are read from their
ISO text, which is how JSON carries them (mark such a field `Field(..., strict=False)`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from loslaten.practice import services
from loslaten.practice.models import (
    BODY_CHOICES,
    BREATH_CHOICES,
    DID_CHOICES,
    ENTRY_KINDS,
    MOMENT_KINDS,
)


def _encodable(value: str) -> str:
    # JSON may carry lone surrogates ("\ud800"); no database can store them.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text contains characters that are not valid Unicode") from None
    return value


Text = Annotated[str, AfterValidator(_encodable)]
Breath = Literal[tuple(key for key, _ in BREATH_CHOICES)]  # type: ignore[valid-type]
Body = Literal[tuple(key for key, _ in BODY_CHOICES)]  # type: ignore[valid-type]
Did = Literal[("", *(key for key, _ in DID_CHOICES))]  # type: ignore[valid-type]
MomentKind = Literal[tuple(key for key, _ in MOMENT_KINDS)]  # type: ignore[valid-type]
EntryKind = Literal[tuple(key for key, _ in ENTRY_KINDS)]  # type: ignore[valid-type]
Tension = Annotated[int, Field(ge=0, le=10)]


class In(Schema):
    """The base of every request body: unknown fields are refused, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


class CheckInIn(In):
    breath: Breath
    shoulders: Body
    jaw: Body
    belly: Body
    tension: Tension
    on_mind: Text = ""
    did: Did = ""
    at: dt.datetime | None = Field(
        None, strict=False, description="when; default now; not in the future"
    )


class CheckInPatch(In):
    breath: Breath | None = None
    shoulders: Body | None = None
    jaw: Body | None = None
    belly: Body | None = None
    tension: Tension | None = None
    on_mind: Text | None = None
    did: Did | None = None
    at: dt.datetime | None = Field(None, strict=False)


class CheckInOut(Schema):
    id: int
    at: dt.datetime
    breath: str
    shoulders: str
    jaw: str
    belly: str
    tension: int
    on_mind: str
    did: str
    suggestion: str = Field(description="a gentle next micro-moment (a moment kind)")

    @staticmethod
    def resolve_suggestion(obj: Any) -> str:
        return services.suggestion_for(obj)


class EntryIn(In):
    text: Text
    title: Text = ""
    at: dt.datetime | None = Field(
        None, strict=False, description="when; default now; not in the future"
    )


class EntryPatch(In):
    text: Text | None = None
    title: Text | None = None


class EntryOut(Schema):
    id: int
    at: dt.datetime
    kind: str
    title: str
    text: str
    answers: dict[str, Any]
    article: str | None = Field(None, description="the article's slug, for answers to a prompt")
    prompt_text: str
    updated_at: dt.datetime

    @staticmethod
    def resolve_article(obj: Any) -> str | None:
        return obj.article.slug if obj.article_id else None

    @staticmethod
    def resolve_answers(obj: Any) -> dict[str, Any]:
        return dict(obj.answers) if isinstance(obj.answers, dict) else {}


class MomentIn(In):
    kind: MomentKind
    duration_s: Annotated[int, Field(ge=1, le=3600)]
    pattern: Text = Field("", description='a breathing rhythm: "4-6", "4-7-8", "box", "4-2-6-2"')
    at: dt.datetime | None = Field(
        None, strict=False, description="when; default now; up to 7 days ago"
    )


class MomentOut(Schema):
    id: int
    at: dt.datetime
    kind: str
    duration_s: int
    pattern: str


class Error(Schema):
    detail: Any


# The body's day (loslaten.practice.day.results, as the API shows it) ---------------------


class DayEventOut(Schema):
    number: int = Field(
        description="1, 2, ... in time order; a what-if's moment keeps the changed one's number"
    )
    kind: str = Field(
        description="the model's kind: hold, suppress, chase, exhale, breathe, complete, connect…"
    )
    start: int = Field(description="minute after local midnight")
    end: int = Field(description="first minute after the event")
    clock: str = Field(description="HH:MM of start")
    duration: int = Field(description="minutes; 0 is a short, one-minute event")
    intensity: float
    label: str = Field(description="the plain phrase, in the language asked for")
    what_if: bool


class SummaryOut(Schema):
    quantity: str
    peak_minute: int
    peak_clock: str
    peak_value: float = Field(description="times the resting level")
    rise_pct: float = Field(description="percent above the body's own rhythm; 0 on a quiet day")
    sentence: str
    cause: int | None = Field(
        description="number of the event whose absence lowers the peak most (stress side only)"
    )


class GroupOut(Schema):
    key: Literal["stress", "happiness"]
    title: str
    quantities: list[str]
    labels: list[str]
    summary: SummaryOut


class WhatIfOut(Schema):
    key: str = Field(description="aanvaarden, uitademen, ademen or zonder")
    label: str
    event: int | None = Field(description="the number of the moment changed")
    events: list[DayEventOut] = Field(description="the moments added")
    series: dict[str, list[float]]
    hourly: dict[str, list[float]]
    mean: dict[str, float]
    window_start: int = Field(description="the compared window, minutes after midnight")
    window_end: int
    window_change: dict[str, float] = Field(
        description="percent change of each mean over the window"
    )
    sentence: str


class DayOut(Schema):
    """One day through the model; every value is relative to the person's resting level."""

    date: dt.date
    date_label: str
    lang: Literal["nl", "en"]
    today: bool
    future: bool
    empty: bool
    wake: str = Field(description="HH:MM: the settings, or an earlier check-in")
    sleep: str
    wake_from: Literal["settings", "checkin"]
    now_min: int | None = Field(
        description="today: the minute of now (after it the course is expected); else null"
    )
    step_min: int = Field(description="minutes between two values of a series")
    events: list[DayEventOut]
    series: dict[str, list[float]] = Field(
        description="per quantity, one value every step_min minutes from 00:00 to 24:00"
    )
    hourly: dict[str, list[float]] = Field(description="per quantity, the 24 hourly means")
    mean: dict[str, float]
    groups: list[GroupOut]
    story: list[str] = Field(description="the day in sentences, up to now")
    explanation: str = Field(description="the story as one text")
    disclaimer: str
    what_if: WhatIfOut | None

    @staticmethod
    def resolve_explanation(obj: Any) -> str:
        return "\n".join(obj.story)
