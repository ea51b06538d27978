"""A Redis cache that degrades instead of failing.

Rate limits (DRF throttles, tracking) and small caches live in Redis. When Redis cannot be
reached, Django's `RedisCache` raises and the request answers 500. `ResilientRedisCache`
answers from this process's own memory instead (limits then count per process: looser, but
still limits), and does not try Redis again for `RETRY_SECONDS`, so requests do not each
wait for a connection timeout. Connection and socket timeouts are short by default.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)
_OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "decr",
    "set_many",
    "delete_many",
    "clear",
)


class ResilientRedisCache(RedisCache):
    RETRY_SECONDS = 15

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        self.retry_seconds = options.pop("retry_seconds", self.RETRY_SECONDS)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._fallback = LocMemCache(f"resilient-{id(self)}", {"TIMEOUT": params.get("TIMEOUT")})
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, operation, error):
        with self._lock:
            first = not self.is_down
            self._down_until = time.monotonic() + self.retry_seconds
        if first:
            log.warning("Redis cache unreachable (%s: %s): using local memory", operation, error)


def _resilient(name):
    redis_operation = getattr(RedisCache, name)

    def operation(self, *args, **kwargs):
        if not self.is_down:
            try:
                return redis_operation(self, *args, **kwargs)
            except DOWN as error:
                self._failed(name, error)
        return getattr(self._fallback, name)(*args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = redis_operation.__doc__
    return operation


for _name in _OPERATIONS:
    setattr(ResilientRedisCache, _name, _resilient(_name))
