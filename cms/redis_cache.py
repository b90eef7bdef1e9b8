"""Django's Redis cache backend, reusing one client per connection pool.

Django builds a new `redis.Redis` on every cache call, and each one registers some
hundreds of response callbacks before sending a byte: on a page-cache hit that was
a third of the work. The client is thread-safe over its pool, so one per pool does.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def publish(self, channel: str, message: str) -> None:
        self._cache.get_client(write=True).publish(self.make_key(channel), message)

    def subscribe(self, channel: str):
        """A new publish/subscribe connection listening on `channel`, once Redis confirms it."""
        pubsub = self._cache.get_client().pubsub()
        pubsub.subscribe(self.make_key(channel))
        confirmation = pubsub.get_message(timeout=self._cache._pool_options.get("socket_timeout", 1))
        if confirmation is None or confirmation["type"] != "subscribe":
            pubsub.close()
            raise ConnectionError(f"Redis did not confirm the subscription to {channel}")
        return pubsub
