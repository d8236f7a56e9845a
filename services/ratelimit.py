"""Token buckets with one interface, `await limiter.acquire()`: in process, or in Redis so that N replicas together
stay under one global rate (Telegram allows a bot about 30 messages per second across chats).

A bucket holds up to `burst` tokens and gains `rate` tokens per second; each grant takes one. Over any interval of
T seconds at most `burst + rate * T` grants are made, however many processes share the Redis key."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from redis.asyncio import Redis


class RateLimiter(Protocol):
    async def acquire(self) -> None: ...


class TokenBucket:
    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = max(1.0, burst if burst is not None else rate)
        self.clock, self.sleep = clock, sleep
        self.tokens = self.burst
        self.updated = clock()

    def try_acquire(self) -> float:
        """Take a token: 0.0 when granted, else the seconds until one will be there (nothing taken)."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1 - 1e-9:  # the float error of a refill must not leave a waiter a sliver short
            self.tokens = max(0.0, self.tokens - 1)
            return 0.0
        return (1 - self.tokens) / self.rate

    async def acquire(self) -> None:
        while (wait := self.try_acquire()) > 0:
            await self.sleep(wait)


# KEYS[1]: the bucket (a hash of tokens and the last refill in microseconds of the Redis clock).
# ARGV: rate per second, burst. Returns 0 when a token was taken, else the microseconds to wait.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000000)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait
"""


class RedisTokenBucket:
    """The same bucket kept in Redis and updated by one atomic script on Redis's own clock."""

    def __init__(
        self,
        redis: Redis,
        key: str,
        rate: float,
        burst: float | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.key, self.rate = key, rate
        self.burst = max(1.0, burst if burst is not None else rate)
        self.sleep = sleep
        self._script = redis.register_script(_TAKE)

    async def try_acquire(self) -> float:
        wait_us = await self._script(keys=[self.key], args=[repr(self.rate), repr(self.burst)])
        return int(wait_us) / 1_000_000

    async def acquire(self) -> None:
        while (wait := await self.try_acquire()) > 0:
            await self.sleep(wait)


def create_rate_limiter(
    rate: float, burst: float | None = None, redis: Redis | None = None, key: str = "vmeste:send-rate"
) -> TokenBucket | RedisTokenBucket:
    """The shared bucket when Redis is there (replicas), else one in this process."""
    if redis is not None:
        return RedisTokenBucket(redis, key, rate, burst)
    return TokenBucket(rate, burst)
