"""Routers in the order they are tried: errors, onboarding, features, coordinators' tools, then the fallback."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    broadcast,
    clubs,
    errors,
    events_admin,
    fallback,
    menu,
    organizations,
    privacy,
    registration,
    registrations_admin,
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
        registration.setup(),
        clubs.setup(),
        registrations_admin.setup(),
        broadcast.setup(),
        fallback.setup(),
    )
    return root
