"""The callback gate: a press skips a router that cannot take it with one check."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery

SEPARATOR = ":"  # aiogram's default between a callback prefix and its fields; all our callback data use it


def callback_prefixes(router: Router) -> frozenset[str] | None:
    """The callback prefixes the router's handlers (and its sub-routers') unpack; None when one of them takes data
    that no CallbackData class describes."""
    prefixes = set()
    for each in router.chain_tail:
        for handler in each.callback_query.handlers:
            own = [f.callback for f in handler.filters or () if isinstance(f.callback, CallbackQueryFilter)]
            if not own or own[0].callback_data.__separator__ != SEPARATOR:
                return None
            prefixes.add(own[0].callback_data.__prefix__)
    return frozenset(prefixes)


class OwnButtons(Filter):
    """Passes only callback data with one of the router's own prefixes: a press then skips a router that cannot take
    it with one check, instead of every handler there unpacking the data in turn."""

    def __init__(self, prefixes: frozenset[str]) -> None:
        self.prefixes = prefixes

    async def __call__(self, callback: CallbackQuery) -> bool:
        return (callback.data or "").partition(SEPARATOR)[0] in self.prefixes


def gate_buttons(router: Router) -> None:
    """Give the router and each of its sub-routers an `OwnButtons` filter, built from their handlers once all are
    registered. A router with a handler for other data (the fallback) is left open."""
    for each in router.chain_tail:
        prefixes = callback_prefixes(each)
        if prefixes is not None:
            each.callback_query.filter(OwnButtons(prefixes))
