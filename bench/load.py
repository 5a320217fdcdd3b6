"""Load benchmark: Loslaten under gunicorn with production settings, against nginx's ceiling.

    .venv/bin/python bench/load.py [--seconds 20] [--workers 5] [--database-url postgres://...]

It sets up a throwaway site (a temp var dir, migrated, the sample articles, one test
account), starts gunicorn on a free port of 127.0.0.1 with DEBUG off, and nginx in front of
it with the production proxy settings (deploy/nginx/loslaten-proxy.conf, whose page cache
keeps anonymous readers' pages for LOSLATEN_PROXY_CACHE_SECONDS), as docs/deploy.md
describes. Gunicorn runs as deploy/systemd/loslaten-web.service runs it: (2 x cores) + 1
synchronous workers (`--worker-class gthread --threads N` for comparison). Every request
goes through that nginx. It measures:

1. readers, one page at a time (home, an article, search, the RSS feed), with `wrk`;
2. practitioners, each with an account of their own (log in, check in and see its "done"
   page as a browser follows the redirect, the body's day at /oefenen/vandaag/), with a small
   http.client loop per practitioner;
3. both at once: a reader mix through a wrk Lua script beside the practitioners;
4. the article again, in interleaved rounds with its ceilings: nginx serving a saved copy
   of the page as a static file (the upper limit on this machine), and for comparison
   gunicorn alone (Loslaten's own page cache, no nginx) and gunicorn serving the same
   bytes without Django (the limit for any Python app behind gunicorn). The ratio is the
   median of article/static over the rounds, so that load from other work on the machine
   weighs on both alike.

It prints throughput, p50 and p99 per page and the errors, and ends with one line:
`article_ratio_to_static=<ratio> day_p99_ms=<ms> checkin_done_p99_ms=<ms> errors=<count>`.
With redis-server installed the site shares one Redis cache, as docs/deploy.md sets it up
(`--cache locmem` for one cache per process). Everything listens on 127.0.0.1 only, every
phase is bounded in time, and everything started is stopped (and the temp dir removed) on
exit, Ctrl-C included. Needs `wrk` and nginx (Debian: apt-get install wrk nginx-light).
A page that does not exist yet is reported as missing, not hidden.
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from loslaten.localservers import HOST, ROOT, Nginx, free_port, stop_group, wait_for_port

BIN = Path(sys.executable).parent
EMAIL = "oefenaar{}@example.org"
SEARCH_QUERY = "adem"


# --- small helpers ------------------------------------------------------------------------


def parse_duration_ms(text: str) -> float:
    """wrk's latency figures ("812.00us", "1.20ms", "2.01s") in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"cannot read wrk duration {text!r}")
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


