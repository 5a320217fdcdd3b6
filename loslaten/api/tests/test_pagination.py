"""The lists /api/checkins and /api/journal come a page at a time: limit, offset, count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loslaten.api.endpoints import MAX_OFFSET, MAX_PAGE_SIZE, PAGE_SIZE
from loslaten.api.tests.conftest import CHECKIN, field_names
from loslaten.practice import services
from loslaten.practice.models import CheckIn

LISTS = ["/api/checkins", "/api/journal"]
NOON = dt.datetime(2025, 3, 4, 12, 0, tzinfo=dt.UTC)


def add_checkins(user, n: int, at: dt.datetime = NOON) -> list[int]:
    """n check-ins, all at the same moment (so only the id can order them); their ids."""
    rows = CheckIn.objects.bulk_create(CheckIn(user=user, at=at, **CHECKIN) for _ in range(n))
    return [row.pk for row in rows]


def add_entries(user, n: int, text: str = "een dag", at: dt.datetime = NOON) -> list[int]:
    return [services.create_entry(user, f"{text} {i}", at=at).pk for i in range(n)]


def walk(api, path: str, limit: int, **params) -> list[int]:
    """Every id of a list, page after page, in the order the pages give them."""
    ids: list[int] = []
    offset = 0
    while True:
        page = api.get(path, {"limit": limit, "offset": offset, **params}).json()
        if not page["items"]:
            return ids
        assert len(page["items"]) <= limit
        ids += [item["id"] for item in page["items"]]
        offset += limit


def test_a_page_holds_limit_items_and_counts_them_all(alice_api, alice):
    add_checkins(alice, 5)
    page = alice_api.get("/api/checkins", {"limit": 2}).json()
    assert len(page["items"]) == 2 and page["count"] == 5


def test_without_limit_a_page_holds_the_default_number(alice_api, alice):
    add_checkins(alice, PAGE_SIZE + 1)
    page = alice_api.get("/api/checkins").json()
    assert len(page["items"]) == PAGE_SIZE and page["count"] == PAGE_SIZE + 1


def test_the_largest_limit_is_allowed(alice_api, alice):
    add_checkins(alice, MAX_PAGE_SIZE + 1)
    page = alice_api.get("/api/checkins", {"limit": MAX_PAGE_SIZE}).json()
    assert len(page["items"]) == MAX_PAGE_SIZE and page["count"] == MAX_PAGE_SIZE + 1


def test_the_last_page_holds_what_is_left(alice_api, alice):
    add_checkins(alice, 5)
    page = alice_api.get("/api/checkins", {"limit": 2, "offset": 4}).json()
    assert len(page["items"]) == 1 and page["count"] == 5


@pytest.mark.parametrize("path", LISTS)
def test_an_offset_past_the_end_gives_no_items_and_the_full_count(alice_api, alice, path):
    add_checkins(alice, 3)
    add_entries(alice, 3)
    for offset in (3, 1000, MAX_OFFSET):
        response = alice_api.get(path, {"offset": offset})
        assert response.status_code == 200
        assert response.json() == {"items": [], "count": 3}


def test_an_empty_list_is_an_empty_page(alice_api):
    assert alice_api.get("/api/checkins").json() == {"items": [], "count": 0}
    assert alice_api.get("/api/journal").json() == {"items": [], "count": 0}


def test_checkin_pages_never_repeat_or_skip_a_row(alice_api, alice):
    same_moment = add_checkins(alice, 7)
    earlier = add_checkins(alice, 3, at=NOON - dt.timedelta(hours=1))
    later = add_checkins(alice, 2, at=NOON + dt.timedelta(hours=1))
    newest_first = sorted(later, reverse=True) + sorted(same_moment, reverse=True)
    newest_first += sorted(earlier, reverse=True)
    for limit in (1, 3, 5, 12):
        assert walk(alice_api, "/api/checkins", limit) == newest_first


def test_journal_pages_never_repeat_or_skip_a_row(alice_api, alice):
    same_moment = add_entries(alice, 6)
    earlier = add_entries(alice, 2, at=NOON - dt.timedelta(days=1))
    newest_first = sorted(same_moment, reverse=True) + sorted(earlier, reverse=True)
    for limit in (1, 4, 8):
        assert walk(alice_api, "/api/journal", limit) == newest_first


def test_the_checkins_of_a_page_keep_their_suggestion(alice_api, alice):
    services.create_checkin(alice, **{**CHECKIN, "tension": 1, "breath": "low"})
    item = alice_api.get("/api/checkins", {"limit": 1}).json()["items"][0]
    assert item["suggestion"] == services.suggestion_for(CheckIn.objects.get(pk=item["id"]))


def test_bob_never_sees_alices_checkins_in_any_page_or_count(bob_api, alice, bob):
    add_checkins(alice, 6)
    bobs = add_checkins(bob, 2)
    for offset in range(0, 8):
        page = bob_api.get("/api/checkins", {"limit": 1, "offset": offset}).json()
        assert page["count"] == 2
        assert {item["id"] for item in page["items"]} <= set(bobs)
    assert sorted(walk(bob_api, "/api/checkins", 1)) == sorted(bobs)


def test_bob_never_sees_alices_entries_in_any_page_count_or_search(bob_api, alice, bob):
    add_entries(alice, 5, text="geheim")
    bobs = add_entries(bob, 2, text="geheim")
    for params in ({}, {"q": "geheim"}):
        for offset in range(0, 7):
            page = bob_api.get("/api/journal", {"limit": 1, "offset": offset, **params}).json()
            assert page["count"] == 2
            assert {item["id"] for item in page["items"]} <= set(bobs)
        assert sorted(walk(bob_api, "/api/journal", 1, **params)) == sorted(bobs)


def test_a_search_is_paged_and_counts_only_the_matches(alice_api, alice):
    matches = add_entries(alice, 5, text="ik liet los")
    add_entries(alice, 4, text="iets anders")
    page = alice_api.get("/api/journal", {"q": "LIET", "limit": 2}).json()
    assert page["count"] == 5 and len(page["items"]) == 2
    assert walk(alice_api, "/api/journal", 2, q="liet") == sorted(matches, reverse=True)
    assert alice_api.get("/api/journal", {"q": "liet", "offset": 5}).json() == {
        "items": [],
        "count": 5,
    }


def test_a_page_is_cut_in_the_database(alice_api, alice):
    add_checkins(alice, 10)
    add_entries(alice, 10)
    for path in LISTS:
        with CaptureQueriesContext(connection) as queries:
            alice_api.get(path, {"limit": 3, "offset": 2})
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert "LIMIT 3 OFFSET 2" in sql, sql


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"limit": MAX_PAGE_SIZE + 1}, "limit"),
        ({"limit": 10_000}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": "veel"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": MAX_OFFSET + 1}, "offset"),
        ({"offset": "99999999999999999999999999"}, "offset"),
        ({"offset": "1.5"}, "offset"),
    ],
)
def test_a_bad_limit_or_offset_is_a_422_naming_it(alice_api, path, params, named):
    response = alice_api.get(path, params)
    assert field_names(response) == [named]
    assert response.json()["detail"][0]["msg"]


def test_a_too_large_limit_says_the_largest(alice_api):
    response = alice_api.get("/api/checkins", {"limit": MAX_PAGE_SIZE + 1})
    assert str(MAX_PAGE_SIZE) in response.json()["detail"][0]["msg"]


def test_the_schema_documents_the_page_parameters_and_shape(alice_api):
    schema = alice_api.get("/api/openapi.json").json()
    for path in LISTS:
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert params["limit"]["maximum"] == MAX_PAGE_SIZE
        assert params["limit"]["default"] == PAGE_SIZE
        assert params["offset"]["minimum"] == 0
    paged = schema["components"]["schemas"]["PagedCheckInOut"]
    assert set(paged["required"]) == {"items", "count"}


def test_the_export_still_gives_everything(alice_api, alice):
    add_checkins(alice, PAGE_SIZE + 10)
    data = alice_api.get("/api/export").json()
    assert len(data["checkins"]) == PAGE_SIZE + 10
