"""Lighthouse on seven pages of a production-like Loslaten: the scores, and a verdict.

    (cd deploy/lighthouse && npm ci) && .venv/bin/python deploy/lighthouse/run.py

Sets up a throwaway site (temp var dir, DEBUG off, migrated, sample articles, static files
collected, one account), serves it with gunicorn on a free port of 127.0.0.1, and runs the
pinned Lighthouse (deploy/lighthouse/package-lock.json) with Debian's Chromium on the home
page, an article, the search page, the breathing minute (as a visitor), a practice page
and the body's day, plain and with a what-if (logged in through a session cookie, the
account holding a few of today's check-ins so the charts, the "now" band and the what-if
are drawn), three times each, keeping the run with the median performance (Lighthouse's
own advice against run-to-run variance). Prints the four category scores per page and
exits 1 unless accessibility, best practices and SEO are 100 and performance is at least
--min-performance (95). The search and practice pages are `noindex` on purpose: their SEO
score leaves out `is-crawlable`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HOST = "127.0.0.1"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
ATTEMPTS = 5
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own 127.0.0.1)
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} does not answer after {timeout:.0f} s")


def warm(url: str, cookie: str | None, workers: int) -> None:
    """Ask for a page once per server worker, all at the same time (so that each worker
    answers one): a worker's first answer pays for its imports and per-process caches
    (seconds, for the model behind the body's day), which a running site paid long ago."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310

    def fetch(_: int) -> None:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (127.0.0.1)
            response.read()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(fetch, range(workers)))


def run_loslaten(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "loslaten"), *args], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"loslaten {' '.join(args)} failed: {done.stderr[-1000:]}")
    return done.stdout


SESSION_SNIPPET = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from loslaten.accounts.models import User
user = User.objects.get(email="lighthouse@example.org")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""

#: Three check-ins earlier today (never before local midnight, whatever the hour the run
#: starts), the first one tense and pushed away: the body's day then has curves, a peak,
#: causes and a moment to change in the what-if. The same three yesterday morning, for
#: warming the server up on a day that is not measured; prints yesterday's date.
CHECKINS_SNIPPET = """
import datetime as dt
from django.utils import timezone
from loslaten.accounts.models import User
from loslaten.practice import services
user = User.objects.get(email="lighthouse@example.org")
now = timezone.now()
midnight, _ = services.day_bounds(services.local_date(now))
body = {"breath": "high", "shoulders": "tense", "jaw": "neutral", "belly": "soft"}
for n, (tension, did) in enumerate([(8, "suppress"), (6, "hold"), (3, "accept")]):
    at = max(now - dt.timedelta(minutes=150 - 60 * n), midnight + dt.timedelta(minutes=5 + n))
    services.create_checkin(user, at=min(at, now), tension=tension, did=did, **body)
    at = midnight - dt.timedelta(hours=15 - n)  # yesterday, 09:00 to 11:00
    services.create_checkin(user, at=at, tension=tension, did=did, **body)
print((services.local_date(now) - dt.timedelta(days=1)).isoformat())
"""


def lighthouse(
    url: str, out: Path, cookie: str | None, preset: str | None, private: bool
) -> dict[str, int]:
    """Run Lighthouse once; the four category scores (0-100).

    A private page (search results, the practice space) says `noindex` on purpose and is
    disallowed in robots.txt, so its SEO score leaves out the one audit that asks for it
    to be indexed.
    """
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise RuntimeError("Lighthouse is not installed: (cd deploy/lighthouse && npm ci)")
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
        "--max-wait-for-load=30000",
    ]
    if preset:
        command.append(f"--preset={preset}")
    if private:
        command.append("--skip-audits=is-crawlable")
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for attempt in range(1, ATTEMPTS + 1):
        out.unlink(missing_ok=True)
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
        if done.returncode == 0 and out.exists():
            break
        # Lighthouse itself sometimes fails to record a trace (NO_NAVSTART and the like):
        # that says nothing about the page, so it is tried again.
        if attempt == ATTEMPTS:
            raise RuntimeError(
                f"lighthouse failed {ATTEMPTS} times on {url}: {done.stderr[-1500:]}"
            )
        print(f"  (lighthouse failed on {url}, trying again: {done.stderr.strip()[-200:]})")
    report = json.loads(out.read_text())
    final = report.get("finalDisplayedUrl") or report.get("finalUrl")
    if final != url:  # e.g. sent to the login page: that is not the page we meant to audit
        raise RuntimeError(f"lighthouse audited {final} instead of {url}")
    return {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}


