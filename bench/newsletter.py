"""Bench: send one issue to 20,000 subscribers through a local SMTP sink.

    .venv/bin/python bench/newsletter.py [--subscribers 20000]

Starts an aiosmtpd sink in its own process (a handler that only counts), migrates a
temporary SQLite database, and measures:

- bare: smtplib sending one prepared message N times over one connection, the limit of
  this machine and this sink;
- loslaten: `Sender.run()` for an issue to N confirmed subscribers, no rate limit, with
  everything the real thing does (claims, in-doubt marks, recorded answers);
- peak memory (max RSS of a forked child doing only the send) at 5,000 and at N, to show
  it does not grow with the number of subscribers.

The last line reads `ratio_to_bare=<ratio> peak_mb=<MB>`.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import smtplib
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sink(port: int, count, ready) -> None:
    """An SMTP server that counts messages and keeps nothing."""
    from aiosmtpd.controller import Controller

    class Counter:
        async def handle_DATA(self, server, session, envelope):
            with count.get_lock():
                count.value += 1
            return "250 OK"

    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bare(port: int, data: bytes, n: int) -> float:
    """Messages per second of a plain smtplib loop over one connection."""
    conn = smtplib.SMTP("127.0.0.1", port)
    started = time.perf_counter()
    for _ in range(n):
        conn.sendmail("noreply@bench.invalid", ["lezer@example.org"], data)
    elapsed = time.perf_counter() - started
    conn.quit()
    return n / elapsed


def send_in_child(week: str, n: int, results) -> None:
    """Compose nothing, just send an issue to the first n subscribers; report rate and RSS."""
    from django.utils import timezone

    from loslaten.newsletter import sending
    from loslaten.newsletter.models import Issue, Subscriber

    Subscriber.objects.filter(pk__gt=n).update(status=Subscriber.Status.PENDING)
    Subscriber.objects.filter(pk__lte=n).update(status=Subscriber.Status.CONFIRMED)
    issue = Issue.objects.create(
        week=week,
        subject="Loslaten · bench",
        opening="Wat mag je deze week loslaten?",
        articles=[{"title": "Adem uit", "lede": "Een lange uitademing.", "url": "https://x/"}],
        practice="Laat je schouders zakken.",
        period_start=timezone.now(),
    )
    sending.start(issue)
    started = time.perf_counter()
    summary = sending.Sender(issue.pk, rate=0).run()
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results.put((summary.sent, summary.sent / elapsed, peak_kb / 1024))


def run_child(ctx, week: str, n: int) -> tuple[int, float, float]:
    from django.db import connections

    connections.close_all()  # the child opens its own
    results = ctx.Queue()
    child = ctx.Process(target=send_in_child, args=(week, n, results))
    child.start()
    out = results.get()
    child.join()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--small", type=int, default=5_000)
    args = parser.parse_args()
    n = args.subscribers

    ctx = mp.get_context("fork")
    port = free_port()
    count, ready = ctx.Value("l", 0), ctx.Event()
    server = ctx.Process(target=sink, args=(port, count, ready), daemon=True)
    server.start()
    ready.wait(10)

    var = tempfile.mkdtemp(prefix="loslaten-bench-")
    os.environ["LOSLATEN_VAR_DIR"] = var
    os.environ.pop("DATABASE_URL", None)
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    os.environ["LOSLATEN_BASE_URL"] = "https://loslaten.example"
    os.environ["LOSLATEN_NEWSLETTER_RATE"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "loslaten.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from loslaten.newsletter import emails
    from loslaten.newsletter.models import Issue, Subscriber

    call_command("migrate", verbosity=0)
    for start in range(0, n, 5000):
        Subscriber.objects.bulk_create(
            Subscriber(email=f"lezer{i}@example.org", first_name=f"Lezer {i}")
            for i in range(start, min(start + 5000, n))
        )

    sample = Issue(
        week="1999-W01",
        subject="Loslaten · bench",
        opening="Wat mag je deze week loslaten?",
        articles=[{"title": "Adem uit", "lede": "Een lange uitademing.", "url": "https://x/"}],
        practice="Laat je schouders zakken.",
    )
    message = emails.issue_message(emails.render_issue(sample), 1, "lezer@example.org", "Lezer")
    data = message.message().as_bytes(linesep="\r\n")

    bare_rate = bare(port, data, n)
    print(f"bare smtplib, one prepared message x {n}: {bare_rate:,.0f} msg/s")

    sent, rate, peak = run_child(ctx, "2030-W01", n)
    print(f"loslaten Sender, {sent} subscribers: {rate:,.0f} msg/s, peak RSS {peak:.1f} MB")
    sent_small, rate_small, peak_small = run_child(ctx, "2030-W02", args.small)
    print(
        f"loslaten Sender, {sent_small} subscribers: {rate_small:,.0f} msg/s, "
        f"peak RSS {peak_small:.1f} MB"
    )
    print(f"peak_mb_{args.small}={peak_small:.1f} peak_mb_{n}={peak:.1f}")
    print(f"sink received {count.value} messages")
    server.terminate()
    print(f"ratio_to_bare={rate / bare_rate:.2f} peak_mb={peak:.1f}")


if __name__ == "__main__":
    main()
