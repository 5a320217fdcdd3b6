"""The practice's plain functions: views and the JSON API call these, nothing else.

Rules that hold for every function here:

* `user` comes first, and every lookup filters by it. An id that does not exist or that
  belongs to someone else raises `django.http.Http404` (the same for both, so nobody can
  learn whether another person's row exists).
* Input is expected to be validated already (see `loslaten.practice.forms`); model
  constraints are the last line of defence.
* Times are stored in UTC and read in settings.TIME_ZONE (the person's time zone).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models, transaction
from django.http import Http404
from django.utils import timezone

from loslaten.core.rawsql import aware
from loslaten.hormones.causes import STRESS_KINDS
from loslaten.hormones.events import Event
from loslaten.practice.forms import ThreeQuestionsForm
from loslaten.practice.models import (
    DEFAULT_SLEEP,
    DEFAULT_WAKE,
    CheckIn,
    JournalEntry,
    Moment,
    PathProgress,
    PracticeSettings,
    PushSubscription,
)

__all__ = [
    "DayActs",
    "Http404",
    "TimelineItem",
    "WeekSummary",
    "answer_prompt",
    "answer_three_questions",
    "checkins_of",
    "create_checkin",
    "create_entry",
    "day_acts",
    "delete_checkin",
    "delete_entry",
    "delete_moment",
    "events_for_day",
    "export_user_data",
    "find_entries",
    "get_checkin",
    "get_entry",
    "get_moment",
    "get_settings",
    "list_checkins",
    "list_entries",
    "list_moments",
    "record_moment",
    "shows_counts",
    "suggestion_for",
    "timeline",
    "update_checkin",
    "update_entry",
    "update_settings",
    "week_summary",
]

CHECKIN_FIELDS = ("breath", "shoulders", "jaw", "belly", "tension", "on_mind", "did")
ENTRY_FIELDS = ("title", "text")
THREE_QUESTIONS = ("q1", "q2", "q3")


def local_tz() -> ZoneInfo:
    """The person's time zone: the site's (settings.TIME_ZONE)."""
    return ZoneInfo(settings.TIME_ZONE)


def local_date(when: dt.datetime) -> dt.date:
    return timezone.localtime(when, local_tz()).date()


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Start and end (exclusive) of a local calendar day, as aware datetimes."""
    tz = local_tz()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def fold(text: str) -> str:
    """Text for comparing: no case, no accents (“Één” matches “een”)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matches(q: str, *texts: str) -> bool:
    """Whether `q` occurs in any of `texts`, ignoring case, accents and extra spaces."""
    needle = fold(" ".join(q.split()))
    return needle in fold(" ".join(t for t in texts if t))


def _get(model: type[models.Model], user: Any, pk: object) -> Any:
    try:
        return model.objects.get(user=user, pk=int(pk))  # type: ignore[attr-defined]
    except (model.DoesNotExist, TypeError, ValueError):  # type: ignore[attr-defined]
        raise Http404 from None


# Check-ins -------------------------------------------------------------------------------


def create_checkin(user: Any, *, at: dt.datetime | None = None, **fields: Any) -> CheckIn:
    """Save a check-in (fields: breath, shoulders, jaw, belly, tension, on_mind, did)."""
    data = {k: v for k, v in fields.items() if k in CHECKIN_FIELDS}
    data["on_mind"] = data.get("on_mind") or ""
    data["did"] = data.get("did") or ""
    checkin = CheckIn(user=user, at=at or timezone.now(), **data)
    checkin.full_clean(exclude=["user"])
    checkin.save()
    return checkin


#: Newest first; the id breaks ties, so pages of a list never repeat or skip a row.
NEWEST_FIRST = ("-at", "-id")


def checkins_of(user: Any) -> models.QuerySet[CheckIn]:
    """The person's check-ins, newest first, as a query (so a page is cut in the database)."""
    return CheckIn.objects.filter(user=user).order_by(*NEWEST_FIRST)


def list_checkins(user: Any) -> list[CheckIn]:
    """The person's check-ins, newest first."""
    return list(checkins_of(user))


def get_checkin(user: Any, checkin_id: object) -> CheckIn:
    """One of the person's check-ins; Http404 if missing or someone else's."""
    return _get(CheckIn, user, checkin_id)


