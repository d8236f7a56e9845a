"""The seam between the services and the sender. A service that has just committed something urgent to the
outbox (a waitlist promotion, survey invitations) wakes the sender, so it goes out within a second or two instead
of on the send job's next tick. The sender (bot/sender.py) implements it; the services never see the bot."""

from __future__ import annotations

from typing import Protocol


class Notifier(Protocol):
    def wake(self) -> None:
        """Send what is due now, in the background; returns at once."""


class NoSender:
    """A process without a sender (tests, a web-only replica): nothing to wake; the send job of the process that
    runs one picks the rows up within a second."""

    def wake(self) -> None:
        return None


NO_SENDER: Notifier = NoSender()


def wake_if(notifier: Notifier, queued: object) -> None:
    """Wake the sender when something was queued (a non-empty list, a positive count)."""
    if queued:
        notifier.wake()
