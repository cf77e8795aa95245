"""Django's Redis cache with what the page cache needs of Redis (cms.core.cache).

Three differences from ``django.core.cache.backends.redis.RedisCache``, which the settings
use in its place when ``REDIS_URL`` is set:

- one client per connection pool, kept: Django's builds a client, and its table of some
  170 reply handlers, for every call (about 80 µs of a 160 µs round trip on loopback);
- Redis's publish/subscribe, with which every worker hears at once that a content
  generation moved, so that serving a copy asks Redis nothing (cms.core.cache);
- reads from the first server (the primary) only, never from a replica that may lag.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _KeptClients(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def _get_connection_pool_index(self, write: bool) -> int:
        # Every read from the first server, as every write: a replica's lag would hand a
        # worker a content generation that has already moved, and it would keep it.
        return 0

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own attributes, which its type stubs do not declare.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(  # type: ignore[attr-defined]
                connection_pool=pool
            )
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _KeptClients

    def publish(self, channel: str, message: str) -> None:
        """Tell every subscriber of ``channel`` (in this cache's key namespace)."""
        self._cache.get_client(write=True).publish(self.make_key(channel), message)

    def subscribe(self, channel: str) -> Any:
        """A subscription to ``channel`` on a connection of its own (redis-py's PubSub),
        once Redis has confirmed it: whatever is published after this returns is heard."""
        subscription = self._cache.get_client(write=True).pubsub()  # type: ignore[no-untyped-call]
        subscription.subscribe(self.make_key(channel))
        while True:
            message = subscription.get_message(timeout=10)
            if message is None:
                raise TimeoutError("Redis did not confirm the subscription")
            if message["type"] == "subscribe":
                return subscription
