"""Routers in the order they are tried: browsing first (most presses are there), onboarding, the other features,
coordinators' tools, then the fallback. The errors router holds only error handlers, so its place does not matter
for them; last, it costs a press nothing on the way to its handler.

A feature is a package (`handlers/<feature>/`): its callback data (`callbacks.py`), its views (text and keyboard
builders, no handler logic) and its router(s). A feature with a side for everyone and a side for coordinators has a
router for each, because their places in this order differ."""

from __future__ import annotations

from aiogram import Router

from handlers import errors, fallback
from handlers.admin import orgs as admin_orgs
from handlers.admin import staff as admin_staff
from handlers.broadcast import router as broadcast
from handlers.clubs import router as clubs
from handlers.common.routing import gate_buttons
from handlers.events import form as event_form
from handlers.events import schedule
from handlers.menu import router as menu
from handlers.organizations import router as organizations
from handlers.plan_import import router as plan_import
from handlers.privacy import router as privacy
from handlers.registration import roster, signup
from handlers.settings import router as settings
from handlers.start import router as start
from handlers.surveys import answering as surveys
from handlers.surveys import manage as surveys_manage


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
        admin_orgs.setup(),  # the registry's forms take texts and a file in their own states
        admin_staff.setup(),
        event_form.setup(),  # before the survey tools: it also takes «make a seminar of this topic»
        signup.setup(),
        clubs.setup(),
        roster.setup(),
        broadcast.setup(),  # its form takes a photo or document in its own state, before the upload routers
        surveys_manage.setup(),  # before surveys: a coordinator's .yaml is taken even in the middle of a survey
        surveys.setup(),
        plan_import.setup(),  # after every router with a form: it takes the documents nobody else asked for
        errors.setup(),
        fallback.setup(),
    ]
    for router in routers:
        gate_buttons(router)
    return routers
