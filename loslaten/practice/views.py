"""The practice pages: each view parses a form, calls a plain function, renders.

A visitor can look at the practice page, breathe, check in and answer the three questions:
their answers stay in their own browser (static/practice/visitor.js) until they have an
account and choose to keep them (`keep`). Saving, and everything else, needs an account.
A person only ever sees their own rows: ids that are not theirs give 404
(see loslaten.practice.services).
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loslaten.content.models import Article
from loslaten.core.errors import keeps_typed
from loslaten.practice import guide, kept, path, push, services
from loslaten.practice.day.glance import checkin_glance, today_glance
from loslaten.practice.forms import (
    PATTERNS,
    BreathingForm,
    CheckInForm,
    JournalEntryForm,
    MomentForm,
    PathAnswerForm,
    PromptAnswerForm,
    SettingsForm,
    ThreeQuestionsForm,
    parse_pattern,
)
from loslaten.practice.models import PushSubscription
from loslaten.practice.saving import render_form, save_or_keep
from loslaten.practice.timeline import item_url, parse_page, timeline_page

# The short moments, by the Dutch slug in their address.
SHORT_MOMENTS = {"uitademen": "exhale", "schouders": "shoulders", "voeten": "feet"}
MOMENT_SLUGS = {kind: slug for slug, kind in SHORT_MOMENTS.items()}
MOMENT_SECONDS = {"breathe_minute": 60, "exhale": 15, "shoulders": 20, "feet": 30}
# The test hook `?seconds=` may shorten a moment to this, never to less.
MIN_SECONDS = 3
MAX_SECONDS = 600


def moment_url(kind: str) -> str:
    if kind == "breathe_minute":
        return reverse("practice:breathe")
    return reverse("practice:moment", kwargs={"slug": MOMENT_SLUGS[kind]})


def _for_visitors(request: HttpRequest, template: str, context: dict) -> HttpResponse | None:
    """A visitor's page (GET) or the way to log in (anything else); None with an account.

    The visitor's page carries no CSRF token and nobody's data, so it sets no cookie."""
    if request.user.is_authenticated:
        return None
    if request.method != "GET":
        return redirect_to_login(request.get_full_path())
    return render(request, template, {"visitor": True, **context})


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The practice page; for a visitor, what it is and how to try it."""
    visitor = _for_visitors(request, "practice/visitor.html", {})
    if visitor is not None:
        return visitor
    week = services.week_summary(request.user) if services.shows_counts(request.user) else None
    context = {
        "week": week,
        "current": path.current_step(request.user),
        "glance": today_glance(request.user),
    }
    return render(request, "practice/index.html", context)


@require_http_methods(["GET", "POST"])
@keeps_typed(CheckInForm)
def checkin(request: HttpRequest) -> HttpResponse:
    form = CheckInForm(request.POST or None)
    visitor = _for_visitors(request, "practice/checkin.html", {"form": form})
    if visitor is not None:
        return visitor
    if request.method == "POST" and form.is_valid():
        saved = save_or_keep(form, services.create_checkin, request.user, **form.cleaned_data)
        if saved is not None:
            return redirect("practice:checkin_done", checkin_id=saved.pk)
    return render_form(request, "practice/checkin.html", {"form": form})


@login_required
@require_GET
def checkin_done(request: HttpRequest, checkin_id: int) -> HttpResponse:
    saved = services.get_checkin(request.user, checkin_id)
    kind = services.suggestion_for(saved)
    context = {
        "checkin": saved,
        "suggestion": kind,
        "suggestion_url": moment_url(kind),
        "glance": checkin_glance(request.user, saved.at, saved.did),
    }
    return render(request, "practice/checkin_done.html", context)


def _seconds(request: HttpRequest, default: int) -> int:
    try:
        value = int(request.GET.get("seconds", default))
    except ValueError:
        return default
    return max(MIN_SECONDS, min(MAX_SECONDS, value))


@require_GET
def breathe(request: HttpRequest) -> HttpResponse:
    """The guided breathing minute; works without an account and without JavaScript.

    Counts that make no rhythm (`?in=0&uit=abc`) are answered with a message beside the
    fields, and the minute goes on in 4-6."""
    form = BreathingForm(request.GET or None)
    pattern = form.pattern()
    counts = parse_pattern(pattern)
    refused = form.is_bound and form.own_counts() and not form.is_valid()
    return render(
        request,
        "practice/breathe.html",
        {
            "kind": "breathe_minute",
            "seconds": _seconds(request, MOMENT_SECONDS["breathe_minute"]),
            "pattern": pattern,
            "counts": counts,
            "named": pattern in PATTERNS and not form.own_counts(),
            "form": form,
            "refused": refused,
            "count_fields": guide.count_fields(form, counts, refused),
            "steps": guide.steps(counts),
            "step_templates": guide.templates(),
            "rhythms": guide.rhythms(),
            "others": [(MOMENT_SLUGS[k], k) for k in ("exhale", "shoulders", "feet")],
        },
    )


