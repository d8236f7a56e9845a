"""A small in-house metric registry rendered in the Prometheus text format (0.0.4).

Counters live in each process; Prometheus scrapes every replica and sums them. Gauges that describe shared state
(the outbox depth) are read from the database at scrape time."""

from __future__ import annotations

import math
from collections.abc import Iterable


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(labels: tuple[tuple[str, str], ...]) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in labels) + "}"


class _Family:
    """One metric: a value per set of labels, rendered in Prometheus text."""

    kind = ""
    empty: tuple[tuple[tuple[tuple[str, str], ...], float], ...] = ()  # what to show before any value

    def __init__(self, name: str, help: str) -> None:
        self.name, self.help = name, help
        self.values: dict[tuple[tuple[str, str], ...], float] = {}

    def render(self) -> Iterable[str]:
        yield f"# HELP {self.name} {self.help}"
        yield f"# TYPE {self.name} {self.kind}"
        for key, value in sorted(self.values.items()) or self.empty:
            yield f"{self.name}{_labels(key)} {_number(value)}"


class Counter(_Family):
    kind = "counter"
    empty = (((), 0.0),)  # a counter starts at 0

    def inc(self, amount: float = 1, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        self.values[key] = self.values.get(key, 0) + amount

    def value(self, **labels: str) -> float:
        return self.values.get(tuple(sorted(labels.items())), 0)


class Gauge(_Family):
    """A value read when scraped (e.g. from the database), by labels; none read: no sample ("unknown")."""

    kind = "gauge"

    def set(self, value: float, **labels: str) -> None:
        self.values[tuple(sorted(labels.items()))] = value


class Metrics:
    """What one process counts. Passed to the dispatcher (`metrics`), the bot session and the web app."""

    def __init__(self) -> None:
        self.updates_handled = Counter("vmeste_updates_total", "Updates handled, by type.")
        self.updates_duplicate = Counter(
            "vmeste_updates_duplicate_total",
            "Updates skipped because their update_id had already been handled.",
        )
        self.updates_throttled = Counter(
            "vmeste_updates_throttled_total", "Updates ignored because their sender was flooding."
        )
        self.handler_errors = Counter(
            "vmeste_handler_errors_total", "Updates whose handler raised, by error type."
        )
        self.messages_sent = Counter(
            "vmeste_messages_sent_total",
            "Messages sent to Telegram, by method (rate() of it: messages per second).",
        )
        self.telegram_429 = Counter(
            "vmeste_telegram_429_total", "Telegram answers 429 Too Many Requests (TelegramRetryAfter)."
        )
        self.blocked_users = Counter(
            "vmeste_blocked_users_total", "Telegram answers 403: the person blocked the bot."
        )
        self.counters = [
            self.updates_handled,
            self.updates_duplicate,
            self.updates_throttled,
            self.handler_errors,
            self.messages_sent,
            self.telegram_429,
            self.blocked_users,
        ]

    def render(self, gauges: Iterable[Gauge] = ()) -> str:
        lines: list[str] = []
        for counter in self.counters:
            lines.extend(counter.render())
        for gauge in gauges:
            lines.extend(gauge.render())
        return "\n".join(lines) + "\n"