def update_checkin(user: Any, checkin_id: object, **fields: Any) -> CheckIn:
    """Change the given fields of one of the person's check-ins."""
    checkin = get_checkin(user, checkin_id)
    for key, value in fields.items():
        if key in (*CHECKIN_FIELDS, "at"):
            setattr(checkin, key, "" if value is None and key in ("on_mind", "did") else value)
    checkin.full_clean(exclude=["user"])
    checkin.save()
    return checkin


def delete_checkin(user: Any, checkin_id: object) -> None:
    """Delete one of the person's check-ins."""
    get_checkin(user, checkin_id).delete()


def suggestion_for(checkin: CheckIn) -> str:
    """One gentle next step after a check-in: a moment kind (see MOMENT_KINDS)."""
    if checkin.breath == "high" or checkin.tension >= 6:
        return "breathe_minute"
    if checkin.shoulders == "tense":
        return "shoulders"
    if checkin.jaw == "tense" or checkin.belly == "tense":
        return "exhale"
    return "feet"


# Moments ---------------------------------------------------------------------------------


def record_moment(
    user: Any,
    kind: str,
    duration_s: int,
    pattern: str = "",
    at: dt.datetime | None = None,
) -> Moment:
    """Save a finished micro-moment."""
    moment = Moment(
        user=user, kind=kind, duration_s=duration_s, pattern=pattern or "", at=at or timezone.now()
    )
    moment.full_clean(exclude=["user"])
    moment.save()
    return moment


def list_moments(user: Any) -> list[Moment]:
    """The person's moments, newest first."""
    return list(Moment.objects.filter(user=user))


def get_moment(user: Any, moment_id: object) -> Moment:
    """One of the person's moments; Http404 if missing or someone else's."""
    return _get(Moment, user, moment_id)


def delete_moment(user: Any, moment_id: object) -> None:
    """Delete one of the person's moments."""
    get_moment(user, moment_id).delete()


# Journal ---------------------------------------------------------------------------------


def create_entry(
    user: Any, text: str, title: str = "", *, kind: str = "free", at: dt.datetime | None = None
) -> JournalEntry:
    """Save a journal entry (by default a free one)."""
    entry = JournalEntry(user=user, kind=kind, title=title or "", text=text or "")
    entry.at = at or timezone.now()
    entry.full_clean(exclude=["user", "article"])
    entry.save()
    return entry


def _entry_haystack(entry: JournalEntry) -> tuple[str, ...]:
    answers = entry.answers if isinstance(entry.answers, dict) else {}
    return (entry.title, entry.text, entry.prompt_text, *[str(v) for v in answers.values()])


def find_entries(
    user: Any, q: str | None = None
) -> models.QuerySet[JournalEntry] | list[JournalEntry]:
    """The person's journal entries, newest first; `q` searches title, text, the prompt
    and the answers, ignoring case and accents.

    Without `q` this is a query, so a page of it is cut in the database. With `q` it is the
    list of matches: the search runs in Python over this one person's entries, so it
    behaves the same on SQLite and PostgreSQL (neither folds accents by itself).
    """
    entries = (
        JournalEntry.objects.filter(user=user).select_related("article").order_by(*NEWEST_FIRST)
    )
    if not q or not q.strip():
        return entries
    return [e for e in entries if matches(q, *_entry_haystack(e))]


def list_entries(user: Any, q: str | None = None) -> list[JournalEntry]:
    """`find_entries` as a list: the person's entries, newest first, searched by `q`."""
    return list(find_entries(user, q))


def get_entry(user: Any, entry_id: object) -> JournalEntry:
    """One of the person's journal entries; Http404 if missing or someone else's."""
    return _get(JournalEntry, user, entry_id)


def update_entry(user: Any, entry_id: object, **fields: Any) -> JournalEntry:
    """Change title and/or text (and for three questions, `answers`) of an entry."""
    entry = get_entry(user, entry_id)
    for key in ENTRY_FIELDS:
        if key in fields:
            setattr(entry, key, fields[key] or "")
    if "answers" in fields and entry.kind == "three_questions":
        entry.answers = {k: str(fields["answers"].get(k, "") or "") for k in THREE_QUESTIONS}
        entry.text = three_questions_text(entry.answers)
    entry.full_clean(exclude=["user", "article"])
    entry.save()
    return entry


def delete_entry(user: Any, entry_id: object) -> None:
    """Delete one of the person's journal entries."""
    get_entry(user, entry_id).delete()


