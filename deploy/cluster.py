"""A Loslaten cluster on one machine: proof that several app servers and workers agree.

    .venv/bin/python deploy/cluster.py [--subscribers 200] [--timeout 180]

Starts, all on 127.0.0.1 and under one temp dir: a throwaway PostgreSQL cluster, a Redis
server, an SMTP sink (aiosmtpd) that counts the messages per recipient, two app servers
(gunicorn, different ports) and two workers (`loslaten db_worker`). Then it checks:

  (a) a newsletter issue, composed with `loslaten newsletter compose` and handed to the
      workers with `loslaten newsletter send ID --queue --workers 2`, reaches every
      subscriber exactly once;
  (b) a journal entry written through one app server (POST /api/journal with a token from
      `loslaten token create`) is read through the other (GET /api/journal);
  (c) a page that one app server put in the page cache is served by the other (the cache
      is the shared Redis);
  (d) nginx in front of both (with deploy/nginx/loslaten-proxy.conf) keeps an anonymous
      reader's article page, but never serves it to someone logged in, and never keeps
      anyone's own page;
  (e) through nginx, a stranger (another loopback address, 127.0.0.66) who tries wrong
      passwords for the writer's address is locked out, also when they write the owner's
      address into X-Forwarded-For, and the owner (127.0.0.20) still logs in at once.
  (f) nginx serves an article's images from the media folder itself (with
      deploy/nginx/loslaten-media.conf), without asking an app server;
  (g) a session made on one app server works on the other, and a log-out on that other
      one ends it on the first as well (sessions are read from the shared Redis first).

Prints one PASS or FAIL line per check and exits 1 if any failed (2 if the cluster could
not be started). Everything is stopped and removed on exit, also after Ctrl-C, and every
wait has a deadline. Needs PostgreSQL's server binaries, redis-server and nginx (Debian:
postgresql, redis-server, nginx-light); run it as root or as a user that may run
PostgreSQL.
"""

from __future__ import annotations

import argparse
import collections
import glob
import http.client
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from loslaten.localservers import HOST, ROOT, Nginx, free_port, wait_for_port

BIN = Path(sys.executable).parent
EMAIL = "schrijver@example.org"


class ClusterError(Exception):
    """The cluster could not be set up; the message says which part."""


def request(
    port: int,
    method: str,
    path: str,
    body: object = None,
    token: str | None = None,
    cookie: str | None = None,
    form: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], str]:
    """One HTTP request to an app server (or nginx); (status, headers, body text). `body`
    goes as JSON, `form` as a browser's form post."""
    # One Host for every app server, as behind a load balancer.
    headers = {"Host": HOST}
    if cookie:
        headers["Cookie"] = cookie
    data = None
    if body is not None:
        data = json.dumps(body)
        headers["Content-Type"] = "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://{HOST}{path}"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.headers), response.read().decode()
    finally:
        conn.close()


