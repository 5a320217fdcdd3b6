import csv
import io

from loslaten.accounts.models import User
from loslaten.newsletter.models import Subscriber


def admin_export(client, subscribers):
    staff = User.objects.create_superuser("editor@example.org", "x-very-secret-9")
    client.force_login(staff)
    response = client.post(
        "/admin/newsletter/subscriber/",
        {"action": "export_as_csv", "_selected_action": [s.pk for s in subscribers]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_name_typed_as_a_formula_is_exported_as_plain_text(client, db):
    sneaky = Subscriber.objects.create(
        email="x@example.org", first_name='=HYPERLINK("http://evil.example","klik")'
    )
    rows = admin_export(client, [sneaky])
    assert rows[0]["first_name"].startswith("'=")
