"""Input that is too big or malformed answers 4xx with a reason, never 5xx."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loslaten.api.tests.conftest import CHECKIN
from loslaten.practice import services


def test_an_oversized_body_answers_413_with_a_reason(alice_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    response = alice_api.post("/api/journal", {"text": "x" * 5000})
    assert response.status_code == 413
    body = response.json()
    assert body["detail"]  # a reason in words
    assert body["limit_bytes"] == 2048


def test_malformed_json_answers_4xx(alice_api):
    response = alice_api.generic(
        "POST", "/api/journal", "{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = [
    "breath",
    "shoulders",
    "jaw",
    "belly",
    "tension",
    "on_mind",
    "did",
    "at",
    "title",
    "text",
    "kind",
    "duration_s",
    "pattern",
]
# Bodies that look like ours, with random values: the likeliest to get past the schema.
NEAR_MISS = st.dictionaries(st.sampled_from(FIELDS), JSON | st.integers(-(2**70), 2**70))
BODIES = JSON | NEAR_MISS | st.builds(lambda extra: {**CHECKIN, **extra}, NEAR_MISS)


@pytest.fixture
def targets(alice):
    checkin = services.create_checkin(alice, **CHECKIN)
    entry = services.create_entry(alice, "tekst")
    return [
        ("post", "/api/checkins"),
        ("patch", f"/api/checkins/{checkin.pk}"),
        ("post", "/api/journal"),
        ("patch", f"/api/journal/{entry.pk}"),
        ("post", "/api/moments"),
    ]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODIES)
def test_random_json_never_causes_a_server_error(alice_api, targets, body):
    for method, path in targets:
        response = getattr(alice_api, method)(path, json.dumps(body))
        assert response.status_code < 500, (method, path, body, response.content[:300])
