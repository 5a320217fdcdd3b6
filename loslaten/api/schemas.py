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
