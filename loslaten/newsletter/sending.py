"""Sending an issue: nothing twice, nothing lost.

Every (issue, subscriber) pair has one Delivery row. A worker claims a batch of due rows
(`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's IMMEDIATE transactions
serialise the claims) with a lease, then for each group of IN_DOUBT_GROUP rows:

1. in one transaction: lock the subscribers, check they are still confirmed, and mark the
   group's deliveries `in_doubt` (committed before any of them is sent), together with
   the answers of the previous group;
2. for each row: read the subscriber's status again, hand the message to the SMTP server;
3. keep the answer, judged by classify.py: `sent` (committed with the next group's mark);
   `failed` when the reader's own mailbox refused; back to `pending` with a later
   `next_attempt_at` (4xx, or no connection before the hand-over); or a pause of the
   whole issue when the server refused us or the message (the reader loses nothing;
   `send ID` resumes). All but `sent` are committed at once.

A crash between 1 and the next group's commit leaves at most one group in doubt per open
connection; rows of a group cut short without a crash (a pause) that were never handed
over go back to `claimed`. In-doubt rows are never sent again by themselves;
`loslaten newsletter resend-in-doubt ID` does that on purpose. Rows a killed worker had
claimed but not touched return to the pool at once when that worker's process is gone from
this host, else when their lease runs out.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from loslaten.newsletter import emails
from loslaten.newsletter.models import Delivery, DeliveryAttempt, Issue, Subscriber
from loslaten.newsletter.transport import (
    PAUSE,
    PERMANENT,
    SENT,
    TEMPORARY,
    UNDELIVERABLE,
    ConnectFailed,
    Outcome,
    default_transport,
)

log = logging.getLogger(__name__)
D = Delivery.Status
# Small enough that workers sharing an issue finish close together (a batch is the most
# one can still be busy with while the others have nothing left), large enough that
# claiming costs little beside sending.
BATCH_SIZE = 50
# Deliveries marked in doubt in one commit before any of them is sent: the most a crash
# can leave in doubt per connection. One commit per message cost more than its sending.
IN_DOUBT_GROUP = 10
MAX_ATTEMPTS = 10
MAX_BACKOFF = dt.timedelta(hours=6)


def worker_name() -> str:
    """A name unique to this process, kept in `claimed_by`."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def backoff(attempts: int) -> dt.timedelta:
    """Wait before retry number `attempts`: base, 2×base, 4×base, ..., at most 6 hours."""
    seconds = settings.LOSLATEN_NEWSLETTER_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(dt.timedelta(seconds=seconds), MAX_BACKOFF)


def start(issue: Issue, now: dt.datetime | None = None, *, resume: bool = False) -> bool:
    """Move a draft or scheduled issue to `sending` and create its deliveries.

    Idempotent: a second call, or a call after a crash halfway through preparing, only adds
    the rows that are missing. A paused issue goes on only with `resume` (someone fixed
    the fault; a queued task never resumes by itself). Returns False unless the issue is
    (now) being sent.
    """
    now = now or timezone.now()
    Issue.objects.filter(
        pk=issue.pk, status__in=[Issue.Status.DRAFT, Issue.Status.SCHEDULED]
    ).update(status=Issue.Status.SENDING, started_at=now)
    if resume:
        Issue.objects.filter(pk=issue.pk, status=Issue.Status.PAUSED).update(
            status=Issue.Status.SENDING, paused_reason="", paused_at=None
        )
    issue.refresh_from_db()
    if issue.status != Issue.Status.SENDING:
        return False
    if issue.prepared_at is None:
        prepare_deliveries(issue)
        Issue.objects.filter(pk=issue.pk).update(prepared_at=timezone.now())
    return True


def pause(issue_id: int, reason: str) -> bool:
    """Stop sending an issue because of a fault on our side; True if this call paused it.

    Every worker stops claiming; the deliveries stay due and go out after `send ID`.
    """
    paused = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).update(
        status=Issue.Status.PAUSED, paused_reason=reason[:500], paused_at=timezone.now()
    )
    if paused:
        log.error("newsletter: issue %s paused: %s", issue_id, reason)
    return bool(paused)


