"""An event's dates in words, as the schedule, the cards and the lists show them."""

from __future__ import annotations

from db.models import Event
from handlers.common.context import HandlerSettings
from services.core.i18n import L
from services.core.when import describe_when


def when_text(t: L, settings: HandlerSettings, event: Event) -> str:
    return describe_when(
        t, settings.tz, event.precision, event.starts_at, event.ends_at, event.recurrence, event.when_text
    )


def listed_title(t: L, event: Event) -> str:
    """An event's title as a list shows it: a cancelled one says so first («Отменено: …»), so a button cut short
    still says it. Not escaped."""
    if event.status == "cancelled":
        return t("event-listed-cancelled", title=event.title)
    return event.title
