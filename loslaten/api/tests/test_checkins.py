import pytest

from loslaten.api.tests.conftest import CHECKIN, field_names
from loslaten.practice import services
from loslaten.practice.models import CheckIn


@pytest.fixture
def alices_checkin(alice):
    return services.create_checkin(alice, **CHECKIN, on_mind="alice denkt na")


def test_create_a_checkin(alice_api, alice):
    response = alice_api.post("/api/checkins", {**CHECKIN, "on_mind": "werk", "did": "hold"})
    assert response.status_code == 201
    body = response.json()
    assert body["tension"] == 7 and body["did"] == "hold" and body["on_mind"] == "werk"
    assert body["suggestion"] == "breathe_minute"
    assert CheckIn.objects.get(pk=body["id"]).user == alice


def test_create_a_checkin_at_an_earlier_time(alice_api):
    response = alice_api.post("/api/checkins", {**CHECKIN, "at": "2025-03-04T09:30:00+01:00"})
    assert response.status_code == 201
    assert response.json()["at"].startswith("2025-03-04T08:30:00")


def test_list_checkins_shows_only_your_own(alice_api, alices_checkin, bob):
    services.create_checkin(bob, **CHECKIN)
    response = alice_api.get("/api/checkins")
    assert response.status_code == 200
    body = response.json()
    assert [c["id"] for c in body["items"]] == [alices_checkin.pk] and body["count"] == 1
    assert body["items"][0]["suggestion"] == "breathe_minute"


def test_get_a_checkin(alice_api, alices_checkin):
    response = alice_api.get(f"/api/checkins/{alices_checkin.pk}")
    assert response.status_code == 200
    assert response.json()["on_mind"] == "alice denkt na"


def test_patch_changes_only_the_given_fields(alice_api, alices_checkin):
    response = alice_api.patch(f"/api/checkins/{alices_checkin.pk}", {"tension": 2})
    assert response.status_code == 200
    alices_checkin.refresh_from_db()
    assert alices_checkin.tension == 2
    assert alices_checkin.breath == "high" and alices_checkin.on_mind == "alice denkt na"


def test_delete_a_checkin(alice_api, alices_checkin):
    response = alice_api.delete(f"/api/checkins/{alices_checkin.pk}")
    assert response.status_code == 204
    assert not CheckIn.objects.filter(pk=alices_checkin.pk).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tension": 11}, "tension"),
        ({"tension": "veel"}, "tension"),
        ({"breath": "diep"}, "breath"),
        ({"did": "dansen"}, "did"),
        ({"at": "2999-01-01T00:00:00Z"}, "at"),
        ({"at": "gisteren"}, "at"),
    ],
)
def test_invalid_checkin_answers_422_naming_the_field(alice_api, change, field):
    assert field in field_names(alice_api.post("/api/checkins", {**CHECKIN, **change}))
    assert not CheckIn.objects.exists()


def test_a_missing_field_is_named(alice_api):
    body = {k: v for k, v in CHECKIN.items() if k != "jaw"}
    assert field_names(alice_api.post("/api/checkins", body)) == ["jaw"]


def test_too_long_text_answers_422_naming_the_field(alice_api, settings):
    settings.LOSLATEN_MAX_TEXT_CHARS = 100
    response = alice_api.post("/api/checkins", {**CHECKIN, "on_mind": "x" * 101})
    assert field_names(response) == ["on_mind"]
    assert "100" in response.json()["detail"][0]["msg"]


def test_patch_validates_like_create(alice_api, alices_checkin):
    response = alice_api.patch(f"/api/checkins/{alices_checkin.pk}", {"tension": None})
    assert field_names(response) == ["tension"]
    alices_checkin.refresh_from_db()
    assert alices_checkin.tension == 7


def test_text_with_a_lone_surrogate_is_refused(alice_api):
    body = (
        '{"breath": "high", "shoulders": "tense", "jaw": "soft", "belly": "soft", '
        '"tension": 1, "on_mind": "\\ud800"}'
    )
    response = alice_api.generic("POST", "/api/checkins", body, content_type="application/json")
    assert field_names(response) == ["on_mind"]


def test_a_nul_character_is_refused(alice_api):
    assert field_names(alice_api.post("/api/checkins", {**CHECKIN, "on_mind": "a\x00b"})) == [
        "on_mind"
    ]


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_bob_gets_404_on_alices_checkin(bob_api, alices_checkin, method):
    url = f"/api/checkins/{alices_checkin.pk}"
    response = getattr(bob_api, method)(url, {"tension": 0} if method == "patch" else None)
    assert response.status_code == 404
    alices_checkin.refresh_from_db()
    assert alices_checkin.tension == 7


@pytest.mark.parametrize("pk", ["0", "-1", "99999999999999999999999", "abc"])
def test_impossible_ids_answer_4xx(alice_api, pk):
    assert alice_api.get(f"/api/checkins/{pk}").status_code in (404, 422)


def test_a_missing_id_answers_404(alice_api):
    assert alice_api.get("/api/checkins/123456").status_code == 404
