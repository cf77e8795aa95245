"""The page cache on a real Redis server (Debian's, started for these tests): the
generations heard through publish/subscribe, a hit that asks Redis nothing, and what
happens when the subscription breaks."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
import redis_server
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site

from cms.core import cache as page_cache
from cms.core.cache import CHANNEL, SHARED_KEY, clear_memory, invalidate, shared_generation
from cms.core.redis import RedisCache

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with redis_server.server() as url:
        yield url


@pytest.fixture
def on_redis(settings: Any, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The site's cache on Redis, as the settings make it with REDIS_URL; a raw client
    of the same server, to act as another process."""
    monkeypatch.setattr(page_cache, "LISTEN_SECONDS", 0.2)
    settings.CACHES = {"default": {"BACKEND": "cms.core.redis.RedisCache", "LOCATION": redis_url}}
    cache.clear()
    clear_memory()
    page_cache._told.stop()
    yield redis.Redis.from_url(redis_url)
    page_cache._told.stop()
    clear_memory()


def _eventually(check: Callable[[], bool], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _listening() -> bool:
    shared_generation()  # starts the listener
    return page_cache._told.listening


def _commands(server: redis.Redis) -> int:
    """Commands the server has run (INFO counts itself: one more each time)."""
    return int(server.info("stats")["total_commands_processed"])


def _moved_elsewhere(server: redis.Redis, key: str) -> None:
    """What another process's bump does: the counter up, then its key published."""
    server.incr(cache.make_key(key))
    server.publish(cache.make_key(CHANNEL), key)


def test_a_listening_process_reads_the_generations_once(on_redis: redis.Redis) -> None:
    assert _eventually(_listening)
    first = shared_generation()
    before = _commands(on_redis)
    assert [shared_generation() for _ in range(5)] == [first] * 5
    assert _commands(on_redis) == before + 1  # only the INFO


def test_a_bump_in_another_process_is_heard_at_once(on_redis: redis.Redis) -> None:
    assert _eventually(_listening)
    first = shared_generation()
    _moved_elsewhere(on_redis, SHARED_KEY)
    assert _eventually(lambda: shared_generation() == first + 1, seconds=2)


def test_a_bump_here_is_seen_here_before_any_message(on_redis: redis.Redis) -> None:
    assert _eventually(_listening)
    first = shared_generation()
    invalidate()
    assert shared_generation() == first + 1


def test_a_hit_asks_redis_nothing_and_a_publish_elsewhere_ends_it(
    on_redis: redis.Redis, site: Any
) -> None:
    client = Client(HTTP_HOST="localhost")
    url = site["pages"]["programme"]["pl"].url
    assert _eventually(_listening)
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    before = _commands(on_redis)
    assert client.get(url)["X-Cache"] == "hit"
    assert _commands(on_redis) == before + 1  # only the INFO: the copy came from memory
    _moved_elsewhere(on_redis, page_cache._site_key(Site.objects.get(is_default_site=True).pk))
    assert _eventually(lambda: client.get(url)["X-Cache"] == "miss", seconds=2)


def test_a_broken_subscription_reads_from_redis_until_it_is_back(on_redis: redis.Redis) -> None:
    """Messages published while no one listens are lost: until the listener has subscribed
    again, every read asks Redis, and once it has, it reads every counter afresh."""
    assert _eventually(_listening)
    first = shared_generation()
    on_redis.client_kill_filter(_type="pubsub")
    assert _eventually(lambda: not page_cache._told.listening, seconds=2)
    on_redis.incr(cache.make_key(SHARED_KEY))  # moved, and nobody told
    assert shared_generation() == first + 1
    assert _eventually(lambda: page_cache._told.listening)
    _moved_elsewhere(on_redis, SHARED_KEY)
    assert _eventually(lambda: shared_generation() == first + 2, seconds=2)


def test_one_client_serves_every_call() -> None:
    backend = RedisCache("redis://127.0.0.1:1/0", {})
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
