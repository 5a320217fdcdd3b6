"""/.well-known/security.txt says where to report a vulnerability (RFC 9116)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone


def fields(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.strip().splitlines())


def test_security_txt_names_a_contact_and_does_not_expire_for_months(client, db, settings):
    settings.LOSLATEN_SECURITY_CONTACT = "mailto:veiligheid@loslaten.example.nl"
    now = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(now, tick=False):
        response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response.text)
    assert found["Contact"] == "mailto:veiligheid@loslaten.example.nl"
    assert found["Canonical"] == "http://testserver/.well-known/security.txt"
    expires = dt.datetime.fromisoformat(found["Expires"].replace("Z", "+00:00"))
    # RFC 9116: in the future, and less than a year ahead.
    assert now + dt.timedelta(days=30) < expires < now + dt.timedelta(days=365)
    assert timezone.is_aware(expires)


def test_the_security_policy_is_in_the_repository():
    from pathlib import Path

    policy = (Path(__file__).resolve().parents[3] / "SECURITY.md").read_text()
    assert "/.well-known/security.txt" in policy
    assert "## Reporting" in policy and "## Scope" in policy and "## Hardening" in policy