def login_attempt(
    port: int, email: str, password: str, source: str = HOST, forwarded: str | None = None
) -> tuple[int, str]:
    """Log in through the login form like a browser at address `source` (any 127.x.y.z
    works on Linux); the status of the POST and the Cookie header that follows."""
    cookies: dict[str, str] = {}

    def send(method: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if forwarded:
            headers["X-Forwarded-For"] = forwarded
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}/account/inloggen/"
        conn = http.client.HTTPConnection(HOST, port, timeout=30, source_address=(source, 0))
        try:
            conn.request(method, "/account/inloggen/", body=body, headers=headers)
            response = conn.getresponse()
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.read().decode()
        finally:
            conn.close()

    _, page = send("GET")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        raise ClusterError("the login page has no CSRF token")
    form = {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
    status, _ = send("POST", urllib.parse.urlencode(form))
    return status, "; ".join(f"{k}={v}" for k, v in cookies.items())


def log_in(port: int, email: str, password: str) -> str:
    """Log in through the login form like a browser; the Cookie header that follows."""
    _, cookie = login_attempt(port, email, password)
    if "sessionid=" not in cookie:
        raise ClusterError("logging in through nginx gave no session")
    return cookie


# --- the SMTP sink ------------------------------------------------------------------------


class Sink:
    """An SMTP server that accepts everything and counts the messages per recipient."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.counts: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname=HOST, port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.counts[recipient.lower()] += 1
        return "250 OK"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def snapshot(self) -> collections.Counter[str]:
        with self.lock:
            return collections.Counter(self.counts)


# --- PostgreSQL and Redis -----------------------------------------------------------------


def pg_bin() -> Path:
    """The newest PostgreSQL server binaries installed (Debian's layout)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if not found:
        raise ClusterError("no PostgreSQL server found (apt-get install postgresql)")
    return Path(found[-1])


class Postgres:
    """A throwaway PostgreSQL cluster, run as the postgres user when we are root."""

    def __init__(self) -> None:
        self.bin = pg_bin()
        # Its own temp dir: the postgres user must own it, and may not read ours.
        self.data = Path(tempfile.mkdtemp(prefix="loslaten-cluster-pg-"))
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.data, entry.pw_uid, entry.pw_gid)

    def run(self, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise ClusterError(f"{args[0]} failed: {done.stderr.strip()[-500:]}")

    def start(self) -> None:
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        options = f"-p {self.port} -k {self.data} -c listen_addresses={HOST} -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", f"{self.data}/log", "-w",
                 "-t", "60", "start")  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        except (ClusterError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.data, ignore_errors=True)


# --- the cluster --------------------------------------------------------------------------


class Cluster:
    """Everything started, in order, so that stop() can end it all in reverse."""

    def __init__(self, subscribers: int) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="loslaten-cluster-"))
        self.subscribers = subscribers
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.pg: Postgres | None = None
        self.sink: Sink | None = None
        self.ports = [free_port(), free_port()]
        self.nginx: Nginx | None = None
        self.env: dict[str, str] = {}
        # Outside self.tmp, which is private (it holds the secret key): nginx's workers
        # read the images from here, as from /var/lib/loslaten/media/ in production.
        self.public = Path(tempfile.mkdtemp(prefix="loslaten-cluster-media-"))
        self.public.chmod(0o755)

    def spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.tmp / f"{name}.log", "wb")  # the child keeps its own copy
        process = subprocess.Popen(
            command,
            env=env or self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.processes.append((name, process))

    def loslaten(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [str(BIN / "loslaten"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise ClusterError(f"loslaten {' '.join(args)} failed: {done.stderr.strip()[-800:]}")
        return done.stdout

    def start(self) -> None:
        self.pg = Postgres()
        self.pg.start()
        redis_port = free_port()
        self.spawn(
            "redis",
            ["redis-server", "--port", str(redis_port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(self.tmp)],
            env=dict(os.environ),
        )  # fmt: skip
        wait_for_port(redis_port, 20, "redis-server")
        self.sink = Sink()
        self.sink.start()

        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LOSLATEN_")},
            "DATABASE_URL": self.pg.url,
            "CACHE_URL": f"redis://{HOST}:{redis_port}/0",
            "EMAIL_URL": f"smtp://{HOST}:{self.sink.port}",
            "LOSLATEN_VAR_DIR": str(self.tmp / "var"),
            "LOSLATEN_MEDIA_DIR": str(self.public / "media"),
            "LOSLATEN_SECRET_KEY": secrets.token_urlsafe(50),  # the same on every server
            "LOSLATEN_DEBUG": "0",
            "LOSLATEN_ALLOWED_HOSTS": HOST,
            "LOSLATEN_BASE_URL": f"http://{HOST}:{self.ports[0]}",
            "LOSLATEN_LOG_LEVEL": "WARNING",
            "LOSLATEN_NEWSLETTER_LEASE_SECONDS": "30",
            # nginx runs on this machine, as in docs/deploy.md: its X-Forwarded-For counts.
            "LOSLATEN_TRUSTED_PROXIES": HOST,
        }
        self.loslaten("migrate", "--noinput")
        self.loslaten("loadsample")
        password = self.tmp / "password"
        self.password = secrets.token_urlsafe(16)
        password.write_text(self.password + "\n")
        self.loslaten("user", "create", EMAIL, "--password-file", str(password))
        self.token = self.loslaten("token", "create", EMAIL, "--name", "cluster").strip()
        addresses = self.tmp / "subscribers.csv"
        addresses.write_text(
            "".join(f"lezer{i}@example.org,Lezer {i}\n" for i in range(self.subscribers))
        )
        self.loslaten("newsletter", "import", str(addresses), "--consented")

        for i, port in enumerate(self.ports, 1):
            self.spawn(
                f"app{i}",
                [str(BIN / "gunicorn"), "loslaten.wsgi:application", "--bind", f"{HOST}:{port}",
                 "--workers", "2", "--log-level", "warning", "--no-control-socket"],
            )  # fmt: skip
        for i in (1, 2):
            self.spawn(
                f"worker{i}",
                [str(BIN / "loslaten"), "db_worker", "--queue-name", "*", "--no-reload",
                 "--interval", "0.5", "--no-startup-delay", "--worker-id", f"worker{i}"],
            )  # fmt: skip
        for port in self.ports:
            wait_for_port(port, 60, "gunicorn")
        self.nginx = Nginx.front(self.ports, media_parent=self.public)
        self.nginx.start()
        time.sleep(1)
        for name, process in self.processes:
            if process.poll() is not None:
                raise ClusterError(f"{name} stopped at once; see its log:\n{self.log(name)}")

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-20:]) if path.exists() else ""
        )

    def stop(self) -> None:
        if self.nginx is not None:
            self.nginx.stop()
        for _, process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for _, process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=10)
        if self.sink is not None:
            self.sink.stop()
        if self.pg is not None:
            self.pg.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)
        shutil.rmtree(self.public, ignore_errors=True)