def count_hard_failure(subscriber_id: int) -> None:
    """The bounce rule: after LOSLATEN_NEWSLETTER_MAX_HARD_FAILURES permanent refusals of
    the reader's own mailbox (at once, or later by a bounce), the address is `bounced`."""
    Subscriber.objects.filter(pk=subscriber_id).update(hard_failures=F("hard_failures") + 1)
    Subscriber.objects.filter(
        pk=subscriber_id,
        status=Subscriber.Status.CONFIRMED,
        hard_failures__gte=settings.LOSLATEN_NEWSLETTER_MAX_HARD_FAILURES,
    ).update(status=Subscriber.Status.BOUNCED)


def prepare_deliveries(issue: Issue, chunk: int = 2000) -> int:
    """One Delivery per confirmed subscriber, created in chunks (memory stays flat)."""
    created, last = 0, 0
    while True:
        ids = list(
            Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED, pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:chunk]
        )
        if not ids:
            return created
        rows = [Delivery(issue_id=issue.pk, subscriber_id=pk) for pk in ids]
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
        last = ids[-1]


def counts(issue_id: int) -> dict[str, int]:
    """Deliveries of an issue per state."""
    found = dict(
        Delivery.objects.filter(issue_id=issue_id)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {state: found.get(state, 0) for state in D.values}


def in_doubt(issue_id: int) -> list[tuple[int, str, str]]:
    """(delivery id, address, last answer) of the deliveries whose fate is unknown."""
    return list(
        Delivery.objects.filter(issue_id=issue_id, status=D.IN_DOUBT)
        .order_by("id")
        .values_list("id", "subscriber__email", "smtp_message")
    )


def worker_is_dead(name: str, host: str | None = None) -> bool:
    """True when `name` is a worker of this host whose process no longer exists.

    Only on the same host can we look; a worker elsewhere is waited for until its lease
    runs out. A reused process id only makes us wait for the lease: safe either way,
    because a worker sends a row only while it still holds it (see mark_in_doubt).
    """
    worker_host, _sep, rest = name.partition(":")
    pid = rest.partition(":")[0]
    if worker_host != (host or socket.gethostname()[:30]) or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass(frozen=True)
class Waiting:
    """What a worker with nothing to do waits for, and until when."""

    until: dt.datetime
    reason: str


def waiting_for(issue_id: int) -> Waiting | None:
    """The next thing that will make work for this issue, in words; None when done."""
    rows = Delivery.objects.filter(issue_id=issue_id)
    held = (
        rows.filter(status=D.CLAIMED)
        .values("claimed_by")
        .annotate(n=Count("id"), until=Min("claimed_until"))
        .order_by("until")
        .first()
    )
    retry = rows.filter(status=D.PENDING).aggregate(n=Count("id"), at=Min("next_attempt_at"))
    options = []
    if held:
        options.append(
            Waiting(
                held["until"],
                f"{held['n']} deliveries held by worker {held['claimed_by']} (its lease)",
            )
        )
    if retry["n"]:
        options.append(
            Waiting(retry["at"], f"{retry['n']} deliveries to try again after a refusal")
        )
    return min(options, key=lambda w: w.until) if options else None


def next_retry_at(issue_id: int) -> dt.datetime | None:
    """When the next waiting delivery becomes due (or a lease runs out); None when done."""
    pending = Delivery.objects.filter(issue_id=issue_id, status=D.PENDING).aggregate(
        at=Min("next_attempt_at")
    )["at"]
    leased = Delivery.objects.filter(issue_id=issue_id, status=D.CLAIMED).aggregate(
        at=Min("claimed_until")
    )["at"]
    times = [t for t in (pending, leased) if t is not None]
    return min(times) if times else None


def finish_if_done(issue_id: int) -> bool:
    """Mark the issue sent when no delivery is waiting or claimed (in doubt ones excepted)."""
    if Delivery.objects.filter(issue_id=issue_id, status__in=[D.PENDING, D.CLAIMED]).exists():
        return False
    Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).update(
        status=Issue.Status.SENT, finished_at=timezone.now()
    )
    return True


