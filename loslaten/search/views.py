from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from loslaten.search.engine import (
    SUGGESTED_QUERIES,
    max_query_chars,
    run_query,
    suggested_categories,
)


def results(request: HttpRequest) -> HttpResponse:
    """The results page for ``?q=``: passages, or a kind word on why there are none."""
    outcome = run_query(request.GET.get("q", ""))
    context = {
        "outcome": outcome,
        "search_query": outcome.query,
        "suggested_queries": SUGGESTED_QUERIES,
        "max_chars": max_query_chars(),
        "suggested_categories": [] if outcome.state == "hits" else suggested_categories(),
    }
    return render(request, "search/results.html", context)
