"""The journal a page at a time, with search still across all of it: a year of data."""

from __future__ import annotations

import datetime as dt

import pytest

from loslaten.practice.models import CheckIn, JournalEntry, Moment
from loslaten.practice.tests.helpers import CALM, local
from loslaten.practice.timeline import PAGE_SIZE, parse_page, timeline_page

START = local(2025, 1, 1, 7, 0)


@pytest.fixture
def a_year(alice):
    """6,000 rows over a year: a check-in, a moment and an entry about every 4½ hours."""
    step = dt.timedelta(minutes=263)
    at = [START + i * step for i in range(2000)]
    CheckIn.objects.bulk_create(CheckIn(user=alice, at=t, **CALM) for t in at)
    Moment.objects.bulk_create(
        Moment(user=alice, at=t + dt.timedelta(minutes=5), kind="exhale", duration_s=15) for t in at
    )
    JournalEntry.objects.bulk_create(
        JournalEntry(user=alice, at=t + dt.timedelta(minutes=9), text=f"dag {i}")
        for i, t in enumerate(at)
    )
    JournalEntry.objects.create(user=alice, at=START, text="Het café aan de gracht")
    return alice


def test_pages_follow_each_other_without_repeating_or_skipping(a_year):
    first, second = timeline_page(a_year, page=1), timeline_page(a_year, page=2)
    assert first.total == 6001 and first.pages == 121
    assert len(first.items) == len(second.items) == PAGE_SIZE
    assert first.items[-1].at >= second.items[0].at
    keys = {(i.kind, i.obj.pk) for i in first.items + second.items}
    assert len(keys) == 2 * PAGE_SIZE
    last = timeline_page(a_year, page=10_000)
    assert last.number == 121 and len(last.items) == 1 and last.next is None


def test_the_journal_page_is_small_with_a_year_of_data(
    alice_client, a_year, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = alice_client.get("/oefenen/dagboek/")
    html = response.content.decode()
    assert html.count('class="timeline-item') == PAGE_SIZE
    assert len(response.content) < 120_000
    assert "pagina 1 van 121" in html and "?pagina=2" in html


def test_search_still_finds_the_oldest_entry(alice_client, a_year):
    html = alice_client.get("/oefenen/dagboek/", {"q": "cafe"}).content.decode()
    assert "Het café aan de gracht" in html
    assert "1 resultaat voor" in html


def test_a_search_over_many_pages_keeps_the_query_in_its_links(alice_client, a_year):
    html = alice_client.get("/oefenen/dagboek/", {"q": "dag 1", "pagina": "2"}).content.decode()
    assert "pagina 2 van" in html
    assert "?q=dag%201&amp;pagina=3" in html


def test_a_page_far_past_the_end_is_the_last_page(alice_client, a_year):
    html = alice_client.get("/oefenen/dagboek/", {"pagina": "9" * 40}).content.decode()
    assert "pagina 121 van 121" in html


def test_the_pages_hold_what_the_whole_timeline_holds(alice):
    from loslaten.practice import services

    for i in range(7):
        services.create_entry(alice, f"stuk {i}", at=local(2026, 1, 1 + i % 3, 9))
        services.record_moment(alice, "feet", 30, at=local(2026, 1, 1 + i % 2, 9))
    services.create_checkin(alice, **CALM, on_mind="stuk", at=local(2026, 1, 2, 9))
    whole = [(i.kind, i.obj.pk) for i in services.timeline(alice)]
    paged = [
        (i.kind, i.obj.pk) for n in (1, 2, 3, 4) for i in timeline_page(alice, page=n, size=4).items
    ]
    assert sorted(paged) == sorted(whole) and len(paged) == len(whole) == 15
    found = [(i.kind, i.obj.pk) for i in timeline_page(alice, "STUK", size=100).items]
    assert sorted(found) == sorted((i.kind, i.obj.pk) for i in services.timeline(alice, "stuk"))


def test_every_row_is_on_the_page_page_of_names(alice):
    from loslaten.practice import services
    from loslaten.practice.timeline import page_of

    same = local(2026, 1, 1, 9)  # rows at one moment: ids and kinds decide the order
    for i in range(5):
        services.create_entry(alice, f"stuk {i}", at=same)
        services.record_moment(alice, "feet", 30, at=same)
        services.create_checkin(alice, **CALM, at=local(2026, 1, 1 + i, 8))
    for n in (1, 2, 3, 4):
        for item in timeline_page(alice, page=n, size=4).items:
            assert page_of(alice, item.kind, item.obj, size=4) == n


def test_after_editing_an_old_entry_the_journal_opens_on_its_page(alice_client, a_year):
    old = JournalEntry.objects.filter(user=a_year, text="dag 3").get()
    response = alice_client.post(
        f"/oefenen/dagboek/{old.pk}/bewerken/", {"title": "", "text": "dag 3, herschreven"}
    )
    # 12 rows are older (4 check-ins, 4 moments, 3 entries and the café): 5,988 are newer.
    assert response.url == f"/oefenen/dagboek/?pagina=120#item-entry-{old.pk}"
    html = alice_client.get(response.url).content.decode()
    assert f'id="item-entry-{old.pk}"' in html


def test_bob_sees_no_page_of_alices_journal(bob_client, a_year):
    html = bob_client.get("/oefenen/dagboek/", {"pagina": "3"}).content.decode()
    assert 'class="timeline-item' not in html


@pytest.mark.parametrize(
    "text,page",
    [("3", 3), ("0", 1), ("-2", 1), ("abc", 1), ("", 1), (None, 1), ("9" * 30, 100_000)],
)
def test_an_odd_page_number_is_the_first_page(text, page):
    assert parse_page(text) == page
