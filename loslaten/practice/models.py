"""A person's own practice: check-ins, micro-moments, journal entries, the path, settings.

Every row belongs to one user and is only ever read through `loslaten.practice.services`,
which always filters by that user.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loslaten.hormones.events import SLEEP, WAKE

# The plain phrases for "what did you just do", and the model event each one stands for.
DID_CHOICES = [
    ("hold", _("ik bleef alles controleren")),
    ("complete", _("ik heb iets afgerond")),
    ("connect", _("ik was eerlijk tegen iemand")),
    ("accept", _("ik liet het zijn zoals het is")),
    ("suppress", _("ik duwde het weg")),
    ("chase", _("ik zocht afleiding")),
]
BREATH_CHOICES = [("high", _("hoog")), ("middle", _("midden")), ("low", _("laag"))]
BODY_CHOICES = [("tense", _("gespannen")), ("neutral", _("neutraal")), ("soft", _("zacht"))]

MOMENT_KINDS = [
    ("breathe_minute", _("een minuut rustig ademen")),
    ("exhale", _("één bewuste uitademing")),
    ("shoulders", _("je schouders laten zakken")),
    ("feet", _("je voeten op de grond")),
]
ENTRY_KINDS = [
    ("free", _("vrij")),
    ("three_questions", _("drie vragen")),
    ("prompt", _("vraag bij een artikel")),
    ("checkin_note", _("notitie bij een check-in")),
    ("path", _("stap voor stap")),
]
LANGUAGE_CHOICES = [("nl", "Nederlands"), ("en", "English")]
#: The three questions, by the key their answer is stored under.
THREE_QUESTIONS = (
    ("q1", _("Wat merk je in je lijf als je stopt met duwen?")),
    ("q2", _("Waarom blijft een gedachte soms hangen?")),
    ("q3", _("Welke kleine keuze geeft je vandaag ruimte?")),
)
#: When the body's day wakes and sleeps unless the person's settings say otherwise.
DEFAULT_WAKE, DEFAULT_SLEEP = WAKE, SLEEP


def check_length(**texts: str) -> None:
    """Refuse text longer than settings.LOSLATEN_MAX_TEXT_CHARS (the forms say so first)."""
    limit = settings.LOSLATEN_MAX_TEXT_CHARS
    errors = {
        name: ValidationError(
            _("Dit is te lang: maximaal %(max)s tekens, je schreef er %(n)s."),
            params={"max": limit, "n": len(value)},
            code="too_long",
        )
        for name, value in texts.items()
        if value and len(value) > limit
    }
    if errors:
        raise ValidationError(errors)


class CheckIn(models.Model):
    """How the body feels right now, in a few taps."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    at = models.DateTimeField(_("moment"), default=timezone.now, db_index=True)
    breath = models.CharField(_("adem"), max_length=10, choices=BREATH_CHOICES)
    shoulders = models.CharField(_("schouders"), max_length=10, choices=BODY_CHOICES)
    jaw = models.CharField(_("kaak"), max_length=10, choices=BODY_CHOICES)
    belly = models.CharField(_("buik"), max_length=10, choices=BODY_CHOICES)
    tension = models.PositiveSmallIntegerField(
        _("spanning"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    on_mind = models.TextField(_("wat speelt er"), blank=True, default="")
    did = models.CharField(
        _("wat je net deed"), max_length=10, choices=DID_CHOICES, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tension__gte=0, tension__lte=10), name="checkin_tension_0_10"
            )
        ]

    def __str__(self) -> str:
        return f"check-in {self.pk}"

    def clean(self) -> None:
        check_length(on_mind=self.on_mind)


