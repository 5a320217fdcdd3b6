"""Throwaway servers on 127.0.0.1, for the load benchmark and the cluster check.

bench/load.py and deploy/cluster.py start gunicorns, workers and nginx of their own on
free ports; these are the pieces they share. Nothing here is used by the site itself.
`Nginx.front` runs nginx with the production proxy settings (deploy/nginx/
loslaten-proxy.conf, page cache included), so that what is measured and checked is what
docs/deploy.md tells people to run.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
PROXY_CONF = ROOT / "deploy" / "nginx" / "loslaten-proxy.conf"
MEDIA_CONF = ROOT / "deploy" / "nginx" / "loslaten-media.conf"
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float, what: str = "a server") -> None:
    """Block until something accepts connections on the port; RuntimeError after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} does not listen on {HOST}:{port} after {timeout:.0f} s")


def stop_group(process: subprocess.Popen | None) -> None:
    """TERM a process group we started, then KILL it if it is still there after 10 s."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)


class Nginx:
    """nginx on a free port with a config of its own, in a temp dir removed by stop()."""

    def __init__(self) -> None:
        # A folder of its own, readable by nginx's unprivileged workers (a site's temp dir
        # is private to us: it holds the secret key).
        self.root = Path(tempfile.mkdtemp(prefix="loslaten-nginx-"))
        self.root.chmod(0o755)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def configure(self, http_extra: str, server_body: str) -> None:
        """Write nginx.conf: the common settings, then these lines in `http` and `server`."""
        # Tuned like a production site would be: sendfile, keep-alive, no access log. Not
        # tcp_nopush: over plain HTTP it held the last part of every cached response above
        # ~64 KB (the 98 KB feed) for the client's delayed ACK, 44 ms a request.
        (self.root / "nginx.conf").write_text(
            f"""worker_processes auto;
pid {self.root}/nginx.pid;
error_log {self.root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path {self.root}/spool;
    proxy_temp_path {self.root}/spool;
    fastcgi_temp_path {self.root}/spool;
    uwsgi_temp_path {self.root}/spool;
    scgi_temp_path {self.root}/spool;
{http_extra}
    server {{
        listen {HOST}:{self.port};
{server_body}
    }}
}}
"""
        )

    @classmethod
    def static(cls, page: str) -> Nginx:
        """nginx serving one saved page as a static file at /article.html."""
        server = cls()
        html = server.root / "html"
        html.mkdir(mode=0o755)
        (html / "article.html").write_text(page, encoding="utf-8")
        (html / "article.html").chmod(0o644)
        server.configure("", f"        location / {{ default_type text/html; root {html}; }}")
        return server

    @classmethod
    def front(cls, app_ports: list[int], media_parent: Path | None = None) -> Nginx:
        """nginx in front of the app servers, with the production proxy and page cache;
        with `media_parent` (the folder holding `media/`) it serves the images itself."""
        server = cls()
        servers = "".join(f"        server {HOST}:{p} fail_timeout=0;\n" for p in app_ports)
        http_extra = (
            f"    proxy_cache_path {server.root}/cache levels=1:2 keys_zone=loslaten:16m "
            "inactive=10m use_temp_path=off;\n"
            f"    upstream loslaten {{\n{servers}        keepalive 16;\n    }}\n"
        )
        body = f"        location / {{ include {PROXY_CONF}; }}"
        if media_parent is not None:
            body += f"\n        set $loslaten_var {media_parent};\n        include {MEDIA_CONF};"
        server.configure(http_extra, body)
        return server

    def start(self) -> None:
        """Start nginx (in the foreground, its own process group) and wait for its port."""
        if not Path(NGINX).exists():
            raise RuntimeError(f"no nginx at {NGINX} (apt-get install nginx-light)")
        conf = str(self.root / "nginx.conf")
        check = subprocess.run(
            [NGINX, "-t", "-q", "-p", str(self.root), "-c", conf],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx refuses its config: {check.stderr.strip()}")
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.root), "-c", conf, "-g", "daemon off;"],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, 20, "nginx")

    def stop(self) -> None:
        """Stop nginx and remove its temp dir."""
        stop_group(self.process)
        shutil.rmtree(self.root, ignore_errors=True)