# --- the checks ---------------------------------------------------------------------------


def check_newsletter(cluster: Cluster, timeout: float) -> tuple[bool, str]:
    """(a) compose, hand to two workers, and count what the sink got per recipient."""
    issue_id = cluster.loslaten("newsletter", "compose").strip().splitlines()[-1]
    cluster.loslaten("newsletter", "send", issue_id, "--queue", "--workers", "2")
    expected = {f"lezer{i}@example.org" for i in range(cluster.subscribers)}
    deadline = time.monotonic() + timeout
    assert cluster.sink is not None
    while time.monotonic() < deadline:
        if set(cluster.sink.snapshot()) >= expected:
            break
        time.sleep(0.5)
    time.sleep(3)  # time for a duplicate to show up, if the workers were to send one
    counts = cluster.sink.snapshot()
    status = cluster.loslaten("newsletter", "status", issue_id)
    missing = expected - set(counts)
    twice = sorted(r for r, n in counts.items() if n > 1)
    strangers = set(counts) - expected
    detail = (
        f"issue {issue_id}: {len(expected) - len(missing)}/{len(expected)} recipients reached, "
        f"{sum(counts.values())} messages, {len(twice)} twice"
    )
    if missing:
        detail += f", {len(missing)} missing (e.g. {sorted(missing)[0]})"
    if twice:
        detail += f" (e.g. {twice[0]})"
    if strangers:
        detail += f", {len(strangers)} unexpected recipients"
    ran = [cluster.log(f"worker{i}").count("send_issue state=SUCCESSFUL") for i in (1, 2)]
    detail += f"; send tasks run by worker1/worker2: {ran[0]}/{ran[1]}"
    ok = not missing and not twice and not strangers
    if not ok:
        detail += "\n" + status.strip()
    return ok, detail