class Moment(models.Model):
    """A micro-moment the person did (a breathing minute, one exhale, ...)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moments"
    )
    at = models.DateTimeField(_("moment"), default=timezone.now, db_index=True)
    kind = models.CharField(_("soort"), max_length=20, choices=MOMENT_KINDS)
    duration_s = models.PositiveIntegerField(
        _("duur (seconden)"), validators=[MinValueValidator(1), MaxValueValidator(3600)]
    )
    # "4-6", "4-7-8", "box" or the person's own "in-hold-out-hold" counts, e.g. "5-2-7-1".
    pattern = models.CharField(_("ritme"), max_length=20, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("moment")
        verbose_name_plural = _("momenten")

    def __str__(self) -> str:
        return f"moment {self.pk}"


class JournalEntry(models.Model):
    """Something the person wrote: freely, to the three questions, or to a prompt."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    at = models.DateTimeField(_("moment"), default=timezone.now, db_index=True)
    kind = models.CharField(_("soort"), max_length=20, choices=ENTRY_KINDS, default="free")
    title = models.CharField(_("titel"), max_length=200, blank=True, default="")
    text = models.TextField(_("tekst"), blank=True, default="")
    # For prompts: the article, and the prompt as it read then (the article may change).
    article = models.ForeignKey(
        "content.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("artikel"),
    )
    prompt_anchor = models.CharField(_("anker"), max_length=100, blank=True, default="")
    prompt_text = models.TextField(_("vraag"), blank=True, default="")
    # For the three questions: {"q1": "...", "q2": "...", "q3": "..."}.
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("dagboekstuk")
        verbose_name_plural = _("dagboek")

    def __str__(self) -> str:
        return f"entry {self.pk}"

    def question_answers(self) -> list[tuple[str, str]]:
        """(question, answer) of a three-questions entry, the answered ones, in order."""
        answers = self.answers if isinstance(self.answers, dict) else {}
        return [(str(label), answers[k]) for k, label in THREE_QUESTIONS if answers.get(k)]

    def clean(self) -> None:
        answers = self.answers if isinstance(self.answers, dict) else {}
        check_length(text=self.text, **{k: str(v) for k, v in answers.items()})


class PathProgress(models.Model):
    """Where the person is on the step-by-step path: one row per step started."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="path_progress"
    )
    step = models.PositiveSmallIntegerField(_("stap"))
    started_on = models.DateField(_("begonnen op"))
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step"]
        constraints = [
            models.UniqueConstraint(fields=["user", "step"], name="pathprogress_user_step")
        ]

    def __str__(self) -> str:
        return f"step {self.step}"


class PracticeSettings(models.Model):
    """One per person: whether to show counts, and email reminders for a micro-moment."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_settings"
    )
    show_counts = models.BooleanField(_("laat tellingen zien"), default=True)
    reminder_times = models.JSONField(_("herinneringstijden"), default=list, blank=True)
    reminders_enabled = models.BooleanField(_("herinneringen aan"), default=False)
    language = models.CharField(_("taal"), max_length=5, choices=LANGUAGE_CHOICES, default="nl")
    # Reminders go to every device that asked for them (PushSubscription) and, unless the
    # person turns it off, by email too.
    email_reminders = models.BooleanField(_("herinneringen per e-mail"), default=True)
    # "HH:MM" to "HH:MM", local time, may run past midnight ("22:00" to "07:00"): no
    # reminder then, also not one the worker would send late.
    quiet_from = models.CharField(_("stil vanaf"), max_length=5, blank=True, default="")
    quiet_until = models.CharField(_("stil tot"), max_length=5, blank=True, default="")
    # "HH:MM": the body's day sleeps from ``sleep`` to ``wake`` (a check-in earlier or later
    # than these moves them for that day).
    wake = models.CharField(_("opstaan"), max_length=5, default=DEFAULT_WAKE)
    sleep = models.CharField(_("slapen"), max_length=5, default=DEFAULT_SLEEP)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"settings {self.pk}"


class PushSubscription(models.Model):
    """One browser or phone that asked for reminders by Web Push (its push service's
    address and the keys to encrypt for it). Removed when the push service says it is gone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"push {self.pk}"

    def info(self) -> dict:
        """The subscription as pywebpush and the browser's PushSubscription.toJSON() spell it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class ReminderSent(models.Model):
    """One reminder enqueued for one person, day and time: the clock's idempotence guard."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    time = models.CharField(max_length=5)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day", "time"], name="remindersent_once")
        ]

    def __str__(self) -> str:
        return f"reminder {self.day} {self.time}"