def answer_prompt(user: Any, article: Any, anchor: str, text: str) -> JournalEntry:
    """Save an answer to an article's reflection prompt, with the prompt as it reads now.

    Raises Http404 when the article has no prompt with this anchor.
    """
    prompts = dict(article.prompts())
    if anchor not in prompts:
        raise Http404
    entry = JournalEntry(
        user=user,
        kind="prompt",
        title=article.title[:200],
        text=text,
        article=article,
        prompt_anchor=anchor,
        prompt_text=prompts[anchor],
    )
    entry.full_clean(exclude=["user", "article"])
    entry.save()
    return entry


def three_questions_text(answers: dict[str, str]) -> str:
    """The three answers as one readable text (what search and export see)."""
    form = ThreeQuestionsForm()
    parts = []
    for key in THREE_QUESTIONS:
        answer = (answers.get(key) or "").strip()
        if answer:
            parts.append(f"{form.fields[key].label}\n{answer}")
    return "\n\n".join(parts)


def answer_three_questions(
    user: Any, answers: dict[str, str], *, at: dt.datetime | None = None
) -> JournalEntry:
    """Save the answers to the three questions ({"q1": ..., "q2": ..., "q3": ...})."""
    from django.utils.translation import gettext

    clean = {k: str(answers.get(k, "") or "").strip() for k in THREE_QUESTIONS}
    entry = JournalEntry(
        user=user,
        kind="three_questions",
        title=gettext("Drie vragen"),
        answers=clean,
        text=three_questions_text(clean),
        at=at or timezone.now(),
    )
    entry.full_clean(exclude=["user", "article"])
    entry.save()
    return entry


# Timeline and gentle progress -----------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    """One thing on the journal's timeline: `kind` is "checkin", "moment" or "entry"."""

    kind: str
    at: dt.datetime
    obj: Any


def timeline(user: Any, q: str | None = None) -> list[TimelineItem]:
    """Check-ins, moments and journal entries merged, newest first.

    With `q`, only check-ins whose note matches and entries that match (moments carry no
    text of their own, so a search leaves them out).
    """
    items: list[TimelineItem] = [TimelineItem("entry", e.at, e) for e in list_entries(user, q)]
    checkins = list_checkins(user)
    if q and q.strip():
        checkins = [c for c in checkins if matches(q, c.on_mind)]
    else:
        items += [TimelineItem("moment", m.at, m) for m in list_moments(user)]
    items += [TimelineItem("checkin", c.at, c) for c in checkins]
    return sorted(items, key=lambda i: (i.at, i.obj.pk), reverse=True)


@dataclass(frozen=True)
class WeekSummary:
    """How this week went, gently: no streaks, nothing to lose."""

    week_start: dt.date
    days_practised: int
    moments: int
    checkins: int
    entries: int

    @property
    def noticed(self) -> int:
        """Times the person stopped to notice their body: check-ins and moments alike."""
        return self.checkins + self.moments

    def as_dict(self) -> dict[str, Any]:
        return {
            "week_start": self.week_start.isoformat(),
            "days_practised": self.days_practised,
            "moments": self.moments,
            "checkins": self.checkins,
            "entries": self.entries,
            "noticed": self.noticed,
        }


_WEEK_SQL = f"""
    SELECT 'c', at FROM {CheckIn._meta.db_table} WHERE user_id = %s AND at >= %s AND at < %s
    UNION ALL
    SELECT 'm', at FROM {Moment._meta.db_table} WHERE user_id = %s AND at >= %s AND at < %s
    UNION ALL
    SELECT 'e', at FROM {JournalEntry._meta.db_table} WHERE user_id = %s AND at >= %s AND at < %s
"""  # noqa: S608 (table names from the models; every value is a parameter)


def week_summary(user: Any, today: dt.date | None = None) -> WeekSummary:
    """Days with any practice (check-in, moment or entry) in the week (Monday to Sunday)
    that holds `today`, and how often the person noticed their body that week (check-ins
    and moments, see `WeekSummary.noticed`). One query: the practice page asks on every view."""
    today = today or local_date(timezone.now())
    monday = today - dt.timedelta(days=today.weekday())
    start, _ = day_bounds(monday)
    _, end = day_bounds(monday + dt.timedelta(days=6))
    start, end = (connection.ops.adapt_datetimefield_value(t) for t in (start, end))
    with connection.cursor() as cursor:
        cursor.execute(_WEEK_SQL, [user.pk, start, end] * 3)
        rows = cursor.fetchall()
    days = {local_date(aware(at)) for _, at in rows}
    counts = Counter(source for source, _ in rows)
    return WeekSummary(monday, len(days), counts["m"], counts["c"], counts["e"])


