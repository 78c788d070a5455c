"""The Redis cache backend (xmille.redis_cache): one redis-py client per connection pool, and
the cache's operations unchanged, on a real Redis server (127.0.0.1:6379) when one answers."""

import socket
import threading
import uuid

import pytest

from xmille.redis_cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/9"


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def backend() -> RedisCache:
    # A key prefix of its own: tests on other workers share the server's database.
    return RedisCache(REDIS_URL, {"KEY_PREFIX": uuid.uuid4().hex})


def test_one_client_serves_every_operation():
    cache = backend()
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client("some-key") is client


def test_production_uses_it_when_redis_is_configured():
    from tests.xmille.test_settings import PRODUCTION_ENV, manage

    result = manage(
        "shell",
        "-c",
        "from django.core.cache import caches; print(type(caches['default']).__module__)",
        env={**PRODUCTION_ENV, "REDIS_URL": REDIS_URL},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "xmille.redis_cache"


@pytest.mark.skipif(not redis_answers(), reason="no Redis server on 127.0.0.1:6379")
def test_the_cache_works_as_django_s_from_several_threads():
    cache = backend()
    try:
        assert cache.add("a", {"n": 1}, 30) and not cache.add("a", {"n": 2}, 30)
        cache.set("b", [1, 2], 30)
        assert cache.get_many(["a", "b", "c"]) == {"a": {"n": 1}, "b": [1, 2]}
        assert cache.add("counter", 0, 30) and cache.incr("counter") == 1
        errors = []

        def work(n):
            try:
                for i in range(50):
                    cache.set(f"t{n}-{i}", i, 30)
                    assert cache.get(f"t{n}-{i}") == i
            except Exception as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert cache.delete("a") and cache.get("a") is None
    finally:
        cache.delete_many(
            ["a", "b", "counter", *(f"t{n}-{i}" for n in range(4) for i in range(50))]
        )
