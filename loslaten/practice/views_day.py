"""Pages for the body's day (a person's own, login required) and the model's public scenarios.

The views only parse input, call ``loslaten.practice.day`` and render. Dates and weeks in the
address are parsed by the URL converters of ``loslaten.core.dates`` (1970–2100, else 404).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.views.decorators.http import require_GET

from loslaten.core.dates import week_label
from loslaten.practice import day as body
from loslaten.practice.day.cache import CACHE_SECONDS, page_key
from loslaten.practice.day.facts import DISCLAIMER, current_lang
from loslaten.practice.day.results import Week

#: Days before this are refused: nobody checked in then, and it keeps the cache honest.
EARLIEST = dt.date(2000, 1, 1)


def _event_number(request: HttpRequest) -> int | None:
    """The what-if's ``?moment=`` (an event number), or ``None`` when it is not one."""
    text = request.GET.get("moment", "")
    return int(text) if text.isdigit() and len(text) < 4 else None


def _day_page(request: HttpRequest, date: dt.date) -> HttpResponse:
    source = body.day_source(
        request.user, date, current_lang(), request.GET.get("wat-als"), _event_number(request)
    )
    today = body.local_today()
    # The whole page is kept rendered under the day's content, today and the address, so
    # that looking again reads one string. A waiting message is shown once, so a page with
    # one is neither kept nor taken from the cache.
    key = page_key(source.digest, today, request.get_full_path())
    quiet = not len(messages.get_messages(request))
    kept = cache.get(key) if quiet else None
    if kept is not None:
        return HttpResponse(kept)
    model, charts, window = body.page_parts(source)
    context = {
        "model": model,
        "charts": charts,
        "window": window,
        "date_label": date_format(date, "l j F Y"),
        "previous_day": date - dt.timedelta(days=1),
        "next_day": date + dt.timedelta(days=1) if date < today else None,
        "week": week_label(date),
        "is_today": date == today,
        "month": date.strftime("%Y-%m"),
    }
    response = render(request, "practice/day.html", context)
    if quiet:
        cache.set(key, response.content, CACHE_SECONDS)
    return response


@require_GET
@login_required
def today(request: HttpRequest) -> HttpResponse:
    """The body's day today."""
    return _day_page(request, body.local_today())


@require_GET
@login_required
def day(request: HttpRequest, date: dt.date) -> HttpResponse:
    """The body's day on an earlier date (a later one gets a friendly word)."""
    if date < EARLIEST:
        raise Http404
    return _day_page(request, date)


@require_GET
@login_required
def week(request: HttpRequest, monday: dt.date) -> HttpResponse:
    """The body's week from ``monday``: seven days in one run of the model."""
    if monday < EARLIEST:
        raise Http404
    model, charts = body.week_page(request.user, monday, current_lang())
    context = {
        "model": model,
        "charts": charts,
        "next_week": model.next if not model.future and not _has_today(model) else None,
    }
    return render(request, "practice/day_week.html", context)


def _has_today(week: Week) -> bool:
    today = body.local_today().isoformat()
    return any(d.date == today for d in week.days)


@require_GET
def model_index(request: HttpRequest) -> HttpResponse:
    """How the model works, in plain Dutch, and its example days (public)."""
    context = {"scenarios": body.scenario_list(current_lang()), "disclaimer": DISCLAIMER}
    return render(request, "practice/model.html", context)


@require_GET
def model_scenario(request: HttpRequest, slug: str) -> HttpResponse:
    """One example day drawn with its explanation and, when paired, the comparison (public)."""
    try:
        model = body.scenario_model(slug, current_lang())
    except KeyError:
        raise Http404 from None
    charts = body.scenario_charts(slug, current_lang())
    return render(request, "practice/model_scenario.html", {"model": model, "charts": charts})
