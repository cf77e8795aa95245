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
    monkeypatch.setattr(page_cache, "LISTEN_SECONDS", 1)
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


def _reads(server: redis.Redis) -> int:
    """The GET and MGET commands the server has run (the listener's pings are not reads)."""
    stats = server.info("commandstats")
    return sum(int(stats.get(f"cmdstat_{name}", {}).get("calls", 0)) for name in ("get", "mget"))


def _moved_elsewhere(server: redis.Redis, key: str) -> None:
    """What another process's bump does: the counter up, then its key published."""
    server.incr(cache.make_key(key))
    server.publish(cache.make_key(CHANNEL), key)


def test_a_listening_process_reads_the_generations_once(on_redis: redis.Redis) -> None:
    assert _eventually(_listening)
    first = shared_generation()
    before = _reads(on_redis)
    assert [shared_generation() for _ in range(5)] == [first] * 5
    assert _reads(on_redis) == before


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
    before = _reads(on_redis)
    assert client.get(url)["X-Cache"] == "hit"
    assert _reads(on_redis) == before  # the generations and the copy came from memory
    _moved_elsewhere(on_redis, page_cache._site_key(Site.objects.get(is_default_site=True).pk))
    assert _eventually(lambda: client.get(url)["X-Cache"] == "miss", seconds=2)


def test_a_read_overtaken_by_a_message_is_not_kept(
    on_redis: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A counter read just before another process moved it, whose message arrives before
    the read is done: the read answers what it read, and the next one asks Redis again."""
    assert _eventually(_listening)
    first = shared_generation()
    page_cache._told.forget(SHARED_KEY)  # to be read again
    read = page_cache._counters

    def overtaken(keys: list[str]) -> list[int]:
        found = read(keys)
        heard = page_cache._told.heard
        _moved_elsewhere(on_redis, SHARED_KEY)
        assert _eventually(lambda: page_cache._told.heard != heard, seconds=2)
        return found

    monkeypatch.setattr(page_cache, "_counters", overtaken)
    assert shared_generation() == first
    monkeypatch.setattr(page_cache, "_counters", read)
    assert shared_generation() == first + 1


def test_a_new_subscription_forgets_what_the_process_kept(on_redis: redis.Redis) -> None:
    """Redis restarted from a snapshot hands out earlier counters again: what was kept
    under them must go when the listener subscribes anew."""
    assert _eventually(_listening)
    page_cache.remembered("okcore:test:kept", lambda: "kept", 60)
    assert page_cache._memory.get("okcore:test:kept") == "kept"
    on_redis.client_kill_filter(_type="pubsub")
    assert _eventually(lambda: not page_cache._told.listening, seconds=3)
    assert _eventually(lambda: page_cache._told.listening)
    assert page_cache._memory.get("okcore:test:kept") is None


def test_a_failed_publish_leaves_the_change_standing(
    on_redis: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: RedisCache, channel: str, message: str) -> None:
        raise redis.exceptions.NoPermissionError("no channel for this user")

    monkeypatch.setattr(RedisCache, "publish", refused)
    first = shared_generation()
    invalidate()
    assert shared_generation() == first + 1


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


def test_one_client_serves_every_call_on_the_primary() -> None:
    backend = RedisCache("redis://127.0.0.1:1/0;redis://127.0.0.1:2/0", {})
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
