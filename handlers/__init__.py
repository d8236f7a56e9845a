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
    plan_import,
    privacy,
    registration,
    registrations_admin,
    schedule,
    settings,
    start,
    surveys,
    surveys_admin,
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
        broadcast.setup(),  # its form takes a photo or document in its own state, before the upload routers
        surveys_admin.setup(),  # before surveys: a coordinator's .yaml is taken even in the middle of a survey
        surveys.setup(),
        plan_import.setup(),  # after every router with a form: it takes the documents nobody else asked for
        fallback.setup(),
    )
    return root
