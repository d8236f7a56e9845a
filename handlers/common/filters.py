"""Role filters of the routers."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from db.models import User
from services.core.permissions import is_staff


class Registered(Filter):
    """Passes for people who gave consent; the others are sent to /start by the fallback router."""

    async def __call__(self, event: TelegramObject, user: User | None = None) -> bool:
        return user is not None


class Staff(Filter):
    """Coordinators and admins. The services check again: a filter only keeps the router tidy."""

    async def __call__(self, event: TelegramObject, user: User | None = None) -> bool:
        return is_staff(user)
