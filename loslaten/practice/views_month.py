"""The practice over time: a month as a calendar, a year as one cell per day.

The views call ``loslaten.practice.months`` and render; the address is parsed by the URL
converters of ``loslaten.core.dates``, so months and years outside 1970-2100, or not written
as ``YYYY-MM`` / ``YYYY``, are 404 before a view runs.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from loslaten.practice import months
from loslaten.practice.services import local_date


@require_GET
@login_required
def this_month(request: HttpRequest) -> HttpResponse:
    """The current month."""
    return redirect("practice:month", first=local_date(timezone.now()))


@require_GET
@login_required
def month(request: HttpRequest, first: dt.date) -> HttpResponse:
    """One month (``first``, its first day): tension per day, with check-ins and moments;
    each day links to its page."""
    view = months.month_view(request.user, first)
    return render(request, "practice/month.html", {"view": view})


@require_GET
@login_required
def this_year(request: HttpRequest) -> HttpResponse:
    """The current year."""
    return redirect("practice:year", year=local_date(timezone.now()).year)


@require_GET
@login_required
def year(request: HttpRequest, year: int) -> HttpResponse:
    """One year, one cell per day."""
    return render(request, "practice/year.html", {"view": months.year_view(request.user, year)})
