"""Saving the event form: one action, one transaction.

An edit may add seats, so the waitlist moves up into them; the edit and the promotions are written together under
the event's lock, and the people moved up are told only once both are committed."""

from __future__ import annotations

from datetime import datetime

from db.base import utcnow
from db.models import Event, User
from services.core.errors import ValidationFailed
from services.core.notifier import wake_if
from services.core.permissions import require_staff
from services.events.events import EventDraft, EventService
from services.registration.registrations import RegistrationService


class SaveEvent:
    def __init__(self, events: EventService, registrations: RegistrationService) -> None:
        self.events = events
        self.registrations = registrations

    async def __call__(
        self, user: User | None, event_id: int | None, draft: EventDraft, now: datetime | None = None
    ) -> Event:
        """Create the event (`event_id` None) or write the draft over it; the saved event."""
        if not event_id:
            return await self.events.create(user, draft, now)
        now = now or utcnow()
        event = await self.registrations.staff_event(user, event_id, lock=True)  # the permission check
        try:
            draft = self.events.checked_edit(require_staff(user), draft, now)
        except ValidationFailed:
            await self.registrations.release()
            raise
        await self.events.apply_edit(event, draft, now)
        promoted = await self.registrations.fill_locked(event, now)
        await self.registrations.session.commit()
        wake_if(self.registrations.notifier, promoted)
        self.events.changed()
        return event
