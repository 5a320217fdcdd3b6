"""The body's day: the hormone model run on a person's own check-ins and micro-moments.

One job per module:

* ``facts``: wake and sleep, sample steps, the groups of curves, names, the disclaimer;
* ``results``: the typed results (``Day``, ``Week``, ``Scenario`` and their parts);
* ``model``: a person's day (``day_model``/``day_page``), with now and the expected course;
* ``glance``: one small chart of the day, for the overview, home and the check-in's page;
* ``story``: the day in words, past tense only for what has happened, causes by counterfactual;
* ``whatif``: the day's events changed, and the window after the change compared;
* ``draw``: the charts and their tables;
* ``week``: seven days in one run; ``scenarios``: the model's public example days;
* ``reading``, ``words``, ``cache``: the helpers they share.

The model is an explanation, not a measurement: every value is relative to the person's own
resting rhythm (1.0).
"""

from loslaten.practice.day.draw import day_charts, week_charts
from loslaten.practice.day.model import (
    day_model,
    day_page,
    day_source,
    local_today,
    page_parts,
)
from loslaten.practice.day.scenarios import scenario_charts, scenario_list, scenario_model
from loslaten.practice.day.week import week_model, week_page
from loslaten.practice.day.whatif import WHAT_IFS

__all__ = [
    "WHAT_IFS",
    "day_charts",
    "day_model",
    "day_page",
    "day_source",
    "local_today",
    "page_parts",
    "scenario_charts",
    "scenario_list",
    "scenario_model",
    "week_charts",
    "week_model",
    "week_page",
]
