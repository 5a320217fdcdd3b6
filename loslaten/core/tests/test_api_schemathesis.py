"""Schemathesis against the live API: generated requests never get a 5xx or break the schema.

Every operation in /api/openapi.json gets a bounded number of generated requests, sent
over HTTP to the live test server with a real token; each response is checked against
the schema (status codes, content types, bodies, headers) and must never be a server
error. Schemathesis's own pytest plugin does not run under pytest 9 yet, so the test
drives its strategies through Hypothesis itself, one operation after another.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 12
# What "keeps its schema" means here. Not positive_data_acceptance: a schema-valid request
# may still be refused with a 422 for reasons JSON Schema cannot say ("not in the future").
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def make_token() -> str:
    from loslaten.accounts.models import User
    from loslaten.accounts.services import create_token

    user = User.objects.create_user("schema@example.org", "adem-in-adem-uit-42")
    return create_token(user, "schemathesis")[1]


def test_the_api_keeps_its_schema_and_never_fails(live_server, transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    headers = {"Authorization": f"Bearer {make_token()}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    failures: list[str] = []
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS, timeout=30)

        try:
            check()
        except (Exception, BaseExceptionGroup) as error:  # one report for the whole API
            failures.append(f"{operation.label}: {str(error).strip()[:1500]}")
        checked += 1
    assert checked > 0
    assert not failures, "\n\n".join(failures)
