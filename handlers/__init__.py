"""Routers in the order they are tried: errors, onboarding, features, coordinators' tools, then the fallback."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    broadcast,
    errors,
    events_admin,
    fallback,
    menu,
    organizations,
    privacy,
    schedule,
    settings,
    start,
)


def setup_routers() -> Router:
    root = Router(name="root")
    root.include_routers(
        errors.setup(),
        start.setup(),
        menu.setup(),
        schedule.setup(),
        organizations.setup(),
        settings.setup(),
        privacy.setup(),
        events_admin.setup(),
        broadcast.setup(),
        fallback.setup(),
    )
    return root
