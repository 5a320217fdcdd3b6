"""Validation for everything a person enters; the JSON API reuses these forms.

Every message says what to change, in plain words. A form never saves by itself: views and
the API pass `form.cleaned_data` to a function in `loslaten.practice.services`.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loslaten.practice.models import (
    BODY_CHOICES,
    BREATH_CHOICES,
    DEFAULT_SLEEP,
    DEFAULT_WAKE,
    DID_CHOICES,
    LANGUAGE_CHOICES,
    MOMENT_KINDS,
    THREE_QUESTIONS,
)

MAX_REMINDERS = 3
PATTERNS = {"4-6": (4, 0, 6, 0), "4-7-8": (4, 7, 8, 0), "box": (4, 4, 4, 4)}
_PATTERN_RE = re.compile(r"^\d{1,2}(?:-\d{1,2}){1,3}$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# A queued offline moment may arrive late, but not from the distant past.
MAX_MOMENT_AGE = dt.timedelta(days=7)


def max_text() -> int:
    return settings.LOSLATEN_MAX_TEXT_CHARS


def parse_pattern(pattern: str) -> tuple[int, int, int, int]:
    """(in, hold, out, hold) seconds of a breathing pattern; raises ValueError if invalid.

    Accepts the named patterns "4-6", "4-7-8", "box" and the person's own counts like
    "5-7" or "4-2-6-2" (each 1-20 seconds for in and out, 0-20 for holds).
    """
    pattern = (pattern or "").strip().lower()
    if pattern in PATTERNS:
        return PATTERNS[pattern]
    if not _PATTERN_RE.match(pattern):
        raise ValueError("pattern")
    parts = [int(p) for p in pattern.split("-")]
    if len(parts) == 2:
        counts = (parts[0], 0, parts[1], 0)
    elif len(parts) == 3:
        counts = (parts[0], parts[1], parts[2], 0)
    else:
        counts = (parts[0], parts[1], parts[2], parts[3])
    if not (1 <= counts[0] <= 20 and 1 <= counts[2] <= 20) or max(counts) > 20:
        raise ValueError("pattern")
    return counts


class BreathingForm(forms.Form):
    """The breathing page's rhythm: a named pattern, or the person's own counts.

    Counts given without `patroon` mean "eigen", so `?in=5&uit=7` is a rhythm too.
    """

    patroon = forms.ChoiceField(
        required=False,
        choices=[(name, name) for name in (*PATTERNS, "eigen")],
        error_messages={"invalid_choice": _("Kies 4-6, 4-7-8, vierkant of je eigen tellen.")},
    )
    COUNTS = {
        "in": (1, _("In")),
        "vast": (0, _("Vast")),
        "uit": (1, _("Uit")),
        "wacht": (0, _("Wacht")),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, (low, label) in self.COUNTS.items():
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=low,
                max_value=20,
                error_messages={
                    "invalid": _("%(field)s is een heel aantal seconden, zoals 4.")
                    % {"field": label},
                    "min_value": _("%(field)s is minstens %(low)s seconde.")
                    % {"field": label, "low": low},
                    "max_value": _("%(field)s is hoogstens 20 seconden.") % {"field": label},
                },
            )

    def own_counts(self) -> bool:
        """Whether the person asked for their own counts (chose "eigen" or typed some)."""
        chosen = self.data.get("patroon", "")
        return chosen == "eigen" or (not chosen and any(self.data.get(n) for n in self.COUNTS))

    def clean(self) -> dict:
        data = super().clean()
        if self.own_counts():
            for name in ("in", "uit"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Vul bij In en Uit een aantal seconden in, 1 tot 20."))
        return data

    def pattern(self) -> str:
        """The chosen pattern; "4-6" when nothing was chosen or the counts are not valid."""
        chosen = self.data.get("patroon", "") if self.is_bound else ""
        if chosen in PATTERNS:
            return chosen  # the fields then only show its counts; they do not count
        if not self.is_bound or not self.own_counts() or not self.is_valid():
            return "4-6"
        return "-".join(str(self.cleaned_data.get(name) or 0) for name in self.COUNTS)


class TextLimitMixin:
    """Refuse text longer than settings.LOSLATEN_MAX_TEXT_CHARS with a clear message."""

    text_fields: tuple[str, ...] = ()

    def _limit(self, name: str) -> str:
        value = self.cleaned_data.get(name, "") or ""  # type: ignore[attr-defined]
        limit = max_text()
        if len(value) > limit:
            raise forms.ValidationError(
                _("Dit is te lang: maximaal %(max)s tekens, je schreef er %(n)s."),
                params={"max": limit, "n": len(value)},
                code="too_long",
            )
        return value


def body_field(label: str, required_message: str) -> forms.ChoiceField:
    """One part of the body (shoulders, jaw, belly): tense, neutral or soft."""
    return forms.ChoiceField(
        label=label,
        choices=BODY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": _("Kies gespannen, neutraal of zacht."),
        },
    )


class CheckInForm(TextLimitMixin, forms.Form):
    breath = forms.ChoiceField(
        label=_("Je adem"),
        choices=BREATH_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies hoe je adem nu gaat."),
            "invalid_choice": _("Kies hoog, midden of laag."),
        },
    )
    shoulders = body_field(_("Je schouders"), _("Kies hoe je schouders voelen."))
    jaw = body_field(_("Je kaak"), _("Kies hoe je kaak voelt."))
    belly = body_field(_("Je buik"), _("Kies hoe je buik voelt."))
    tension = forms.TypedChoiceField(
        label=_("Spanning in je hele lijf, van 0 (helemaal rustig) tot 10 (heel gespannen)"),
        choices=[(str(i), str(i)) for i in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een getal van 0 tot 10."),
            "invalid_choice": _("De spanning is een getal van 0 tot 10."),
        },
    )
    on_mind = forms.CharField(
        label=_("Wat speelt er? (mag leeg blijven)"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    did = forms.ChoiceField(
        label=_("Wat deed je net? (mag leeg blijven)"),
        required=False,
        choices=[("", _("niets in het bijzonder")), *DID_CHOICES],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een van de zinnen, of niets.")},
    )

    def clean_on_mind(self) -> str:
        return self._limit("on_mind")


class MomentForm(forms.Form):
    """A finished micro-moment, as the breathing page posts it."""

    kind = forms.ChoiceField(
        choices=MOMENT_KINDS,
        error_messages={"invalid_choice": _("Onbekende oefening.")},
    )
    duration_s = forms.IntegerField(
        min_value=1,
        max_value=3600,
        error_messages={
            "min_value": _("Een moment duurt minstens een seconde."),
            "max_value": _("Een moment duurt hoogstens een uur."),
            "invalid": _("De duur is een heel aantal seconden."),
        },
    )
    pattern = forms.CharField(required=False, max_length=20)
    # Set by the offline queue: when the moment really happened.
    at = forms.DateTimeField(required=False)

    def clean_pattern(self) -> str:
        pattern = self.cleaned_data.get("pattern", "").strip().lower()
        if pattern:
            try:
                parse_pattern(pattern)
            except ValueError:
                raise forms.ValidationError(
                    _("Een ritme is bijvoorbeeld 4-6, 4-7-8, box of 4-2-6-2 (seconden, 1 tot 20).")
                ) from None
        return pattern

    def clean_at(self) -> dt.datetime | None:
        at = self.cleaned_data.get("at")
        if at is None:
            return None
        now = timezone.now()
        if at > now + dt.timedelta(minutes=5) or at < now - MAX_MOMENT_AGE:
            raise forms.ValidationError(_("Dit tijdstip kan niet kloppen."))
        return min(at, now)


class JournalEntryForm(TextLimitMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel (mag leeg blijven)"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Een titel is hoogstens 200 tekens.")},
    )
    text = forms.CharField(
        label=_("Wat wil je opschrijven?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Schrijf iets op, al is het één woord.")},
    )

    def clean_text(self) -> str:
        return self._limit("text")


class PromptAnswerForm(TextLimitMixin, forms.Form):
    text = forms.CharField(
        label=_("Je antwoord"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf iets op, al is het één woord.")},
    )

    def clean_text(self) -> str:
        return self._limit("text")


class ThreeQuestionsForm(TextLimitMixin, forms.Form):
    NONE_ANSWERED = _("Beantwoord minstens één vraag; de andere mogen leeg blijven.")

    q1 = forms.CharField(
        label=dict(THREE_QUESTIONS)["q1"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    q2 = forms.CharField(
        label=dict(THREE_QUESTIONS)["q2"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    q3 = forms.CharField(
        label=dict(THREE_QUESTIONS)["q3"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_q1(self) -> str:
        return self._limit("q1")

    def clean_q2(self) -> str:
        return self._limit("q2")

    def clean_q3(self) -> str:
        return self._limit("q3")

    def clean(self) -> dict:
        data = super().clean()
        if not any((data.get(k) or "").strip() for k in ("q1", "q2", "q3")):
            raise forms.ValidationError(self.NONE_ANSWERED)
        return data


# What a visitor kept in their browser before signing up may be this old when it arrives.
MAX_KEPT_AGE = dt.timedelta(days=60)


def kept_at(value: dt.datetime | None) -> dt.datetime | None:
    """When a kept answer was given: not in the future, not before MAX_KEPT_AGE."""
    if value is None:
        return None
    now = timezone.now()
    if value > now + dt.timedelta(minutes=5) or value < now - MAX_KEPT_AGE:
        raise forms.ValidationError(_("Dit tijdstip kan niet kloppen."))
    return min(value, now)


class KeptCheckInForm(CheckInForm):
    """A check-in a visitor kept in their browser, with the time they gave it."""

    at = forms.DateTimeField(required=False)

    def clean_at(self) -> dt.datetime | None:
        return kept_at(self.cleaned_data.get("at"))


class KeptThreeQuestionsForm(ThreeQuestionsForm):
    """Answers to the three questions a visitor kept in their browser."""

    at = forms.DateTimeField(required=False)

    def clean_at(self) -> dt.datetime | None:
        return kept_at(self.cleaned_data.get("at"))


class KeptMomentForm(MomentForm):
    """A breathing moment a visitor finished before signing up."""

    def clean_at(self) -> dt.datetime | None:
        return kept_at(self.cleaned_data.get("at"))


class PathAnswerForm(TextLimitMixin, forms.Form):
    text = forms.CharField(
        label=_("Je antwoord (mag leeg blijven)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_text(self) -> str:
        return self._limit("text")


def parse_times(raw: list[str] | str) -> list[str]:
    """Reminder times as sorted, unique "HH:MM"; raises ValueError with a message."""
    if isinstance(raw, str):
        raw = [t for t in re.split(r"[,\s]+", raw) if t]
    times: list[str] = []
    for value in raw:
        value = (value or "").strip()
        if not value:
            continue
        if re.fullmatch(r"\d:\d\d", value):
            value = "0" + value
        if not _TIME_RE.match(value):
            raise ValueError(value)
        if value not in times:
            times.append(value)
    return sorted(times)


class SettingsForm(forms.Form):
    show_counts = forms.BooleanField(
        label=_("Laat zien hoeveel dagen ik deze week oefende"), required=False
    )
    reminders_enabled = forms.BooleanField(label=_("Stuur me herinneringen"), required=False)
    email_reminders = forms.BooleanField(label=_("Ook per e-mail"), required=False)
    time1 = forms.CharField(label=_("Eerste tijd"), required=False, max_length=5)
    time2 = forms.CharField(label=_("Tweede tijd"), required=False, max_length=5)
    time3 = forms.CharField(label=_("Derde tijd"), required=False, max_length=5)
    quiet_from = forms.CharField(label=_("Stil vanaf"), required=False, max_length=5)
    quiet_until = forms.CharField(label=_("Stil tot"), required=False, max_length=5)
    language = forms.ChoiceField(
        label=_("Taal van je herinneringen en je export"), choices=LANGUAGE_CHOICES
    )
    wake = forms.CharField(label=_("Meestal sta ik op om"), max_length=5, required=False)
    sleep = forms.CharField(label=_("Meestal ga ik slapen om"), max_length=5, required=False)

    def clean(self) -> dict:
        data = super().clean()
        raw = [data.get(f"time{i}", "") for i in range(1, MAX_REMINDERS + 1)]
        quiet = [data.get("quiet_from", ""), data.get("quiet_until", "")]
        try:
            data["reminder_times"] = parse_times(raw)
            data["quiet_from"], data["quiet_until"] = (parse_times([t]) or [""] for t in quiet)
        except ValueError as exc:
            raise forms.ValidationError(
                _("“%(value)s” is geen tijd. Schrijf uren en minuten, zoals 08:30."),
                params={"value": str(exc)[:10]},
            ) from None
        data["quiet_from"], data["quiet_until"] = data["quiet_from"][0], data["quiet_until"][0]
        if bool(data["quiet_from"]) != bool(data["quiet_until"]):
            raise forms.ValidationError(_("Vul voor stille uren allebei de tijden in, of geen."))
        for name, default in (("wake", DEFAULT_WAKE), ("sleep", DEFAULT_SLEEP)):
            value = data.get(name) or default
            try:
                times = parse_times([value])
            except ValueError:
                times = []
            if not times:
                self.add_error(
                    name,
                    _("“%(value)s” is geen tijd. Schrijf uren en minuten, zoals 07:00.")
                    % {"value": value[:10]},
                )
            else:
                data[name] = times[0]
        if data.get("wake") and data.get("wake") == data.get("sleep"):
            self.add_error("sleep", _("Slapen en opstaan kunnen niet op hetzelfde moment."))
        if data.get("reminders_enabled") and not data["reminder_times"]:
            raise forms.ValidationError(_("Kies minstens één tijd voor je herinnering."))
        return data

    @classmethod
    def initial_for(cls, prefs: object) -> dict:
        times = list(getattr(prefs, "reminder_times", []) or [])
        initial = {
            "show_counts": prefs.show_counts,  # type: ignore[attr-defined]
            "reminders_enabled": prefs.reminders_enabled,  # type: ignore[attr-defined]
            "email_reminders": prefs.email_reminders,  # type: ignore[attr-defined]
            "quiet_from": prefs.quiet_from,  # type: ignore[attr-defined]
            "quiet_until": prefs.quiet_until,  # type: ignore[attr-defined]
            "language": prefs.language,  # type: ignore[attr-defined]
            "wake": prefs.wake,  # type: ignore[attr-defined]
            "sleep": prefs.sleep,  # type: ignore[attr-defined]
        }
        for i, value in enumerate(times[:MAX_REMINDERS], start=1):
            initial[f"time{i}"] = value
        return initial
