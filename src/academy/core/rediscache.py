"""Django's Redis cache backend, keeping one redis-py client per connection pool (`CACHE_URL`, settings).

Django's `RedisCacheClient` builds a new `redis.Redis` for every cache call. Since redis-py 5 building one
fills a table of about 170 response callbacks, which cost 0.35 ms a call on the benchmark machine: a page
served whole from the cache (three calls: the session, the data version and the page) spent two thirds of
its 1.7 ms there (issue 17, bench/README.md). A `redis.Redis` over a connection pool is safe to share
between threads; Django already keeps one backend, and so one pool, per thread.
"""

from typing import Any

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own helpers, which django-stubs does not declare (private to Django's class).
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
