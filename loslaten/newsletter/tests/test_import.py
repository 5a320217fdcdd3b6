import pytest
from django.core import mail
from django.core.management import call_command

from loslaten.newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

CSV = """email,first_name
anna@example.org,Anna
geen-adres,Piet
BESTAAND@example.org,Bestaand
anna@example.org,Dubbel
,
joris@example.org
"""


@pytest.fixture
def csv_file(tmp_path):
    Subscriber.objects.create(email="bestaand@example.org", status=Subscriber.Status.CONFIRMED)
    path = tmp_path / "lijst.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_import_reports_invalid_rows_with_line_numbers(csv_file, capsys):
    call_command("newsletter", "import", str(csv_file))
    out, err = capsys.readouterr()
    assert "line 3: geen geldig e-mailadres" in err
    assert "line 5: dubbel" in err
    assert "imported 2, already on the list 1, rejected 2" in out


def test_imported_addresses_must_confirm(csv_file):
    call_command("newsletter", "import", str(csv_file))
    new = Subscriber.objects.filter(email__in=["anna@example.org", "joris@example.org"])
    assert {s.status for s in new} == {Subscriber.Status.PENDING}
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "joris@example.org"]
    assert Subscriber.objects.get(email="anna@example.org").first_name == "Anna"


def test_existing_addresses_are_not_duplicated_or_changed(csv_file):
    call_command("newsletter", "import", str(csv_file))
    call_command("newsletter", "import", str(csv_file))
    assert Subscriber.objects.filter(email="bestaand@example.org").count() == 1
    assert Subscriber.objects.get(email="bestaand@example.org").first_name == ""
    assert Subscriber.objects.count() == 3


def test_consented_import_confirms_without_email(csv_file):
    call_command("newsletter", "import", str(csv_file), "--consented")
    anna = Subscriber.objects.get(email="anna@example.org")
    assert anna.status == Subscriber.Status.CONFIRMED
    assert anna.consent_method == "import-consented"
    assert anna.confirmed_at is not None
    assert not mail.outbox


def test_admin_exports_csv(admin_client):
    Subscriber.objects.create(email="anna@example.org", first_name="Anna")
    response = admin_client.post(
        "/admin/newsletter/subscriber/",
        {"action": "export_as_csv", "_selected_action": [Subscriber.objects.get().pk]},
    )
    assert response["Content-Type"] == "text/csv"
    # utf-8-sig: the file starts with a byte-order mark so spreadsheets read accents right.
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("email,first_name,status")
    assert lines[1].startswith("anna@example.org,Anna,pending")