def requeue_in_doubt(issue_id: int) -> int:
    """Put the in-doubt deliveries back in the queue: a deliberate choice to risk a copy."""
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(issue_id=issue_id, status=D.IN_DOUBT).values_list(
                "id", flat=True
            )
        )
        now = timezone.now()
        DeliveryAttempt.objects.bulk_create(
            DeliveryAttempt(delivery_id=pk, outcome="requeued", message="resend-in-doubt")
            for pk in ids
        )
        Delivery.objects.filter(id__in=ids).update(
            status=D.PENDING, next_attempt_at=now, claimed_by="", updated_at=now
        )
        Issue.objects.filter(pk=issue_id, status=Issue.Status.SENT).update(
            status=Issue.Status.SENDING, finished_at=None
        )
    return len(ids)


def hot_sql(n: int) -> dict[str, str]:
    """The statements run for a group of `n` deliveries, written out for speed."""
    qn = connection.ops.quote_name
    sub, dlv, iss = (qn(m._meta.db_table) for m in (Subscriber, Delivery, Issue))
    # Only table names from our own models go into the text; every value is a parameter.
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    some = ", ".join(["%s"] * n)
    mine = f"WHERE id IN ({some}) AND claimed_by = %s"
    return {
        # Locked in id order, so that two workers (or two issues) never wait on each other
        # in a circle.
        "subscribers": (
            f"SELECT id, status, email, first_name FROM {sub} WHERE id IN ({some}) "  # noqa: S608
            f"ORDER BY id{lock}"
        ),
        "skip": (
            f"UPDATE {dlv} SET status = 'skipped', updated_at = %s "  # noqa: S608
            f"{mine} AND status = 'claimed'"
        ),
        # A paused issue sends nothing more, even from a batch claimed before the pause.
        "in_doubt": (
            f"UPDATE {dlv} SET status = 'in_doubt', attempts = attempts + 1, updated_at = %s "  # noqa: S608
            f"{mine} AND status = 'claimed' "
            f"AND EXISTS (SELECT 1 FROM {iss} WHERE id = %s AND status = 'sending') RETURNING id"
        ),
        # Rows marked but never handed over (the group was cut short): they are not in doubt.
        "unmark": (
            f"UPDATE {dlv} SET status = 'claimed', attempts = attempts - 1, updated_at = %s "  # noqa: S608
            f"{mine} AND status = 'in_doubt'"
        ),
    }


def message_sql() -> dict[str, str]:
    """The statements run per message: the last look at the reader, and the recording of
    sent messages (each run once for a whole group, with executemany)."""
    qn = connection.ops.quote_name
    sub, att, dlv = (qn(m._meta.db_table) for m in (Subscriber, DeliveryAttempt, Delivery))
    return {
        "status": f"SELECT status FROM {sub} WHERE id = %s",  # noqa: S608
        "skip_marked": (
            f"UPDATE {dlv} SET status = 'skipped', attempts = attempts - 1, updated_at = %s "  # noqa: S608
            "WHERE id = %s AND claimed_by = %s AND status = 'in_doubt'"
        ),
        "attempt": (
            f"INSERT INTO {att} (delivery_id, at, outcome, code, message) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)"
        ),
        "sent": (
            f"UPDATE {dlv} SET status = 'sent', smtp_code = %s, smtp_message = %s, "  # noqa: S608
            "updated_at = %s WHERE id = %s AND status = 'in_doubt'"
        ),
    }


@dataclass
class Summary:
    sent: int = 0
    failed: int = 0
    retry: int = 0
    in_doubt: int = 0
    skipped: int = 0
    lost_lease: int = 0
    undeliverable: int = 0
    paused: str = ""  # why this issue is paused, when it is
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int | str]:
        return {k: v for k, v in self.__dict__.items() if k != "errors"}