def failing_audits(report_file: Path) -> list[str]:
    """The audits below full marks that count towards a score, for the report."""
    report = json.loads(report_file.read_text())
    weighted = {
        ref["id"]
        for c in report["categories"].values()
        for ref in c["auditRefs"]
        if ref.get("weight")
    }
    return sorted(
        f"{a['id']} ({a['score']})"
        for a in report["audits"].values()
        if a["id"] in weighted and a.get("score") is not None and a["score"] < 1
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-performance", type=int, default=95)
    parser.add_argument("--preset", choices=["desktop", "perf"], help="Lighthouse preset")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median counts")
    parser.add_argument("--page", action="append", help="only this page (by name); repeatable")
    parser.add_argument("--reports", type=Path, help="keep each page's median report here")
    args = parser.parse_args(argv)

    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    tmp = Path(tempfile.mkdtemp(prefix="loslaten-lighthouse-"))
    port = free_port()
    base = f"http://{HOST}:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LOSLATEN_")},
        "LOSLATEN_VAR_DIR": str(tmp / "var"),
        "LOSLATEN_DEBUG": "0",
        "LOSLATEN_SECRET_KEY": secrets.token_urlsafe(50),
        "LOSLATEN_ALLOWED_HOSTS": HOST,
        "LOSLATEN_BASE_URL": base,
        "EMAIL_URL": "dummy://",
    }
    env.pop("DATABASE_URL", None)
    server = None
    failed = False
    try:
        run_loslaten(env, "migrate", "--noinput")
        run_loslaten(env, "collectstatic", "--noinput")
        run_loslaten(env, "loadsample")
        (tmp / "password").write_text(secrets.token_urlsafe(16) + "\n")
        run_loslaten(
            env,
            "user",
            "create",
            "lighthouse@example.org",
            "--password-file",
            str(tmp / "password"),
        )
        session = run_loslaten(env, "shell", "-c", SESSION_SNIPPET).strip().splitlines()[-1]
        yesterday = run_loslaten(env, "shell", "-c", CHECKINS_SNIPPET).strip().splitlines()[-1]
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "loslaten.wsgi:application", "--bind", f"{HOST}:{port}",
             "--workers", str(WORKERS), "--log-level", "warning", "--no-control-socket"],
            env=env, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
        wait_for(base + "/", 60)
        with urllib.request.urlopen(base + "/blog/", timeout=10) as response:  # noqa: S310
            blog = response.read().decode()
        article = re.search(r'href="(/blog/(?!categorie/)[\w-]+/)"', blog)
        logged_in = f"sessionid={session}"
        what_if = "?moment=1&wat-als=uitademen"  # as the what-if form sends it
        # (name, path, cookie, private, a page that warms the server up for it). The
        # body's day is warmed up on yesterday: the model's code runs, but today's day
        # is not in the cache when Lighthouse asks for it.
        pages = [
            ("home", "/", None, False, None),
            ("article", article.group(1) if article else "/blog/", None, False, None),
            ("search", "/zoeken/?q=adem", None, True, None),
            ("breathe", "/oefenen/adem/", None, True, None),
            ("practice", "/oefenen/", logged_in, True, None),
            ("day", "/oefenen/vandaag/", logged_in, True, f"/oefenen/dag/{yesterday}/"),
            ("what-if", "/oefenen/vandaag/" + what_if, logged_in, True,
             f"/oefenen/dag/{yesterday}/{what_if}"),
        ]  # fmt: skip
        if args.page:
            pages = [page for page in pages if page[0] in args.page]
        print(f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for name, path, cookie, private, warm_path in pages:
            # Lighthouse's own advice: performance varies from run to run with the load on
            # the machine (total blocking time is measured), so take the median of a few.
            if warm_path:
                warm(base + warm_path, cookie, WORKERS)
            runs = []
            for i in range(args.runs):
                out = tmp / f"{name}-{i}.json"
                runs.append((lighthouse(base + path, out, cookie, args.preset, private), out))
            runs.sort(key=lambda run: run[0]["performance"])
            scores, out = runs[len(runs) // 2]
            if args.reports:
                args.reports.mkdir(parents=True, exist_ok=True)
                shutil.copy(out, args.reports / f"{name}.json")
            if args.runs > 1:
                spread = ", ".join(str(run[0]["performance"]) for run in runs)
                print(f"  ({name}: performance over {args.runs} runs: {spread})")
            print(f"{name:<10}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES), flush=True)
            ok = scores["performance"] >= args.min_performance and all(
                scores[c] == 100 for c in CATEGORIES[1:]
            )
            if not ok:
                failed = True
                print(f"  {path}: below the bar: {', '.join(failing_audits(out)) or '?'}")
        print("lighthouse: " + ("FAIL" if failed else "PASS"))
        return 1 if failed else 0
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"lighthouse: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
