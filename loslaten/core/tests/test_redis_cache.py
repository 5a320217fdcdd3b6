"""The shared Redis cache (loslaten.core.rediscache) and the sessions read from it.

A real redis-server of its own, on a free port, for each test that needs one. Missing
redis-server fails with a clear message: nothing is skipped silently (CI installs it).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import caches

from loslaten.config import cache_settings, session_engine
from loslaten.localservers import HOST, free_port, stop_group, wait_for_port


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed (Debian: apt-get install redis-server)"
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        start_new_session=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port, 20, "redis-server")
        yield f"redis://{HOST}:{port}/0"
    finally:
        stop_group(server)


@pytest.fixture
def shared_cache(settings, redis_url):
    """The site as docs/deploy.md runs it with CACHE_URL=redis://…: cache and sessions."""
    settings.CACHES = {"default": cache_settings(redis_url)}
    settings.SESSION_ENGINE = session_engine(settings.CACHES["default"])
    yield caches["default"]
    caches["default"].clear()


def test_one_client_serves_every_call_on_the_same_server(shared_cache):
    client = shared_cache._cache.get_client()
    assert shared_cache._cache.get_client(write=True) is client
    assert shared_cache._cache.get_client("any key") is client


def test_values_go_to_redis_and_come_back(shared_cache):
    page = "<p>één pagina</p>" * 2000
    shared_cache.set("loslaten:test:page", page, 60)
    assert shared_cache.get("loslaten:test:page") == page
    assert shared_cache.add("loslaten:test:n", 1)
    assert shared_cache.incr("loslaten:test:n") == 2
    shared_cache.delete("loslaten:test:page")
    assert shared_cache.get("loslaten:test:page", "gone") == "gone"


def test_a_logged_in_page_reads_the_session_from_redis(shared_cache, client, alice):
    client.force_login(alice)
    key = client.cookies["sessionid"].value
    assert shared_cache.get(KEY_PREFIX + key) is not None
    assert client.get("/oefenen/vandaag/").status_code == 200


def test_logging_out_ends_the_session_in_redis_too(shared_cache, client, alice):
    client.force_login(alice)
    cookie = client.cookies["sessionid"].value
    client.post("/account/uitloggen/")
    assert shared_cache.get(KEY_PREFIX + cookie) is None
    # The old cookie, played back, is a visitor's: the practice asks to log in.
    client.cookies["sessionid"] = cookie
    response = client.get("/oefenen/vandaag/")
    assert response.status_code == 302
    assert "/account/inloggen/" in response.headers["Location"]


def test_a_session_lost_from_redis_is_read_from_the_database(shared_cache, client, alice):
    client.force_login(alice)
    shared_cache.clear()
    assert client.get("/oefenen/vandaag/").status_code == 200