def check_journal(cluster: Cluster) -> tuple[bool, str]:
    """(b) write through app server 1, read through app server 2."""
    one, two = cluster.ports
    text = f"Geschreven via de ene server, gelezen via de andere ({secrets.token_hex(4)})."
    status, _, body = request(one, "POST", "/api/journal", {"text": text}, cluster.token)
    if status != 201:
        return False, f"POST /api/journal on :{one} answered {status}: {body[:200]}"
    status, _, body = request(two, "GET", "/api/journal", token=cluster.token)
    if status != 200:
        return False, f"GET /api/journal on :{two} answered {status}: {body[:200]}"
    found = text in body
    return found, (f"entry written on :{one} {'is' if found else 'is NOT'} listed by :{two}")


def first_article(port: int) -> str | None:
    """The path of the first article listed on /blog/ (through that port), if any."""
    status, _, body = request(port, "GET", "/blog/")
    match = re.search(r'href="(/blog/(?!categorie/)[\w-]+/)"', body)
    return match.group(1) if status == 200 and match else None


def check_shared_cache(cluster: Cluster) -> tuple[bool, str]:
    """(c) a page cached by app server 1 is a cache hit on app server 2."""
    one, two = cluster.ports
    path = first_article(one)
    if path is None:
        return False, f"no article found on /blog/ of :{one}"
    request(one, "GET", path)
    status, headers, _ = request(two, "GET", path)
    hit = headers.get("X-Loslaten-Cache") == "hit"
    return status == 200 and hit, (
        f"{path} stored by :{one} {'is' if hit else 'is NOT'} a cache hit on :{two}"
    )


def check_log_out(cluster: Cluster) -> tuple[bool, str]:
    """(g) a session made on app server 1 works on 2; logged out on 2, it ends on 1 too
    (sessions are read from the shared Redis first: a copy left there must not live on)."""
    one, two = cluster.ports
    cookie = log_in(one, EMAIL, cluster.password)
    before = request(two, "GET", "/oefenen/vandaag/", cookie=cookie)[0]
    _, _, page = request(two, "GET", "/account/", cookie=cookie)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if before != 200 or token is None:
        return False, f"the session made on :{one} gets {before} on :{two}"
    form = {"csrfmiddlewaretoken": token.group(1)}
    out = request(two, "POST", "/account/uitloggen/", cookie=cookie, form=form)[0]
    after = request(one, "GET", "/oefenen/vandaag/", cookie=cookie)
    ended = after[0] == 302 and "/account/inloggen/" in after[1].get("Location", "")
    return out == 302 and ended, (
        f"made on :{one}, {before} on :{two}; logged out on :{two} ({out}), then on :{one} "
        f"{'asks to log in' if ended else f'STILL ANSWERS {after[0]}'}"
    )


def check_nginx_cache(cluster: Cluster) -> tuple[bool, str]:
    """(d) nginx keeps a reader's article page, and never serves or keeps someone's own."""
    assert cluster.nginx is not None
    port = cluster.nginx.port
    path = first_article(port)
    if path is None:
        return False, "no article found on /blog/ through nginx"
    seen = [request(port, "GET", path)[1].get("X-Cache-Status") for _ in range(3)]
    session = log_in(port, EMAIL, cluster.password)
    own = [request(port, "GET", path, cookie=session) for _ in range(2)]
    own_states = [headers.get("X-Cache-Status") for _, headers, _ in own]
    mine = '<a href="/account/">'  # the menu of someone logged in
    logged_in = all(mine in text for _, _, text in own)
    leaked = mine in request(port, "GET", path)[2]
    ok = seen[-1] == "HIT" and own_states == ["BYPASS", "BYPASS"] and logged_in and not leaked
    return ok, (
        f"{path} for readers: {' → '.join(map(str, seen))}; logged in: "
        f"{' → '.join(map(str, own_states))}, {'own page' if logged_in else 'NOT their own page'}; "
        f"a reader afterwards {'GETS someone’s page' if leaked else 'gets the public page'}"
    )


