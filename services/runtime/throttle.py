"""Per-user flood control: more than `rate` updates within `window` seconds → one notice, then the person is ignored
for `cooldown` seconds. In memory for one process; in Redis (one atomic script) when several replicas share it."""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis


class Verdict(enum.IntEnum):
    PASS = 0  # handle the update
    NOTICE = 1  # the person just went over the limit: tell them once, ignore the update
    DROP = 2  # still cooling down: ignore silently


class Throttle(Protocol):
    async def hit(self, user_id: int) -> Verdict: ...


class MemoryThrottle:
    def __init__(
        self, rate: int, window: float, cooldown: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate, self.window, self.cooldown, self.clock = rate, window, cooldown, clock
        self._hits: dict[int, tuple[float, int]] = {}
        self._muted: dict[int, float] = {}
        self._calls = 0

    async def hit(self, user_id: int) -> Verdict:
        now = self.clock()
        self._sweep(now)
        until = self._muted.get(user_id)
        if until is not None:
            if now < until:
                return Verdict.DROP
            del self._muted[user_id]
        started, count = self._hits.get(user_id, (now, 0))
        if now - started >= self.window:
            started, count = now, 0
        count += 1
        if count > self.rate:
            self._hits.pop(user_id, None)
            self._muted[user_id] = now + self.cooldown
            return Verdict.NOTICE
        self._hits[user_id] = (started, count)
        return Verdict.PASS

    def _sweep(self, now: float) -> None:
        self._calls += 1
        if self._calls % 1024:
            return
        self._hits = {k: v for k, v in self._hits.items() if now - v[0] < self.window}
        self._muted = {k: v for k, v in self._muted.items() if v > now}


# KEYS[1]: the counter, KEYS[2]: the mute flag. ARGV: rate, window ms, cooldown ms.
_HIT = """
if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
"""


class RedisThrottle:
    def __init__(
        self, redis: Redis, rate: int, window: float, cooldown: float, prefix: str = "vmeste:throttle"
    ) -> None:
        self.rate, self.window_ms, self.cooldown_ms = rate, int(window * 1000), int(cooldown * 1000)
        self.prefix = prefix
        self._script = redis.register_script(_HIT)

    async def hit(self, user_id: int) -> Verdict:
        keys = [f"{self.prefix}:{user_id}:n", f"{self.prefix}:{user_id}:mute"]
        result = await self._script(keys=keys, args=[self.rate, self.window_ms, self.cooldown_ms])
        return Verdict(int(result))