# Settings --------------------------------------------------------------------------------


SETTINGS_FIELDS = (
    "show_counts",
    "reminders_enabled",
    "reminder_times",
    "language",
    "email_reminders",
    "quiet_from",
    "quiet_until",
    "wake",
    "sleep",
)


def get_settings(user: Any) -> PracticeSettings:
    """The person's practice settings, created with the defaults on first use."""
    prefs, _ = PracticeSettings.objects.get_or_create(user=user)
    return prefs


_SHOW_COUNTS_SQL = f"""
    SELECT show_counts FROM {PracticeSettings._meta.db_table} WHERE user_id = %s
"""  # noqa: S608 (the table name from the model; the value is a parameter)


def shows_counts(user: Any) -> bool:
    """Whether the person wants their counts shown (their settings' `show_counts`), in one
    plain query: the practice page asks on every view. Creates their settings on first use,
    as `get_settings` does."""
    with connection.cursor() as cursor:
        cursor.execute(_SHOW_COUNTS_SQL, [user.pk])
        row = cursor.fetchone()
    return bool(row[0]) if row is not None else get_settings(user).show_counts


def update_settings(user: Any, **fields: Any) -> PracticeSettings:
    """Change show_counts, reminders_enabled, reminder_times (list of "HH:MM"), language,
    email_reminders, quiet_from and quiet_until ("HH:MM" or ""), wake and sleep ("HH:MM")."""
    with transaction.atomic():
        prefs = get_settings(user)
        for key in SETTINGS_FIELDS:
            if key in fields:
                setattr(prefs, key, fields[key])
        prefs.full_clean(exclude=["user"])
        prefs.save()
    return prefs


# Export ----------------------------------------------------------------------------------


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def export_user_data(user: Any) -> dict[str, list[dict]]:
    """Everything the practice keeps about this person, JSON-serialisable.

    Keys: checkins, moments, journal, path, settings (a list of at most one row), devices
    (the browsers that get reminders by push: their push service and dates).
    """
    checkins = [
        {
            "id": c.pk,
            "at": _iso(c.at),
            "breath": c.breath,
            "shoulders": c.shoulders,
            "jaw": c.jaw,
            "belly": c.belly,
            "tension": c.tension,
            "on_mind": c.on_mind,
            "did": c.did,
        }
        for c in CheckIn.objects.filter(user=user).order_by("at", "id")
    ]
    moments = [
        {
            "id": m.pk,
            "at": _iso(m.at),
            "kind": m.kind,
            "duration_s": m.duration_s,
            "pattern": m.pattern,
        }
        for m in Moment.objects.filter(user=user).order_by("at", "id")
    ]
    journal = [
        {
            "id": e.pk,
            "at": _iso(e.at),
            "kind": e.kind,
            "title": e.title,
            "text": e.text,
            "article": e.article.slug if e.article else "",
            "prompt_anchor": e.prompt_anchor,
            "prompt_text": e.prompt_text,
            "answers": dict(e.answers) if isinstance(e.answers, dict) else {},
            "updated_at": _iso(e.updated_at),
        }
        for e in JournalEntry.objects.filter(user=user)
        .select_related("article")
        .order_by("at", "id")
    ]
    path = [
        {"step": p.step, "started_on": _iso(p.started_on), "done_on": _iso(p.done_on)}
        for p in PathProgress.objects.filter(user=user).order_by("step")
    ]
    prefs = [
        {
            "show_counts": s.show_counts,
            "reminders_enabled": s.reminders_enabled,
            "reminder_times": list(s.reminder_times or []),
            "language": s.language,
            "email_reminders": s.email_reminders,
            "quiet_from": s.quiet_from,
            "quiet_until": s.quiet_until,
            "wake": s.wake,
            "sleep": s.sleep,
        }
        for s in PracticeSettings.objects.filter(user=user)
    ]
    return {
        "checkins": checkins,
        "moments": moments,
        "journal": journal,
        "path": path,
        "settings": prefs,
        "devices": [
            {
                # The push service's host only: the full address is a key to the device.
                "service": urlsplit(d.endpoint).hostname or "",
                "created_at": _iso(d.created_at),
                "last_sent_at": _iso(d.last_sent_at),
            }
            for d in PushSubscription.objects.filter(user=user).order_by("created_at", "id")
        ],
    }