class Sender:
    """One worker sending one issue. Several may run at once, on one machine or more."""

    def __init__(
        self,
        issue_id: int,
        *,
        transport=None,
        batch_size: int = BATCH_SIZE,
        rate: float | None = None,
        progress: Callable[[Summary], None] | None = None,
        waiting: Callable[[Waiting], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.issue_id = issue_id
        self.worker = worker_name()
        self.transport = transport or default_transport()
        self.rate = settings.LOSLATEN_NEWSLETTER_RATE if rate is None else rate
        self.batch_size = batch_size
        self.lease = dt.timedelta(seconds=settings.LOSLATEN_NEWSLETTER_LEASE_SECONDS)
        self.progress = progress
        self.waiting = waiting
        self.sleep = sleep
        self.breaker = settings.LOSLATEN_NEWSLETTER_BREAKER
        self._streak: tuple[str, int] = ("", 0)
        self.stopped = False  # the issue was paused, by us or another worker
        self.summary = Summary()
        self._next_slot = 0.0
        self._connect_failures = 0
        self._rendered: emails.RenderedIssue | None = None
        self._template: emails.MessageTemplate | None = None
        # Sent messages whose answer is not yet committed; it goes in with the next
        # group's in-doubt mark (one commit per group), or at once by flush().
        self._answers: list[tuple[int, Outcome, object]] = []  # and when it came
        # Rows of the current group marked in doubt and not yet handed to the server.
        self._marked: list[int] = []
        self._sql = message_sql()

    # --- the loop ----------------------------------------------------------------------

    def run(self, *, wait_for_retries: bool = True, resume: bool = False) -> Summary:
        """Send until nothing is due. With wait_for_retries, also wait for retries and for
        other workers' leases, so that the issue is finished when this returns. With
        `resume`, a paused issue goes on (someone fixed what paused it)."""
        issue = Issue.objects.get(pk=self.issue_id)
        start(issue, resume=resume)
        self._rendered = emails.render_issue(issue)
        if getattr(self.transport, "takes_bytes", False):
            self._template = emails.MessageTemplate(self._rendered)
        try:
            while not self.stopped and self.issue_status() == Issue.Status.SENDING:
                ids = self.claim()
                if ids:
                    self.process(ids)
                    continue
                if not wait_for_retries:
                    break
                waiting = waiting_for(self.issue_id)
                if waiting is None:
                    break
                if self.waiting:
                    self.waiting(waiting)
                self.transport.close()  # do not hold a connection while waiting
                wait = (waiting.until - timezone.now()).total_seconds()
                self.sleep(min(max(wait, 0.02), 5.0))
        finally:
            self.transport.close()
        status, reason = Issue.objects.values_list("status", "paused_reason").get(pk=self.issue_id)
        if status == Issue.Status.PAUSED:
            self.summary.paused = reason
        else:
            finish_if_done(self.issue_id)
        return self.summary

    def issue_status(self) -> str:
        return Issue.objects.values_list("status", flat=True).get(pk=self.issue_id)

    def claim(self) -> list[int]:
        """Claim up to batch_size due deliveries for this worker, with a lease."""
        now = timezone.now()
        due = Q(status=D.PENDING, next_attempt_at__lte=now) | Q(
            status=D.CLAIMED, claimed_until__lt=now
        )
        dead = self.dead_workers()
        if dead:
            due |= Q(status=D.CLAIMED, claimed_by__in=dead)
        with transaction.atomic():
            ids = list(
                Delivery.objects.filter(
                    due, issue_id=self.issue_id, issue__status=Issue.Status.SENDING
                )
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("id")
                .values_list("id", flat=True)[: self.batch_size]
            )
            if ids:
                Delivery.objects.filter(id__in=ids).filter(due).update(
                    status=D.CLAIMED,
                    claimed_by=self.worker,
                    claimed_until=now + self.lease,
                    updated_at=now,
                )
        return ids

    def dead_workers(self) -> list[str]:
        """Workers on this host that hold rows of this issue but whose process is gone
        (killed, crashed): their rows need not wait for the lease to run out."""
        holders = (
            Delivery.objects.filter(issue_id=self.issue_id, status=D.CLAIMED)
            .exclude(claimed_by=self.worker)
            .values_list("claimed_by", flat=True)
            .distinct()
        )
        return [name for name in holders if worker_is_dead(name)]

    def process(self, ids: list[int]) -> None:
        """Send the claimed batch on one connection, marking it in doubt a group at a time."""
        subscribers = dict(
            Delivery.objects.filter(
                id__in=ids, status=D.CLAIMED, claimed_by=self.worker
            ).values_list("id", "subscriber_id")
        )
        todo = [delivery_id for delivery_id in ids if delivery_id in subscribers]
        # Under a rate limit the database is not what holds us up, and a group would sit
        # in doubt while we wait: then each message is its own group.
        size = 1 if self.rate else IN_DOUBT_GROUP
        renewed = time.monotonic()
        try:
            for start in range(0, len(todo), size):
                if time.monotonic() - renewed > self.lease.total_seconds() / 3:
                    self.flush()
                    self.renew_lease(ids)
                    renewed = time.monotonic()
                if not self.connect(ids):
                    return
                self.throttle()
                group = self.mark_in_doubt(todo[start : start + size], subscribers)
                for delivery_id, message in group:
                    if self.stopped or not self.connect(ids):
                        return
                    if self.left_meanwhile(delivery_id, subscribers[delivery_id]):
                        continue
                    self._marked.remove(delivery_id)  # from here on it may have gone out
                    outcome = self.transport.send(message)
                    if outcome.kind == SENT:
                        self._answers.append((delivery_id, outcome, self.now()))
                        self._streak = ("", 0)
                    else:  # recorded at once: a retry, a failure or a pause
                        with transaction.atomic():
                            self._record_answers()
                            self.record(delivery_id, outcome)
                        self.watch(outcome)
                    if self.progress:
                        self.progress(self.summary)
                if self.stopped:
                    return
        finally:
            with transaction.atomic():
                self._record_answers()
                self.unmark()
            if self.stopped:
                self.give_back(ids)

    def connect(self, ids: list[int]) -> bool:
        """Open the connection unless it is open; False when the server cannot be had
        (the batch is given back, or the issue paused)."""
        try:
            self.transport.open()
        except ConnectFailed as error:
            with transaction.atomic():
                self._record_answers()
                self.unmark()
            if error.outcome.kind == PAUSE:
                self.stop(error.outcome.why)  # the batch is given back by process()
            else:
                self._connect_failures += 1
                self.release(ids, error)
                self.watch(error.outcome)
            return False
        self._connect_failures = 0
        return True

    # --- the steps ---------------------------------------------------------------------

    def build(self, subscriber_id: int, email: str, first_name: str):
        """The message for one subscriber: prepared bytes for SMTP when possible."""
        if self._template is not None:
            prepared = self._template.fill(subscriber_id, email, first_name)
            if prepared is not None:
                return prepared
        return emails.issue_message(self._rendered, subscriber_id, email, first_name)

    def mark_in_doubt(self, delivery_ids: list[int], subscribers: dict[int, int] | None = None):
        """Commit `in_doubt` for a group before any of it is handed over, re-checking the
        subscribers under a lock; the answers of the previous group go in the same commit.

        Returns [(delivery id, message)] to send, in order. Left out: subscribers who left
        (their deliveries are skipped), rows another worker took over after our lease ran
        out, and everything when the issue is no longer being sent.
        """
        if subscribers is None:
            subscribers = dict(
                Delivery.objects.filter(id__in=delivery_ids, claimed_by=self.worker).values_list(
                    "id", "subscriber_id"
                )
            )
        asked = len(delivery_ids)
        delivery_ids = [pk for pk in delivery_ids if pk in subscribers]
        self.summary.lost_lease += asked - len(delivery_ids)
        if not delivery_ids:
            return []
        now = self.now()
        # Plain SQL on this path: the ORM's query building would cost more than the
        # database work itself.
        with transaction.atomic(), connection.cursor() as cursor:
            self._record_answers()
            cursor.execute(
                hot_sql(len(delivery_ids))["subscribers"],
                [subscribers[pk] for pk in delivery_ids],
            )
            people = {row[0]: row[1:] for row in cursor.fetchall()}  # status, email, name
            staying = [
                pk
                for pk in delivery_ids
                if people.get(subscribers[pk], ("",))[0] == Subscriber.Status.CONFIRMED
            ]
            leaving = [pk for pk in delivery_ids if pk not in staying]
            if leaving:
                cursor.execute(hot_sql(len(leaving))["skip"], [now, *leaving, self.worker])
                self.summary.skipped += cursor.rowcount
            if not staying:
                return []
            cursor.execute(
                hot_sql(len(staying))["in_doubt"], [now, *staying, self.worker, self.issue_id]
            )
            marked = {row[0] for row in cursor.fetchall()}
            if len(marked) < len(staying):
                if self.issue_status() != Issue.Status.SENDING:
                    self.stopped = True
                else:
                    self.summary.lost_lease += len(staying) - len(marked)
            self._marked = [pk for pk in staying if pk in marked]
        return [
            (pk, self.build(subscribers[pk], *people[subscribers[pk]][1:])) for pk in self._marked
        ]

    def left_meanwhile(self, delivery_id: int, subscriber_id: int) -> bool:
        """Read the reader's status again just before the hand-over, since their group was
        marked some messages ago: True, and the delivery skipped, when they have left."""
        sql = self._sql
        with connection.cursor() as cursor:
            cursor.execute(sql["status"], [subscriber_id])
            row = cursor.fetchone()
            if row is not None and row[0] == Subscriber.Status.CONFIRMED:
                return False
            now = self.now()
            cursor.execute(sql["skip_marked"], [now, delivery_id, self.worker])
        self._marked.remove(delivery_id)
        self.summary.skipped += 1
        return True

    @staticmethod
    def now():
        """The time as the plain SQL of the hot path takes it."""
        return connection.ops.adapt_datetimefield_value(timezone.now())

    def unmark(self) -> None:
        """Rows marked in doubt but never handed over go back to being claimed by us
        (inside a transaction): we know they did not go out."""
        if self._marked:
            now = self.now()
            with connection.cursor() as cursor:
                unmark = hot_sql(len(self._marked))["unmark"]
                cursor.execute(unmark, [now, *self._marked, self.worker])
            self._marked = []

    def flush(self) -> None:
        """Commit the answers not yet recorded now."""
        if self._answers:
            with transaction.atomic():
                self._record_answers()

    def _record_answers(self) -> None:
        """Store the sent messages' answers (inside a transaction), two statements for all."""
        answers, self._answers = self._answers, []
        if not answers:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                self._sql["attempt"],
                [(pk, at, SENT, outcome.code, outcome.text) for pk, outcome, at in answers],
            )
            cursor.executemany(
                self._sql["sent"],
                [(outcome.code, outcome.text, at, pk) for pk, outcome, at in answers],
            )
        self.summary.sent += len(answers)

    def record(self, delivery_id: int, outcome: Outcome) -> None:
        """Store the server's answer and move the delivery on (inside a transaction)."""
        if outcome.kind == SENT:  # the common case, in plain SQL like mark_in_doubt
            self._answers.append((delivery_id, outcome, self.now()))
            self._record_answers()
            return
        now = timezone.now()
        ours = Delivery.objects.filter(pk=delivery_id, status=D.IN_DOUBT)
        fields = {"smtp_code": outcome.code, "smtp_message": outcome.text, "updated_at": now}
        DeliveryAttempt.objects.create(
            delivery_id=delivery_id,
            at=now,
            outcome=outcome.kind,
            code=outcome.code,
            message=outcome.text,
        )
        if outcome.kind == PAUSE:
            # The server refused us or the message: this reader loses nothing.
            ours.update(
                status=D.PENDING,
                claimed_by="",
                attempts=F("attempts") - 1,
                next_attempt_at=now,
                **fields,
            )
            self.stop(outcome.why)
        elif outcome.kind == PERMANENT:
            ours.update(status=D.FAILED, **fields)
            self.count_hard_failure(delivery_id)
            self.summary.failed += 1
        elif outcome.kind == UNDELIVERABLE:
            ours.update(status=D.FAILED, **fields)  # not the address's fault: not counted
            self.summary.undeliverable += 1
        elif outcome.kind == TEMPORARY:
            attempts = ours.values_list("attempts", flat=True).first() or 0
            if attempts >= MAX_ATTEMPTS:
                ours.update(status=D.FAILED, **fields)
                self.summary.failed += 1
            else:
                ours.update(
                    status=D.PENDING,
                    claimed_by="",
                    next_attempt_at=now + backoff(attempts),
                    **fields,
                )
                self.summary.retry += 1
        else:  # UNKNOWN: the server may have it. Leave it in doubt.
            ours.update(**fields)
            self.summary.in_doubt += 1
            log.warning("newsletter: delivery %s is in doubt: %s", delivery_id, outcome.text)

    def stop(self, reason: str) -> None:
        """Pause the issue: a fault on our side that retrying does not fix."""
        pause(self.issue_id, reason)
        self.stopped = True

    def watch(self, outcome: Outcome) -> None:
        """The circuit breaker: N failures in a row of one kind pause the send."""
        if outcome.kind != TEMPORARY:
            return
        kind = outcome.streak
        count = self._streak[1] + 1 if self._streak[0] == kind else 1
        self._streak = (kind, count)
        if count >= self.breaker:
            self.stop(f"{count} temporary failures in a row, {outcome.why}")

    def give_back(self, ids: list[int]) -> None:
        """Rows of this batch not yet handed over: due again, for whoever resumes."""
        now = timezone.now()
        Delivery.objects.filter(id__in=ids, status=D.CLAIMED, claimed_by=self.worker).update(
            status=D.PENDING, claimed_by="", next_attempt_at=now, updated_at=now
        )

    def count_hard_failure(self, delivery_id: int) -> None:
        subscriber_id = (
            Delivery.objects.filter(pk=delivery_id).values_list("subscriber_id", flat=True).first()
        )
        count_hard_failure(subscriber_id)

    def release(self, ids: list[int], error: ConnectFailed) -> None:
        """The server is unreachable: give the untouched rows back, due after a backoff."""
        now = timezone.now()
        Delivery.objects.filter(id__in=ids, status=D.CLAIMED, claimed_by=self.worker).update(
            status=D.PENDING,
            claimed_by="",
            next_attempt_at=now + backoff(self._connect_failures),
            smtp_code=error.outcome.code,
            smtp_message=str(error)[:480],
            updated_at=now,
        )
        self.summary.errors.append(str(error))
        log.warning("newsletter: cannot reach the mail server: %s", error)

    def renew_lease(self, ids: list[int]) -> None:
        Delivery.objects.filter(id__in=ids, status=D.CLAIMED, claimed_by=self.worker).update(
            claimed_until=timezone.now() + self.lease
        )

    def throttle(self) -> None:
        """Keep to LOSLATEN_NEWSLETTER_RATE messages per second (0: as fast as possible)."""
        if not self.rate:
            return
        now = time.monotonic()
        if self._next_slot > now:
            self.flush()  # do not leave an answer unrecorded while waiting
            self.sleep(self._next_slot - now)
            now = self._next_slot
        self._next_slot = max(now, self._next_slot) + 1.0 / self.rate