@dataclass
class Result:
    """Throughput and latency of one page in one phase."""

    name: str
    requests: int = 0
    seconds: float = 0.0
    p50_ms: float = float("nan")
    p99_ms: float = float("nan")
    errors: int = 0
    note: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def parse_wrk(name: str, output: str) -> Result:
    """Turn `wrk --latency` output into a Result (errors: non-2xx/3xx plus socket errors)."""
    result = Result(name)
    if m := re.search(r"(\d+) requests in ([\d.]+)(\w+),", output):
        result.requests = int(m.group(1))
        result.seconds = parse_duration_ms(m.group(2) + m.group(3)) / 1000
    if m := re.search(r"^\s+50%\s+(\S+)", output, re.M):
        result.p50_ms = parse_duration_ms(m.group(1))
    if m := re.search(r"^\s+99%\s+(\S+)", output, re.M):
        result.p99_ms = parse_duration_ms(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result.errors += int(m.group(1))
    socket_errors = r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
    if m := re.search(socket_errors, output):
        # Reads of 0 bytes after a `Connection: close` are how wrk counts closed sockets;
        # connect, write and timeout errors are real failures.
        result.errors += int(m.group(1)) + int(m.group(3)) + int(m.group(4))
    return result


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of the values, nearest-rank; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


# --- the site -----------------------------------------------------------------------------


class Site:
    """A throwaway Loslaten site under gunicorn, torn down by stop()."""

    def __init__(
        self, tmp: Path, workers: int, database_url: str | None, people: int, cache_url: str
    ) -> None:
        self.tmp = tmp
        self.people = people
        self.port = free_port()
        self.workers = workers
        self.password = secrets.token_urlsafe(16)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LOSLATEN_")},
            "LOSLATEN_VAR_DIR": str(tmp / "var"),
            "LOSLATEN_DEBUG": "0",
            "LOSLATEN_SECRET_KEY": secrets.token_urlsafe(50),
            "LOSLATEN_ALLOWED_HOSTS": f"{HOST},localhost",
            "LOSLATEN_BASE_URL": f"http://{HOST}:{self.port}",
            "LOSLATEN_LOG_LEVEL": "ERROR",
            # The benchmark logs in many times from one address; lockouts are not measured.
            "LOSLATEN_LOGIN_FAILURE_LIMIT": "1000",
            "EMAIL_URL": "dummy://",
            "CACHE_URL": cache_url,
        }
        self.env.pop("DATABASE_URL", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.process: subprocess.Popen[bytes] | None = None

    def loslaten(self, *args: str) -> None:
        """Run one `loslaten` command for set-up; stop with its output if it fails."""
        done = subprocess.run(
            [str(BIN / "loslaten"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise RuntimeError(f"loslaten {' '.join(args)} failed:\n{done.stderr[-2000:]}")

    def prepare(self) -> None:
        """Migrate, collect static files, load the sample articles, make the test account."""
        self.loslaten("migrate", "--noinput")
        self.loslaten("collectstatic", "--noinput")
        self.loslaten("loadsample")
        password_file = self.tmp / "password"
        password_file.write_text(self.password + "\n")
        for i in range(self.people):
            self.loslaten("user", "create", EMAIL.format(i), "--password-file", str(password_file))

    def start(self, worker_class: str, threads: int) -> None:
        """Start gunicorn in its own process group and wait until it answers."""
        command = [
            str(BIN / "gunicorn"),
            "loslaten.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            worker_class,
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            "--no-control-socket",
            "--error-logfile",
            str(self.tmp / "gunicorn.log"),
        ]
        self.process = subprocess.Popen(
            command, env=self.env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL
        )
        wait_for_port(self.port, 60)
        # Once through Django: a worker answers when it has loaded the app and built the
        # model's tables (loslaten/wsgi.py), which takes a while on a busy machine.
        get(self.port, "/", timeout=120)

    def stop(self) -> None:
        """Stop gunicorn and its workers (its whole process group)."""
        stop_group(self.process)


def get(
    port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 30
) -> tuple[int, str]:
    """One GET; (status, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def discover(port: int) -> dict[str, str | None]:
    """The reader pages to measure; None for a page the site does not have (yet)."""
    pages: dict[str, str | None] = {
        "home": "/",
        "article": None,
        "search": f"/zoeken/?q={SEARCH_QUERY}",
        "feed": "/feed/",
    }
    status, body = get(port, "/blog/")
    if status == 200 and (m := re.search(r'href="(/blog/(?!categorie/)[\w-]+/)"', body)):
        pages["article"] = m.group(1)
    for name, path in pages.items():
        if path is not None and get(port, path)[0] != 200:
            pages[name] = None
    return pages


# --- readers, with wrk --------------------------------------------------------------------


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> str:
    """Run wrk (one thread, so that the server keeps the other core) and return its output."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script is not None:
        command += ["-s", str(script)]
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr.strip()}")
    return done.stdout


def mix_script(tmp: Path, paths: list[str]) -> Path:
    """A wrk Lua script that cycles through the reader pages."""
    quoted = ", ".join(f'"{p}"' for p in paths)
    script = tmp / "mix.lua"
    script.write_text(
        f"local paths = {{{quoted}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\n'
        "end\n"
    )
    return script


# --- practitioners, with http.client ------------------------------------------------------


class FormParser(html.parser.HTMLParser):
    """Collect the fields of the forms on a page: enough to fill them in like a person."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}, "types": {}})
            return
        if not self.forms:
            return
        fields: dict[str, str] = self.forms[-1]["fields"]  # type: ignore[assignment]
        types: dict[str, str] = self.forms[-1]["types"]  # type: ignore[assignment]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                fields.setdefault(name, a.get("value", "on"))  # the first choice
            elif kind not in ("submit", "button"):
                fields.setdefault(name, a.get("value", ""))
            types.setdefault(name, kind)
        elif tag == "textarea" and name:
            fields.setdefault(name, "")
            types.setdefault(name, "textarea")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            fields.setdefault(self._select, a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms_on(body: str) -> list[dict[str, object]]:
    parser = FormParser()
    parser.feed(body)
    return parser.forms


@dataclass
class Practitioner:
    """One person with a session: logs in, checks in, looks at the body's day."""

    port: int
    password: str
    email: str
    cookies: dict[str, str] = field(default_factory=dict)
    timings: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def request(
        self, name: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        """One timed request with this person's cookies; redirects are not followed."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except OSError as error:
            self.errors.append(f"{name}: {error}")
            return 0, "", {}
        finally:
            conn.close()
        self.timings.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        for value in response.headers.get_all("Set-Cookie") or []:
            key, _, rest = value.partition("=")
            self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.status >= 400:
            self.errors.append(f"{name}: HTTP {response.status}")
        return response.status, text, dict(response.headers)

    def log_in(self) -> bool:
        _, page, _ = self.request("login form", "GET", "/account/inloggen/")
        form = next((f for f in forms_on(page) if "inloggen" in str(f["action"])), None)
        form = form or next((f for f in forms_on(page) if "password" in f["types"].values()), None)
        if form is None:
            self.errors.append("login: no login form")
            return False
        fields = dict(form["fields"])  # type: ignore[arg-type]
        for name, kind in form["types"].items():  # type: ignore[union-attr]
            if kind == "password":
                fields[name] = self.password
            elif kind == "email" or name in ("username", "email"):
                fields[name] = self.email
        status, _, _ = self.request("log in", "POST", "/account/inloggen/", fields)
        return status == 302

    def check_in(self, did: str = "") -> None:
        """The check-in form as it comes, naming ``did`` (an act, or nothing) if it asks."""
        status, page, _ = self.request("check-in form", "GET", "/oefenen/check-in/")
        if status != 200:
            return
        form = next((f for f in forms_on(page) if "csrfmiddlewaretoken" in f["fields"]), None)
        if form is None:
            self.errors.append("check in: no form")
            return
        action = str(form["action"]) or "/oefenen/check-in/"
        fields = dict(form["fields"])  # type: ignore[arg-type]
        if "did" in fields:
            fields["did"] = did
        status, _, headers = self.request("check in", "POST", action, fields)
        if status == 302:  # a browser follows it to the page that shows what the check-in did
            self.request("check-in done", "GET", urllib.parse.urlsplit(headers["Location"]).path)

    def day(self) -> None:
        self.request("day", "GET", "/oefenen/vandaag/")


#: When (in rounds of looking at the day) a person checks in, and what they did: held on,
#: pushed a feeling away, then let it be; the model's work grows with each act.
CHECK_INS = {0: "hold", 10: "suppress", 20: "accept"}


def log_in_all(port: int, password: str, people: int) -> list[Practitioner]:
    """Log everyone in, in parallel (Argon2 makes each login cost real CPU, by design)."""
    crowd = [Practitioner(port, password, EMAIL.format(i)) for i in range(people)]
    threads = [threading.Thread(target=p.log_in) for p in crowd]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return crowd


def practise(crowd: list[Practitioner], seconds: float) -> list[Practitioner]:
    """Logged-in people in parallel: check in now and then, look at the day, until time's up.

    Only the logins' timings are kept from before: they are reported on their own, and the
    few Argon2-heavy logins do not count as the day page's waiting time.
    """
    for person in crowd:
        person.timings = {k: v for k, v in person.timings.items() if "log" in k}
        person.errors = [e for e in person.errors if e.startswith("log")]
    deadline = time.monotonic() + seconds

    def live(person: Practitioner) -> None:
        if "sessionid" not in person.cookies:
            return
        rounds = 0
        while time.monotonic() < deadline:
            # A person checks in a few times a day and looks at the day's curves far more
            # often; capping the check-ins keeps the model's input the size of a real day.
            if rounds in CHECK_INS:
                person.check_in(CHECK_INS[rounds])
            person.day()
            rounds += 1

    threads = [threading.Thread(target=live, args=(p,)) for p in crowd]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return crowd


def summarise(crowd: list[Practitioner], seconds: float) -> list[Result]:
    """One Result per kind of request, over everyone."""
    names: dict[str, list[float]] = {}
    for person in crowd:
        for name, values in person.timings.items():
            names.setdefault(name, []).extend(values)
    errors: dict[str, int] = {}
    for person in crowd:
        for error in person.errors:
            errors[error.split(":")[0]] = errors.get(error.split(":")[0], 0) + 1
    return [
        Result(
            name,
            len(values),
            seconds,
            percentile(values, 50),
            percentile(values, 99),
            errors.get(name, 0),
        )
        for name, values in names.items()
    ] + [Result(name, 0, seconds, errors=n) for name, n in errors.items() if name not in names]


# --- nginx: the ceiling -------------------------------------------------------------------


# --- gunicorn's own ceiling: the same bytes from a trivial WSGI app ------------------------

_PAGE: bytes | None = None


def static_app(environ: dict, start_response) -> list[bytes]:
    """A WSGI app that answers every request with the saved article page (no Django)."""
    global _PAGE
    if _PAGE is None:
        _PAGE = Path(os.environ["LOSLATEN_BENCH_PAGE"]).read_bytes()
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(_PAGE)))]
    start_response("200 OK", headers)
    return [_PAGE]


class BareGunicorn:
    """gunicorn with the same workers, serving the saved page from static_app (no Django)."""

    def __init__(self, args: argparse.Namespace, page_file: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "load:static_app",
                "--chdir",
                str(Path(__file__).resolve().parent),
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(args.workers),
                "--worker-class",
                args.worker_class,
                "--threads",
                str(args.threads),
                "--log-level",
                "warning",
                "--no-control-socket",
            ],
            env={**os.environ, "LOSLATEN_BENCH_PAGE": str(page_file)},
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, 30)

    def stop(self) -> None:
        stop_group(self.process)


def interleaved(
    urls: dict[str, str], rounds: int, seconds: int, connections: int
) -> dict[str, list[Result]]:
    """wrk each URL for `seconds`, round after round, so that a machine whose load changes
    during the run (other work on it) weighs on every server alike."""
    for url in urls.values():
        wrk(url, 2, connections)
    found: dict[str, list[Result]] = {name: [] for name in urls}
    for _ in range(rounds):
        for name, url in urls.items():
            found[name].append(parse_wrk(name, wrk(url, seconds, connections)))
    return found


# --- report -------------------------------------------------------------------------------


def table(title: str, results: list[Result]) -> str:
    lines = [f"\n{title}", f"  {'page':<16}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}"]
    for r in results:
        if r.note:
            lines.append(f"  {r.name:<16}{r.note:>38}")
            continue
        lines.append(f"  {r.name:<16}{r.rps:>10.0f}{r.p50_ms:>10.1f}{r.p99_ms:>10.1f}{r.errors:>8}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if not shutil.which("wrk"):
        print("bench: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="loslaten-bench-"))
    redis: subprocess.Popen[bytes] | None = None
    cache_url = "locmem://"
    if args.cache == "redis":
        # The shared cache of docs/deploy.md: a day built by one worker serves all of them.
        redis_port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(tmp)],
            start_new_session=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(redis_port, 20, "redis-server")
        cache_url = f"redis://{HOST}:{redis_port}/0"
    site = Site(tmp, args.workers, args.database_url, args.practitioners, cache_url)
    front: Nginx | None = None
    static: Nginx | None = None
    errors = 0
    try:
        print(f"setting up a site in {tmp} ...", flush=True)
        site.prepare()
        site.start(args.worker_class, args.threads)
        front = Nginx.front([site.port])
        front.start()
        base = f"http://{HOST}:{front.port}"
        pages = discover(front.port)
        workers = f"{args.workers} x {args.worker_class}"
        if args.worker_class == "gthread":
            workers += f"/{args.threads} threads"
        print(
            f"nginx on {base} in front of gunicorn on :{site.port} ({workers}), DEBUG off, "
            f"{'PostgreSQL' if args.database_url else 'SQLite'}, cache {cache_url}; "
            f"{args.seconds} s per phase, {args.connections} connections",
            flush=True,
        )

        readers: list[Result] = []
        for name, path in pages.items():
            if path is None:
                readers.append(Result(name, note="missing (not 200): not measured"))
                continue
            wrk(base + path, 2, args.connections)  # warm the workers' caches
            result = parse_wrk(name, wrk(base + path, args.seconds, args.connections))
            readers.append(result)
        print(table("readers, one page at a time (wrk)", readers), flush=True)

        crowd = log_in_all(front.port, site.password, args.practitioners)
        practitioners = summarise(practise(crowd, args.seconds), args.seconds)
        print(
            table(f"practitioners alone ({args.practitioners} people, http.client)", practitioners),
            flush=True,
        )

        present = [p for p in pages.values() if p]
        mixed: list[Result] = []
        if present:
            script = mix_script(tmp, present)
            box: dict[str, str] = {}
            thread = threading.Thread(
                target=lambda: box.update(
                    out=wrk(base + present[0], args.seconds, args.mix_connections, script)
                )
            )
            thread.start()
            for person in crowd:  # the same people, still logged in: no new logins
                person.timings, person.errors = {}, []
            crowd_mix = practise(crowd, args.seconds)
            thread.join(timeout=args.seconds + 90)
            mixed = [parse_wrk("reader mix", box.get("out", ""))]
            mixed += summarise(crowd_mix, args.seconds)
            print(
                table(
                    f"together: readers ({args.mix_connections} connections) and "
                    f"{args.practitioners} practitioners",
                    mixed,
                ),
                flush=True,
            )

        ratio = float("nan")
        bare: BareGunicorn | None = None
        if pages["article"]:
            _, page = get(front.port, pages["article"])
            static = Nginx.static(page)
            static.start()
            bare = BareGunicorn(args, static.root / "html" / "article.html")
            try:
                rounds = interleaved(
                    {
                        "article": base + pages["article"],
                        "static article": f"http://{HOST}:{static.port}/article.html",
                        "article, no nginx": f"http://{HOST}:{site.port}{pages['article']}",
                        "gunicorn, no Django": f"http://{HOST}:{bare.port}/",
                    },
                    args.rounds,
                    max(2, args.seconds // args.rounds),
                    args.connections,
                )
            finally:
                bare.stop()
            ratios = [
                a.rps / s.rps
                for a, s in zip(rounds["article"], rounds["static article"], strict=True)
                if s.rps
            ]
            ratio = statistics.median(ratios) if ratios else float("nan")
            print(
                table(
                    f"article through nginx against its ceilings, {args.rounds} interleaved "
                    "rounds: nginx (static file); gunicorn alone (Loslaten's page cache), "
                    "gunicorn without Django",
                    [r for group in zip(*rounds.values(), strict=True) for r in group],
                )
            )
            print(f"  article / static per round: {', '.join(f'{r:.3f}' for r in ratios)}")
            errors += sum(r.errors for results in rounds.values() for r in results)

        errors += sum(r.errors for r in readers + practitioners + mixed)
        day_p99, done_p99 = (
            max((r.p99_ms for r in practitioners + mixed if r.name == name), default=float("nan"))
            for name in ("day", "check-in done")
        )
        missing = [name for name, path in pages.items() if path is None]
        if missing:
            print(f"\nmissing pages (not measured): {', '.join(missing)}")
        log = tmp / "gunicorn.log"
        if log.exists() and log.read_text().strip():
            print("\ngunicorn's error log (last lines):")
            print("\n".join(log.read_text().splitlines()[-15:]))
        print(
            f"\narticle_ratio_to_static={ratio:.3f} day_p99_ms={day_p99:.1f} "
            f"checkin_done_p99_ms={done_p99:.1f} errors={errors}"
        )
        return 0
    finally:
        site.stop()
        stop_group(redis)
        for server in (front, static):
            if server is not None:
                server.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="length of each phase")
    # As deploy/systemd/loslaten-web.service: (2 x cores) + 1 synchronous workers.
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn processes"
    )
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--mix-connections", type=int, default=4, help="readers beside practice")
    parser.add_argument("--practitioners", type=int, default=4, help="people practising at once")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds for the ratio")
    parser.add_argument("--database-url", help="PostgreSQL instead of SQLite")
    parser.add_argument(
        "--cache",
        choices=["redis", "locmem"],
        default="redis" if shutil.which("redis-server") else "locmem",
        help="the shared cache of production (redis-server, if installed) or one per process",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, database)")
    args = parser.parse_args(argv)

    # Ctrl-C and TERM end the run through the finally block above, which stops everything.
    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    except RuntimeError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