# The model's events ----------------------------------------------------------------------

MOMENT_EVENT = {
    "breathe_minute": "breathe",
    "exhale": "exhale",
    "shoulders": "exhale",
    "feet": "exhale",
}


def tension_intensity(tension: int) -> float:
    """0-10 tension to a model intensity: 0.5 (hardly any) to 2.0 (very tense)."""
    return round(0.5 + 1.5 * max(0, min(10, tension)) / 10, 2)


def events_for_day(user: Any, day: dt.date) -> list[Event]:
    """The person's check-ins and moments on a local day as `loslaten.hormones` events.

    * A check-in with "what did you just do" becomes that event kind at the check-in time
      (a short event); for hold, suppress and chase the intensity follows the tension
      (0.5-2.0), for the others it is 1.
    * A breathing minute becomes `breathe` lasting its whole minutes (at least 1); one
      exhale, dropping the shoulders and feet on the floor become a short `exhale`.

    Start minutes count from local midnight of `day`. Sorted by start.
    """
    return day_acts(user, day).events


@dataclass(frozen=True)
class DayActs:
    """What the body's day of one person is built from, read from the database at once."""

    #: ``events_for_day``: the day's check-ins with an act, and its moments.
    events: list[Event]
    #: Minutes after local midnight of all the day's check-ins (with or without an act:
    #: any check-in means the person was awake), sorted.
    minutes: list[int]
    #: The person's usual wake and sleep times ("HH:MM"; the defaults without settings).
    wake: str
    sleep: str


# One query for the three tables (see loslaten.core.rawsql): the body's day reads them on
# every view, and three ORM queries cost it some 3 ms of CPU, this one a tenth of that.
# Columns: source, moment, name (act, kind, or "wake sleep"), number; rows in the models'
# order (newest first), so that events at the same minute keep their order.
_DAY_ACTS_SQL = f"""
    SELECT 'c', at, did, tension, id FROM {CheckIn._meta.db_table}
    WHERE user_id = %s AND at >= %s AND at < %s
    UNION ALL
    SELECT 'm', at, kind, duration_s, id FROM {Moment._meta.db_table}
    WHERE user_id = %s AND at >= %s AND at < %s
    UNION ALL
    SELECT 's', NULL, wake || ' ' || sleep, NULL, id FROM {PracticeSettings._meta.db_table}
    WHERE user_id = %s
    ORDER BY 1, 2 DESC, 5 DESC
"""  # noqa: S608 (table names from the models; every value is a parameter)


def day_acts(user: Any, day: dt.date) -> DayActs:
    """The ``DayActs`` of ``user``'s local ``day`` (only their rows are read), in one query:
    the body's day asks for all of it on every view."""
    start, end = (connection.ops.adapt_datetimefield_value(t) for t in day_bounds(day))
    with connection.cursor() as cursor:
        cursor.execute(_DAY_ACTS_SQL, [user.pk, start, end, user.pk, start, end, user.pk])
        rows = cursor.fetchall()
    tz = local_tz()

    def minute(at: dt.datetime | str) -> int:
        local = aware(at).astimezone(tz)
        return local.hour * 60 + local.minute

    events, minutes, wake, sleep = [], [], DEFAULT_WAKE, DEFAULT_SLEEP
    for source, at, name, number, _id in rows:
        if source == "c":
            minutes.append(minute(at))
            if name:
                intensity = tension_intensity(number) if name in STRESS_KINDS else 1.0
                events.append(Event(name, minute(at), 0, intensity))
        elif source == "m":
            kind = MOMENT_EVENT[name]
            duration = max(1, round(number / 60)) if kind == "breathe" else 0
            events.append(Event(kind, minute(at), duration, 1.0))
        else:
            wake, sleep = name.split(" ")
    events.sort(key=lambda e: (e.start, e.kind))
    return DayActs(events=events, minutes=sorted(minutes), wake=wake, sleep=sleep)
