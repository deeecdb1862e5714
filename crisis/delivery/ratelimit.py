"""Token buckets: at most `rate` tokens a second (bursts up to `capacity`), per SMS gateway.

Each `acquire(cost)` reserves its tokens at once and sleeps until they exist, so concurrent
callers queue fairly. The Redis bucket keeps its state in Redis (time from the Redis server),
so every worker process shares one limit; the local bucket limits one process only.
"""

import threading
import time
from collections.abc import Callable

import redis

_LUA = """
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate) - cost
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('HINCRBYFLOAT', KEYS[1], 'taken', cost)
redis.call('EXPIRE', KEYS[1], 86400)
if tokens < 0 then return tostring(-tokens / rate) end
return '0'
"""


class TokenBucket:
    """A bucket for the threads of one process."""

    def __init__(self, rate: float, capacity: float | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = capacity if capacity is not None else max(1.0, rate)
        self.clock, self.sleep = clock, sleep
        self._tokens = self.capacity
        self._at = clock()
        self._lock = threading.Lock()
        self.taken = 0.0  # tokens handed out since creation
        self.waited = 0.0  # seconds callers were made to wait

    def acquire(self, cost: float = 1.0) -> float:
        """Take `cost` tokens, waiting until they exist; returns the wait in seconds."""
        with self._lock:
            now = self.clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._at) * self.rate) - cost
            self._at = now
            self.taken += cost
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
            self.waited += wait
        if wait:
            self.sleep(wait)
        return wait


class RedisTokenBucket:
    """A bucket shared by every process that uses the same Redis key."""

    def __init__(self, client: redis.Redis, key: str, rate: float,
                 capacity: float | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.client, self.key, self.rate = client, key, rate
        self.capacity = capacity if capacity is not None else max(1.0, rate)
        self.sleep = sleep
        self._script = client.register_script(_LUA)
        self.waited = 0.0

    def acquire(self, cost: float = 1.0) -> float:
        """Take `cost` tokens from the shared bucket, waiting until they exist."""
        wait = float(self._script(keys=[self.key], args=[self.rate, self.capacity, cost]))
        self.waited += wait
        if wait:
            self.sleep(wait)
        return wait

    @property
    def taken(self) -> float:
        """Tokens handed out through this key, by every process."""
        return float(self.client.hget(self.key, "taken") or 0)


_buckets: dict[tuple[str, float, str | None], TokenBucket | RedisTokenBucket] = {}
_buckets_lock = threading.Lock()


def bucket_for(gateway: str, rate: float, redis_url: str | None):
    """The bucket of a gateway: in Redis when REDIS_URL is set, else one per process."""
    with _buckets_lock:
        found = _buckets.get((gateway, rate, redis_url))
        if found is None:
            if redis_url:
                client = redis.Redis.from_url(redis_url, socket_timeout=5,
                                              socket_connect_timeout=5)
                found = RedisTokenBucket(client, f"apuverkko:sms-bucket:{gateway}", rate)
            else:
                found = TokenBucket(rate)
            _buckets[(gateway, rate, redis_url)] = found
        return found
