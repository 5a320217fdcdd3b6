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

- two workers on PostgreSQL against one: a throwaway PostgreSQL cluster started here (on a
  port of its own, removed afterwards), a sink that takes 5 ms per message (a real server
  is slower than a local sink, and that wait is what a second worker overlaps), and
  `Sender.run()` in one process, then in two at once, as `--queue --workers 2` runs it.

The last line reads `ratio_to_bare=<ratio> peak_mb=<MB> two_workers_speedup=<ratio>`.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import multiprocessing as mp
import os
import resource
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sink(port: int, count, ready, delay: float = 0.0) -> None:
    """An SMTP server that counts messages and keeps nothing; `delay` seconds per message."""
    import asyncio

    from aiosmtpd.controller import Controller

    class Counter:
        async def handle_DATA(self, server, session, envelope):
            if delay:
                await asyncio.sleep(delay)  # other connections go on meanwhile
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


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free port; yields its URL, removes it after."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not binaries:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    pgbin, port = binaries[-1], free_port()
    data = tempfile.mkdtemp(prefix="loslaten-bench-pg-")
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(data, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
    run = {"check": True, "capture_output": True}
    subprocess.run(
        [*as_postgres, f"{pgbin}/initdb", "-D", data, "-A", "trust", "-U", "postgres"], **run
    )
    subprocess.run(
        [
            *as_postgres,
            f"{pgbin}/pg_ctl",
            "-D",
            data,
            "-o",
            options,
            "-l",
            f"{data}/log",
            "-w",
            "start",
        ],
        **run,
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_postgres, f"{pgbin}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(data, ignore_errors=True)


def timed_workers(issue_id: int, workers: int) -> float:
    """Seconds for `workers` processes to send the issue, each as a queued task does."""
    from django.db import connections

    from loslaten.newsletter import sending

    def work():
        sending.Sender(issue_id, rate=0).run(wait_for_retries=False)

    connections.close_all()
    ctx = mp.get_context("fork")
    started = time.perf_counter()
    procs = [ctx.Process(target=work) for _ in range(workers)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    return time.perf_counter() - started


def two_workers_on_postgres(n: int, results) -> None:
    """In a child: one worker, then two, on a fresh PostgreSQL; puts (t1, t2, sent)."""
    ctx = mp.get_context("fork")
    port = free_port()
    count, ready = ctx.Value("l", 0), ctx.Event()
    server = ctx.Process(target=sink, args=(port, count, ready, 0.005), daemon=True)
    server.start()
    ready.wait(10)
    with postgres() as url:
        os.environ["DATABASE_URL"] = url
        os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
        os.environ["LOSLATEN_NEWSLETTER_RATE"] = "0"
        os.environ["DJANGO_SETTINGS_MODULE"] = "loslaten.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.utils import timezone

        from loslaten.newsletter import sending
        from loslaten.newsletter.models import Issue, Subscriber

        call_command("migrate", verbosity=0)
        Subscriber.objects.bulk_create(
            Subscriber(email=f"lezer{i}@example.org", status=Subscriber.Status.CONFIRMED)
            for i in range(n)
        )
        times = []
        for week, workers in (("2030-W01", 1), ("2030-W02", 2)):
            issue = Issue.objects.create(
                week=week,
                subject="Loslaten · bench",
                opening="Wat mag je deze week loslaten?",
                practice="Laat je schouders zakken.",
                period_start=timezone.now(),
            )
            sending.start(issue)
            times.append(timed_workers(issue.pk, workers))
            assert sending.counts(issue.pk)["sent"] == n, sending.counts(issue.pk)
        from django.db import connections

        connections.close_all()
    server.terminate()
    results.put((times[0], times[1], count.value))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--pg-subscribers", type=int, default=2_000)
    args = parser.parse_args()
    n = args.subscribers

    ctx = mp.get_context("fork")
    # First, before this process sets Django up on SQLite: the PostgreSQL part, in a child.
    results = ctx.Queue()
    child = ctx.Process(target=two_workers_on_postgres, args=(args.pg_subscribers, results))
    child.start()
    one, two, received = results.get()
    child.join()
    speedup = one / two
    print(
        f"PostgreSQL, {args.pg_subscribers} messages to a 5 ms sink: one worker {one:.1f} s, "
        f"two workers {two:.1f} s (sink received {received})"
    )

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
    print(
        f"ratio_to_bare={rate / bare_rate:.2f} peak_mb={peak:.1f} two_workers_speedup={speedup:.2f}"
    )


if __name__ == "__main__":
    main()