@require_GET
def moment(request: HttpRequest, slug: str) -> HttpResponse:
    """A short guided moment: one exhale, shoulders down, feet on the floor."""
    kind = SHORT_MOMENTS.get(slug)
    if kind is None:
        raise Http404
    return render(
        request,
        f"practice/moment_{kind}.html",
        {"kind": kind, "seconds": _seconds(request, MOMENT_SECONDS[kind]), "slug": slug},
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def moment_done(request: HttpRequest) -> HttpResponse:
    """Record a finished moment (only with an account; without one nothing is stored)."""
    as_json = _wants_json(request)
    if not request.user.is_authenticated:
        if as_json:
            return JsonResponse({"recorded": False})
        return redirect("practice:breathe")
    form = MomentForm(request.POST)
    if not form.is_valid():
        if as_json:
            return JsonResponse({"recorded": False, "errors": form.errors}, status=400)
        messages.error(request, _("Dit moment kon niet bewaard worden."))
        return redirect("practice:breathe")
    saved = services.record_moment(request.user, **form.cleaned_data)
    if as_json:
        return JsonResponse({"recorded": True, "id": saved.pk})
    messages.success(request, _("Bewaard. Fijn dat je dit moment nam."))
    return redirect("practice:index")


@require_POST
def keep(request: HttpRequest) -> JsonResponse:
    """Save what a visitor kept in their browser, posted once on their click (JSON answer)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Log eerst in.")}, status=401)
    try:
        items = kept.parse_items(request.POST.get("items", ""))
    except ValueError:
        return JsonResponse({"error": _("Dit is geen lijst van antwoorden.")}, status=400)
    result = kept.keep_from_browser(request.user, items)
    if result.total:
        messages.success(request, _("Je antwoorden van dit apparaat staan nu in je dagboek."))
    return JsonResponse(
        {
            "checkins": result.checkins,
            "entries": result.entries,
            "moments": result.moments,
            "refused": result.refused,
            "next": reverse("practice:journal"),
        }
    )


# Kept small on purpose: pages and files a breathing moment needs, and nothing private.
OFFLINE_PAGES = ("practice:breathe",)
OFFLINE_STATIC = (
    "loslaten/site.css",
    "loslaten/icon.svg",
    "practice/practice.css",
    "practice/breathe.js",
    "practice/visitor.js",
    # The fonts site.css asks for; without them offline the page falls back to system fonts.
    "loslaten/fonts/serif-400.woff2",
    "loslaten/fonts/sans-400.woff2",
    "loslaten/fonts/sans-600.woff2",
)


@cache
def offline_version() -> str:
    """Changes whenever a cached file changes, so the worker refreshes its cache."""
    digest = hashlib.sha256()
    for name in (*OFFLINE_STATIC, "practice/templates/practice/breathe.html"):
        found = finders.find(name) or str(Path(__file__).parent / name)
        with contextlib.suppress(OSError):
            digest.update(Path(found).read_bytes())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker that keeps the breathing pages available offline."""
    pages = [reverse(name) for name in OFFLINE_PAGES]
    pages += [reverse("practice:moment", kwargs={"slug": slug}) for slug in SHORT_MOMENTS]
    assets = [static(name) for name in OFFLINE_STATIC]
    body = render_to_string(
        "practice/sw.js",
        {
            "urls": pages + assets,
            "version": offline_version(),
            "scope": reverse("practice:index"),
            "icon": static("loslaten/icon.svg"),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("practice:index")
    response["Cache-Control"] = "no-cache"
    return response


@require_http_methods(["GET", "POST"])
@keeps_typed(ThreeQuestionsForm)
def three_questions(request: HttpRequest) -> HttpResponse:
    context = {"form": ThreeQuestionsForm(), "none_answered": ThreeQuestionsForm.NONE_ANSWERED}
    visitor = _for_visitors(request, "practice/three_questions.html", context)
    if visitor is not None:
        return visitor
    form = ThreeQuestionsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = save_or_keep(form, services.answer_three_questions, request.user, form.cleaned_data)
        if entry is not None:
            messages.success(request, _("Je antwoorden staan in je dagboek."))
            return redirect(reverse("practice:journal") + f"#item-entry-{entry.pk}")
    return render_form(request, "practice/three_questions.html", {"form": form})


@require_POST
@keeps_typed(PromptAnswerForm)
def prompt_answer(request: HttpRequest, slug: str, anchor: str) -> HttpResponse:
    """Save the answer to an article's 💡 prompt, then go back to that prompt.

    When the database cannot save it, a page of its own shows the prompt and the answer
    as typed, to send again (the article page has nowhere to keep it)."""
    article = get_object_or_404(Article.objects.live(), slug=slug)
    prompts = dict(article.prompts())
    if anchor not in prompts:
        raise Http404
    back = f"{article.get_absolute_url()}#{anchor}"
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = PromptAnswerForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("text", []):
            messages.error(request, error)
        return redirect(back)
    text = form.cleaned_data["text"]
    if save_or_keep(form, services.answer_prompt, request.user, article, anchor, text) is None:
        context = {"form": form, "article": article, "prompt": prompts[anchor], "back": back}
        return render_form(request, "practice/prompt_answer.html", context)
    messages.success(request, _("Je antwoord staat in je dagboek. Alleen jij kunt het lezen."))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
@keeps_typed(JournalEntryForm)
def journal(request: HttpRequest) -> HttpResponse:
    """Everything on one timeline, a page at a time, searchable, with a form for a free entry."""
    form = JournalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = save_or_keep(form, services.create_entry, request.user, **form.cleaned_data)
        if entry is not None:
            messages.success(request, _("Bewaard in je dagboek."))
            return redirect(reverse("practice:journal") + f"#item-entry-{entry.pk}")
    q = request.GET.get("q", "").strip()[: settings.LOSLATEN_MAX_QUERY_CHARS]
    page = parse_page(request.GET.get("pagina"))
    return render_form(
        request,
        "practice/journal.html",
        {"form": form, "q": q, "page": timeline_page(request.user, q or None, page)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@keeps_typed(ThreeQuestionsForm, JournalEntryForm)
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = services.get_entry(request.user, entry_id)
    if entry.kind == "three_questions":
        form = ThreeQuestionsForm(request.POST or None, initial=entry.answers)
    else:
        form = JournalEntryForm(
            request.POST or None, initial={"title": entry.title, "text": entry.text}
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"answers": data} if entry.kind == "three_questions" else data
        if save_or_keep(form, services.update_entry, request.user, entry.pk, **fields) is not None:
            messages.success(request, _("Aangepast."))
            return redirect(item_url(request.user, "entry", entry))
    return render_form(request, "practice/entry_edit.html", {"form": form, "entry": entry})


CHECKIN_FORM_FIELDS = tuple(CheckInForm.base_fields)


@login_required
@require_http_methods(["GET", "POST"])
@keeps_typed(CheckInForm)
def checkin_edit(request: HttpRequest, checkin_id: int) -> HttpResponse:
    """Change a check-in's answers; its time stays as it was."""
    saved = services.get_checkin(request.user, checkin_id)
    initial = {name: getattr(saved, name) for name in CHECKIN_FORM_FIELDS}
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_keep(form, services.update_checkin, request.user, saved.pk, **data) is not None:
            messages.success(request, _("Aangepast."))
            return redirect(item_url(request.user, "checkin", saved))
    return render_form(request, "practice/checkin_edit.html", {"form": form, "checkin": saved})


def _confirm_delete(request: HttpRequest, what: str, obj: object, delete: object) -> HttpResponse:
    if request.method == "POST":
        delete(request.user, obj.pk)  # type: ignore[attr-defined,operator]
        messages.success(request, _("Verwijderd."))
        return redirect("practice:journal")
    return render(request, "practice/confirm_delete.html", {"what": what, "obj": obj})


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = services.get_entry(request.user, entry_id)
    return _confirm_delete(request, "entry", entry, services.delete_entry)


@login_required
@require_http_methods(["GET", "POST"])
def checkin_delete(request: HttpRequest, checkin_id: int) -> HttpResponse:
    saved = services.get_checkin(request.user, checkin_id)
    return _confirm_delete(request, "checkin", saved, services.delete_checkin)


@login_required
@require_http_methods(["GET", "POST"])
def moment_delete(request: HttpRequest, moment_id: int) -> HttpResponse:
    # A moment can be deleted but not edited: it records something the person did (what
    # the guide timed, with its rhythm), and holds nothing they typed that could need fixing.
    saved = services.get_moment(request.user, moment_id)
    return _confirm_delete(request, "moment", saved, services.delete_moment)


@login_required
@require_GET
def path_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "practice/path.html",
        {"states": path.path_state(request.user, today), "form": PathAnswerForm(), "today": today},
    )


@login_required
@require_POST
def path_step_done(request: HttpRequest, number: int) -> HttpResponse:
    form = PathAnswerForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("text", []):
            messages.error(request, error)
        return redirect(reverse("practice:path") + f"#stap-{number}")
    entry = path.complete_step(request.user, number, form.cleaned_data["text"])
    if entry:
        messages.success(request, _("Mooi. Je antwoord staat in je dagboek."))
    else:
        messages.success(request, _("Mooi. Deze stap is gedaan."))
    return redirect(reverse("practice:path") + f"#stap-{number}")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    prefs = services.get_settings(request.user)
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(prefs))
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k in services.SETTINGS_FIELDS}
        services.update_settings(request.user, **fields)
        messages.success(request, _("Je instellingen zijn bewaard."))
        return redirect("practice:settings")
    context = {
        "form": form,
        "time_zone": settings.TIME_ZONE,
        "push_key": push.application_server_key(),
        "devices": PushSubscription.objects.filter(user=request.user).count(),
    }
    return render(request, "practice/settings.html", context)
