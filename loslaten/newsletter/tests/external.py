"""Run in a separate process against the database in the environment (see test_processes).

python -m loslaten.newsletter.tests.external seed N   -> prints the id of a fresh issue
python -m loslaten.newsletter.tests.external report ID -> prints {email: status} as JSON
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loslaten.settings")
    import django

    django.setup()
    from django.utils import timezone

    from loslaten.newsletter.models import Delivery, Issue, Subscriber

    command, arg = argv[0], int(argv[1])
    if command == "seed":
        Issue.objects.all().delete()
        Subscriber.objects.all().delete()
        Subscriber.objects.bulk_create(
            Subscriber(email=f"lezer{i}@example.org", status=Subscriber.Status.CONFIRMED)
            for i in range(arg)
        )
        issue = Issue.objects.create(
            week="2030-W10",
            subject="Loslaten · week 10",
            opening="Wat mag je deze week loslaten?",
            practice="Laat je schouders zakken.",
            period_start=timezone.now(),
        )
        print(issue.pk)
    elif command == "report":
        rows = Delivery.objects.filter(issue_id=arg).values_list("subscriber__email", "status")
        print(json.dumps(dict(rows)))


if __name__ == "__main__":
    main(sys.argv[1:])
