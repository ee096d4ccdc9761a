"""The shared cache production uses (core/rediscache.py), against the real Redis `make serve` runs on.

Each test keeps its keys under a prefix of its own, so that runs side by side never read each other's.
"""

import threading
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from academy.core.rediscache import RedisCache
from tests.factories import CohortFactory, OfferFactory, PersonFactory
from tests.offers.test_page_cache import logged_in, read_twice, text

REDIS = "redis://127.0.0.1:6379/6"


@pytest.fixture
def settings_() -> dict:
    """The cache settings of one test, its keys deleted afterwards (never FLUSHDB: tests run side by side)."""
    prefix = f"test-{uuid.uuid4().hex}"
    yield {"BACKEND": "academy.core.rediscache.RedisCache", "LOCATION": REDIS, "KEY_PREFIX": prefix}
    client = RedisCache(REDIS, {})._cache.get_client()
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_what_one_call_writes_the_next_reads_and_the_version_counts_up(settings_: dict) -> None:
    cache = RedisCache(REDIS, settings_)
    cache.set("page", {"content": b"<p>Kept</p>", "headers": [("Content-Type", "text/html")]}, 60)
    assert cache.get("page") == {"content": b"<p>Kept</p>", "headers": [("Content-Type", "text/html")]}
    assert cache.add("version", 1, None)
    assert cache.incr("version") == 2
    cache.delete_many(["page", "version"])
    assert cache.get("page") is None and cache.get("version") is None


def test_one_client_serves_every_call_and_threads_sharing_it_never_mix_answers(settings_: dict) -> None:
    cache = RedisCache(REDIS, settings_)
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: reads and writes share the pool
    wrong: list[tuple[str, object]] = []

    def work(thread: int) -> None:
        for n in range(100):
            key = f"t{thread}-{n}"
            cache.set(key, (thread, n), 60)
            if (got := cache.get(key)) != (thread, n):
                wrong.append((key, got))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


@pytest.mark.django_db
def test_pages_kept_in_redis_show_a_booking_at_once_and_are_never_another_persons(settings_: dict) -> None:
    offer = OfferFactory(title="Leading with compassion")
    cohort = CohortFactory(offer=offer, name="Spring cohort", capacity=3)
    with override_settings(
        CACHES={"default": settings_}, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        me, other = PersonFactory(), PersonFactory()
        mine, theirs = logged_in(me), logged_in(other)
        offer_url = f"/offers/{cohort.offer.slug}/"
        assert "3 places left" in read_twice(theirs, offer_url)
        assert "Book a place" in read_twice(mine, offer_url)

        response = mine.post(f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/", {}, follow=True)
        assert response.status_code == 200

        assert "You have a booking on this cohort: place confirmed" in text(mine.get(offer_url))
        theirs_now = text(theirs.get(offer_url))
        assert "2 places left" in theirs_now
        assert "You have a booking" not in theirs_now
        assert isinstance(caches["default"], RedisCache)
