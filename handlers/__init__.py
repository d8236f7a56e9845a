"""Routers in the order they are tried: browsing first (most presses are there), onboarding, the other features,
coordinators' tools, then the fallback. The errors router holds only error handlers, so its place does not matter
for them; last, it costs a press nothing on the way to its handler."""

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
from handlers.common import gate_buttons


def setup_routers() -> list[Router]:
    """The routers, included straight into the dispatcher (one level fewer for every update to pass), each gated by
    the callback prefixes it owns."""
    routers = [
        schedule.setup(),
        menu.setup(),
        organizations.setup(),
        start.setup(),
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
        errors.setup(),
        fallback.setup(),
    ]
    for router in routers:
        gate_buttons(router)
    return routers