def check_lockout(cluster: Cluster) -> tuple[bool, str]:
    """(e) through nginx, a stranger's wrong passwords lock out the stranger, not the owner."""
    assert cluster.nginx is not None
    port = cluster.nginx.port
    stranger, owner = "127.0.0.66", "127.0.0.20"
    tries = [login_attempt(port, EMAIL, "geraden", source=stranger)[0] for _ in range(6)]
    # Writing the owner's address into X-Forwarded-For does not make the stranger the owner.
    forged = login_attempt(port, EMAIL, "geraden", source=stranger, forwarded=owner)[0]
    status, cookie = login_attempt(port, EMAIL, cluster.password, source=owner)
    locked = tries[-1] == 429 and forged == 429
    owner_in = status == 302 and "sessionid=" in cookie
    return locked and owner_in, (
        f"stranger {stranger}: {' '.join(map(str, tries))}, with a forged X-Forwarded-For "
        f"{forged}; owner {owner}: {status}, {'logged in' if owner_in else 'NOT logged in'}"
    )


def check_nginx_media(cluster: Cluster) -> tuple[bool, str]:
    """(f) an article's featured image comes from nginx, byte for byte the stored copy."""
    assert cluster.nginx is not None
    port = cluster.nginx.port
    path = first_article(port)
    if path is None:
        return False, "no article found on /blog/ through nginx"
    page = request(port, "GET", path)[2]
    found = re.search(r'<figure class="featured">.*?<img src="(/media/([^"]+))"', page, re.S)
    if not found:
        return False, f"{path} shows no featured image"
    url, name = found.groups()

    def fetch(through: int) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(HOST, through, timeout=30)
        try:
            conn.request("GET", url, headers={"Host": HOST})
            response = conn.getresponse()
            return response.status, dict(response.headers), response.read()
        finally:
            conn.close()

    status, headers, body = fetch(port)
    on_disk = (cluster.public / "media" / name).read_bytes()
    # The app marks the images it serves itself (`make run`); nginx's carry no such mark.
    by_app = headers.get("X-Loslaten-Media") == "app"
    app_too = fetch(cluster.ports[0])[1].get("X-Loslaten-Media") == "app"
    ok = status == 200 and body == on_disk and not by_app and app_too
    return ok, (
        f"{url}: {status}, {headers.get('Content-Type')}, {len(body)} bytes "
        f"{'equal to' if body == on_disk else 'DIFFERENT from'} the stored copy, served by "
        f"{'an app server' if by_app else 'nginx'}; {headers.get('Cache-Control')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=180, help="seconds for the sending")
    args = parser.parse_args(argv)

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    cluster = Cluster(args.subscribers)
    try:
        try:
            cluster.start()
        except (ClusterError, RuntimeError, subprocess.TimeoutExpired) as error:
            print(f"FAIL cluster: {error}")
            return 2
        print(
            f"cluster: PostgreSQL :{cluster.pg.port}, Redis, SMTP sink :{cluster.sink.port}, "
            f"app servers :{cluster.ports[0]} and :{cluster.ports[1]} behind nginx "
            f":{cluster.nginx.port}, two workers"
        )
        results = []
        for name, check in (
            ("journal written on one app server is read on the other", check_journal),
            ("page cache is shared between the app servers", check_shared_cache),
            ("a log-out on one app server ends the session on the other", check_log_out),
            ("nginx keeps readers' pages, never someone's own", check_nginx_cache),
            ("behind nginx a stranger cannot lock the owner out", check_lockout),
            ("nginx serves the article images itself", check_nginx_media),
            (
                "newsletter reaches each subscriber exactly once",
                lambda c: check_newsletter(c, args.timeout),
            ),
        ):
            try:
                ok, detail = check(cluster)
            except (ClusterError, RuntimeError, OSError, subprocess.TimeoutExpired) as error:
                ok, detail = False, str(error)
            results.append(ok)
            print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)
        if not all(results):
            for name in ("worker1", "worker2", "app1", "app2"):
                if log := cluster.log(name):
                    print(f"--- {name} log (last lines)\n{log}")
        return 0 if all(results) else 1
    except KeyboardInterrupt:
        print("FAIL cluster: interrupted")
        return 130
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
