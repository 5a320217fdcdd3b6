"""Django's Redis cache, with one client object per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call,
and redis-py fills a table of about 170 response callbacks each time: about 0.2 ms of CPU,
as much as the round trip to Redis itself. A logged-in page makes two or three cache calls
(the session, the page or the model's results), so this was a tenth of a cached page's
cost. A ``redis.Redis`` on a connection pool is safe to share between threads, and the pool
notices a fork and opens new connections in the child, so keeping one per pool is safe.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedClient(RedisCacheClient):
    """A RedisCacheClient that keeps its ``redis.Redis`` per connection pool."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        """The client of the pool Django would pick (reads may go to a replica)."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``SharedClient``."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedClient
