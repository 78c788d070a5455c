"""The Redis cache backend, with one redis-py client per connection pool.

Django's backend builds a new redis-py client for every cache operation, and building one
costs about 50 µs (its table of reply callbacks): a page that reads its versions, fragments
and the page cache pays it a dozen times per request. redis-py's clients are thread-safe and
hold no connection of their own (they take one from the pool for each command), so one
client per pool serves every operation of the process."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
