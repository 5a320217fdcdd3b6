import datetime as dt

import pytest
from django.utils import timezone

from loslaten.api.tests.conftest import field_names
from loslaten.practice.models import Moment


def test_record_a_moment(alice_api, alice):
    response = alice_api.post(
        "/api/moments", {"kind": "breathe_minute", "duration_s": 60, "pattern": "4-6"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "breathe_minute" and body["pattern"] == "4-6"
    assert Moment.objects.get(pk=body["id"]).user == alice


def test_record_a_moment_from_earlier_today(alice_api):
    at = (timezone.now() - dt.timedelta(hours=2)).isoformat()
    response = alice_api.post("/api/moments", {"kind": "exhale", "duration_s": 5, "at": at})
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "dansen", "duration_s": 5}, "kind"),
        ({"kind": "exhale", "duration_s": 0}, "duration_s"),
        ({"kind": "exhale", "duration_s": 99999}, "duration_s"),
        ({"kind": "exhale", "duration_s": 5, "pattern": "snel"}, "pattern"),
        ({"kind": "exhale", "duration_s": 5, "at": "2001-01-01T00:00:00Z"}, "at"),
        ({"kind": "exhale"}, "duration_s"),
    ],
)
def test_invalid_moment_answers_422_naming_the_field(alice_api, body, field):
    assert field in field_names(alice_api.post("/api/moments", body))
    assert not Moment.objects.exists()
