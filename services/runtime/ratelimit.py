"""The send rate: one token bucket with one interface, `await limiter.acquire()` before each send and
`await limiter.pause(seconds)` when Telegram answers 429 with retry_after. In process (one replica), or in Redis so
that N replicas together stay under one global rate (Telegram allows a bot about 30 messages per second across
chats) and a pause asked for by one replica holds all of them.

A bucket holds up to `burst` tokens and gains `rate` tokens per second; each grant takes one. Over any interval of
T seconds at most `burst + rate * T` grants are made, however many processes share the Redis key. The default
burst is what accrues in `LATENESS` (5 ms), at least one token: at up to 200/s sends are spaced evenly and no second
holds more than `rate + 1` of them; at 1,000/s an event loop that wakes a little late sends the few tokens it owes at
once rather than losing them. While a pause lasts nothing is granted.

Callers in one process wait in turn (first come, first served) behind a lock, so only one of them at a time
looks at the clock or asks Redis, however many sending tasks there are."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from redis.asyncio import Redis

Sleep = Callable[[float], Awaitable[object]]
DEFAULT_KEY = "vmeste:send-rate"


class RateLimiter(Protocol):
    async def acquire(self) -> None: ...

    async def pause(self, seconds: float) -> None: ...


#: How late a busy event loop usually wakes a sleeper. The bucket keeps what accrues meanwhile (at least one token),
#: so at high rates a late wake-up is made up at once instead of lost; at Telegram's 30/s that is still one token.
LATENESS = 0.005


def _burst(rate: float, burst: float | None) -> float:
    if rate <= 0:
        raise ValueError("rate must be positive")
    return max(1.0, burst if burst is not None else rate * LATENESS)


class TokenBucket:
    """The bucket in this process."""

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.burst = _burst(rate, burst)
        self.rate = rate
        self.clock, self.sleep = clock, sleep
        self.tokens = self.burst
        self.updated = clock()
        self.paused_until = 0.0
        self._turn = asyncio.Lock()

    def try_acquire(self) -> float:
        """Take a token: 0.0 when granted, else the seconds until one will be there (nothing taken)."""
        now = self.clock()
        if now < self.paused_until:
            return self.paused_until - now
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.updated) * self.rate)
        self.updated = max(self.updated, now)
        if self.tokens >= 1 - 1e-9:  # the float error of a refill must not leave a waiter a sliver short
            self.tokens = max(0.0, self.tokens - 1)
            return 0.0
        return (1 - self.tokens) / self.rate

    async def acquire(self) -> None:
        async with self._turn:
            while (wait := self.try_acquire()) > 0:
                await self.sleep(wait)

    async def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.clock() + seconds)
        self.tokens, self.updated = 0.0, self.paused_until  # after the pause, sends start again one by one


# KEYS[1]: the bucket (a hash of tokens and the last refill in microseconds of the Redis clock); KEYS[2]: the pause
# (exists while it lasts). ARGV: rate per second, burst. Returns 0 when a token was taken, else the microseconds to
# wait (nothing taken).
_TAKE = """
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then
  return paused * 1000
end
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

# KEYS[1]: the pause, KEYS[2]: the bucket; ARGV[1]: milliseconds. A pause is only ever made longer, never shorter,
# and the bucket is emptied so that sending starts again one by one.
_PAUSE = """
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) + ms * 1000
redis.call('HSET', KEYS[2], 'tokens', '0', 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[2], ms + 60000)
return 1
"""


class RedisTokenBucket:
    """The same bucket kept in Redis and updated by atomic scripts on Redis's own clock, shared by every replica
    that uses the same key; so is its pause."""

    def __init__(
        self,
        redis: Redis,
        key: str = DEFAULT_KEY,
        rate: float = 25.0,
        burst: float | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.burst = _burst(rate, burst)
        self.key, self.rate = key, rate
        self.pause_key = f"{key}:pause"
        self.sleep = sleep
        self._take = redis.register_script(_TAKE)
        self._pause = redis.register_script(_PAUSE)
        self._turn = asyncio.Lock()

    async def try_acquire(self) -> float:
        wait_us = await self._take(keys=[self.key, self.pause_key], args=[repr(self.rate), repr(self.burst)])
        return int(wait_us) / 1_000_000

    async def acquire(self) -> None:
        async with self._turn:
            while (wait := await self.try_acquire()) > 0:
                await self.sleep(wait)

    async def pause(self, seconds: float) -> None:
        await self._pause(keys=[self.pause_key, self.key], args=[max(1, int(seconds * 1000))])


def create_rate_limiter(
    rate: float, burst: float | None = None, redis: Redis | None = None, key: str = DEFAULT_KEY
) -> TokenBucket | RedisTokenBucket:
    """The shared bucket when Redis is there (replicas), else one in this process."""
    if redis is not None:
        return RedisTokenBucket(redis, key, rate, burst)
    return TokenBucket(rate, burst)
