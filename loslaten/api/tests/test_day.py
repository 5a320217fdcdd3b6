import datetime as dt

import pytest
from django.utils import timezone

from loslaten.api.tests.conftest import CHECKIN, field_names
from loslaten.practice import services


def test_the_day_has_curves_and_an_explanation(alice_api, alice):
    at = timezone.make_aware(dt.datetime(2025, 3, 4, 9, 30))
    services.create_checkin(alice, **CHECKIN, did="hold", at=at)
    response = alice_api.get("/api/day/2025-03-04")
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2025-03-04"
    assert {"cortisol", "tension"} <= set(body["series"])
    assert body["explanation"]
    assert body["disclaimer"]
    assert [e["kind"] for e in body["events"]] == ["hold"]


def test_the_day_speaks_english_when_asked(alice_api):
    body = alice_api.get("/api/day/2025-03-04", {"lang": "en"}).json()
    assert body["lang"] == "en"


def test_bobs_day_does_not_show_alices_events(alice, bob_api):
    at = timezone.make_aware(dt.datetime(2025, 3, 4, 9, 30))
    services.create_checkin(alice, **CHECKIN, did="hold", at=at)
    assert bob_api.get("/api/day/2025-03-04").json()["events"] == []


@pytest.mark.parametrize(
    "day", ["2025-02-30", "2025-13-01", "gisteren", "2025-3-4", "0001-01-01", "9999-12-31"]
)
def test_an_impossible_day_answers_422_with_a_reason(alice_api, day):
    response = alice_api.get(f"/api/day/{day}")
    assert field_names(response) == ["day"]
    assert response.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("9999-12-31", "the date must lie between 1970 and 2100"),
        ("1969-12-31", "the date must lie between 1970 and 2100"),
        ("2025-02-30", "expected a date as YYYY-MM-DD"),
        ("２０２５-03-04", "expected a date as YYYY-MM-DD"),
    ],
)
def test_the_reason_says_whether_the_day_is_far_or_no_day(alice_api, day, reason):
    assert alice_api.get(f"/api/day/{day}").json()["detail"][0]["msg"] == reason


def test_an_unknown_language_is_named(alice_api):
    assert field_names(alice_api.get("/api/day/2025-03-04", {"lang": "fr"})) == ["lang"]


def test_the_day_schema_is_documented_in_openapi(client):
    schema = client.get("/api/openapi.json").json()
    ok = schema["paths"]["/api/day/{day}"]["get"]["responses"]["200"]
    ref = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    day = schema["components"]["schemas"][ref]
    assert {"events", "series", "groups", "story", "now_min", "what_if"} <= set(day["properties"])
    assert "cause" in schema["components"]["schemas"]["SummaryOut"]["properties"]


def test_the_day_names_the_cause_and_answers_a_what_if(alice_api, alice):
    for minute, did in ((14, "hold"), (30, "suppress"), (45, "accept")):
        at = timezone.make_aware(dt.datetime(2025, 3, 4, 6, minute))
        services.create_checkin(alice, **CHECKIN, did=did, at=at)
    body = alice_api.get("/api/day/2025-03-04", {"what_if": "aanvaarden", "moment": 1}).json()
    assert body["wake"] == "06:14" and body["wake_from"] == "checkin"
    cause = body["groups"][0]["summary"]["cause"]
    assert body["events"][cause - 1]["kind"] in ("hold", "suppress")
    assert body["what_if"]["event"] == 1
    assert body["what_if"]["window_change"]["adrenaline"] < 0
    assert body["explanation"] == "\n".join(body["story"])


def test_an_unknown_what_if_answers_422(alice_api):
    response = alice_api.get("/api/day/2025-03-04", {"what_if": "vliegen"})
    assert field_names(response) == ["what_if"]
