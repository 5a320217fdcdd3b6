"""`loslaten newsletter import|compose|send|status|resend-in-doubt`."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from loslaten.newsletter import sending
from loslaten.newsletter.bounces import read_bounces
from loslaten.newsletter.compose import compose_issue
from loslaten.newsletter.csvio import import_csv
from loslaten.newsletter.mailboxes import MailboxError
from loslaten.newsletter.models import Issue
from loslaten.newsletter.schedule import enqueue_send

PAUSED_EXIT = 3  # the send stopped on a fault of ours (see docs/newsletter.md)


class Command(BaseCommand):
    help = "The weekly newsletter: import subscribers, compose, send, check progress."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser(
            "import", help="import a CSV: email[,first_name], or a listmonk or Mailchimp export"
        )
        imp.add_argument("file")
        imp.add_argument(
            "--consented",
            action="store_true",
            help="consent was given elsewhere: no confirmation email, confirmed at once",
        )
        sub.add_parser("compose", help="compose this week's issue now and print its id")
        send = sub.add_parser("send", help="send an issue in the foreground")
        send.add_argument("issue_id", type=int)
        send.add_argument("--queue", action="store_true", help="hand it to the workers instead")
        send.add_argument("--workers", type=int, default=1, help="tasks to enqueue with --queue")
        status = sub.add_parser("status", help="deliveries per state and the in-doubt ones")
        status.add_argument("issue_id", type=int)
        bounces = sub.add_parser("bounces", help="read bounces and complaints from the mailbox")
        bounces.add_argument(
            "--mailbox", default="", help="imaps://user:pass@host/FOLDER or a Maildir path"
        )
        resend = sub.add_parser("resend-in-doubt", help="send the in-doubt deliveries again")
        resend.add_argument("issue_id", type=int)
        resend.add_argument("--queue", action="store_true")

    def handle(self, *args, subcommand: str, **options):
        handler = {
            "import": self.do_import,
            "compose": self.do_compose,
            "send": self.do_send,
            "status": self.do_status,
            "resend-in-doubt": self.do_resend,
            "bounces": self.do_bounces,
        }[subcommand]
        handler(**options)

    def issue(self, issue_id: int) -> Issue:
        issue = Issue.objects.filter(pk=issue_id).first()
        if issue is None:
            raise CommandError(f"no issue with id {issue_id}")
        return issue

    def do_import(self, file: str, consented: bool = False, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                report = import_csv(handle, consented=consented)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error}") from None
        if report.format != "plain":
            self.stdout.write(f"read as a {report.format} export")
        if report.unknown_columns:
            self.stderr.write(f"unknown columns, ignored: {', '.join(report.unknown_columns)}")
        if report.not_kept:
            self.stdout.write(
                f"columns not kept (we store address and first name): {', '.join(report.not_kept)}"
            )
        for line, reason in report.rejected:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(
            f"imported {report.created}, already on the list {report.existing}, "
            f"rejected {len(report.rejected)}"
            + (
                ""
                if consented
                else " (new addresses without proof of consent get a confirmation email)"
            )
        )

    def do_compose(self, **options):
        issue, created = compose_issue()
        self.stdout.write(str(issue.pk))
        if not created:
            self.stderr.write(f"issue {issue.pk} for {issue.week} already existed")

    def do_send(self, issue_id: int, queue: bool = False, workers: int = 1, **options):
        issue = self.issue(issue_id)
        if issue.status == Issue.Status.SENT:
            raise CommandError(f"issue {issue_id} has been sent; see `status {issue_id}`")
        if queue:
            sending.start(issue, resume=True)
            enqueue_send(issue, timezone.now(), workers=max(1, workers))
            self.stdout.write(f"issue {issue_id} handed to {max(1, workers)} worker(s)")
            return
        self.send_foreground(issue)

    def send_foreground(self, issue: Issue):
        sending.start(issue)
        total = max(sum(sending.counts(issue.pk).values()), 1)
        start = sum(
            n
            for state, n in sending.counts(issue.pk).items()
            if state not in ("pending", "claimed")
        )
        tty = sys.stderr.isatty()

        def progress(summary: sending.Summary, last=[0]) -> None:  # noqa: B006
            done = start + summary.sent + summary.failed + summary.skipped + summary.in_doubt
            if not tty and done - last[0] < max(total // 20, 1) and done < total:
                return
            last[0] = done
            width = 30
            filled = int(width * done / total)
            bar = "#" * filled + "-" * (width - filled)
            end = "\r" if tty else "\n"
            self.stderr.write(f"[{bar}] {done}/{total}", ending=end)
            self.stderr.flush()

        def waiting(what: sending.Waiting) -> None:
            until = timezone.localtime(what.until).strftime("%H:%M:%S")
            self.stderr.write(f"waiting for {what.reason}, until {until}", ending=end)
            self.stderr.flush()

        end = "\r" if tty else "\n"
        summary = sending.Sender(issue.pk, progress=progress, waiting=waiting).run(resume=True)
        self.stderr.write("")
        self.stdout.write(
            f"sent {summary.sent}, failed {summary.failed}, skipped {summary.skipped}, "
            f"in doubt {summary.in_doubt}"
        )
        self.do_status(issue.pk)
        if summary.paused:
            self.stderr.write(
                f"paused: {summary.paused}. Nobody was marked for it; fix it and run "
                f"`loslaten newsletter send {issue.pk}` again."
            )
            raise SystemExit(PAUSED_EXIT)

    def do_status(self, issue_id: int, **options):
        issue = self.issue(issue_id)
        self.stdout.write(f"issue {issue.pk} ({issue.week}): {issue.status}")
        if issue.status == Issue.Status.PAUSED:
            self.stdout.write(f"paused because {issue.paused_reason}")
        for state, n in sending.counts(issue.pk).items():
            self.stdout.write(f"  {state:<9} {n}")
        doubtful = sending.in_doubt(issue.pk)
        if doubtful:
            self.stdout.write("in doubt (may or may not have arrived; see resend-in-doubt):")
            for delivery_id, email, message in doubtful:
                self.stdout.write(f"  {delivery_id} {email} {message}")

    def do_bounces(self, mailbox: str = "", **options):
        url = mailbox or settings.LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX
        if not url:
            raise CommandError(
                "no bounce mailbox: set LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX or pass --mailbox",
                returncode=2,
            )
        try:
            summary = read_bounces(url)
        except MailboxError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(str(summary))

    def do_resend(self, issue_id: int, queue: bool = False, **options):
        issue = self.issue(issue_id)
        n = sending.requeue_in_doubt(issue.pk)
        self.stdout.write(f"{n} in-doubt deliveries back in the queue")
        if n:
            if queue:
                enqueue_send(issue, timezone.now())
            else:
                self.send_foreground(Issue.objects.get(pk=issue.pk))
