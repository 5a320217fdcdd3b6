"""The practice over time: a month as a calendar, a year as one cell per day.

The views only parse the address, call ``loslaten.practice.months`` and render. Months and
years outside 1970-2100, or not written as ``YYYY-MM`` / ``YYYY``, are 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from loslaten.practice import months
from loslaten.practice.services import local_date


@require_GET
@login_required
def this_month(request: HttpRequest) -> HttpResponse:
    """The current month."""
    return redirect("practice:month", month=local_date(timezone.now()).strftime("%Y-%m"))


@require_GET
@login_required
def month(request: HttpRequest, month: str) -> HttpResponse:
    """One month: tension per day, with check-ins and moments; each day links to its page."""
    try:
        first = months.parse_month(month)
    except ValueError:
        raise Http404 from None
    view = months.month_view(request.user, first)
    return render(request, "practice/month.html", {"view": view})


@require_GET
@login_required
def this_year(request: HttpRequest) -> HttpResponse:
    """The current year."""
    return redirect("practice:year", year=str(local_date(timezone.now()).year))


@require_GET
@login_required
def year(request: HttpRequest, year: str) -> HttpResponse:
    """One year, one cell per day."""
    try:
        number = months.parse_year(year)
    except ValueError:
        raise Http404 from None
    return render(request, "practice/year.html", {"view": months.year_view(request.user, number)})
