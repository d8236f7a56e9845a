"""Button presses go straight to the router that owns their callback prefix."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Chat, Message, User

from handlers import setup_routers
from handlers.common.routing import OwnButtons, callback_prefixes, gate_buttons


class PingCb(CallbackData, prefix="ping"):
    n: int


def _press(data: str | None) -> CallbackQuery:
    user = User(id=7, is_bot=False, first_name="Анна")
    message = Message(message_id=1, date=datetime.now(UTC), chat=Chat(id=7, type="private"), text="…")
    return CallbackQuery(id="1", from_user=user, chat_instance="c", message=message, data=data)


async def _noop(callback: CallbackQuery) -> None:
    return None


async def test_a_router_passes_only_the_prefixes_its_handlers_unpack() -> None:
    router = Router()
    router.callback_query.register(_noop, PingCb.filter(F.n > 0))
    child = Router()
    child.callback_query.register(_noop, PingCb.filter())
    router.include_router(child)
    gate_buttons(router)
    gate = router.callback_query._handler.filters[0].callback  # aiogram keeps a router's own filters here
    assert isinstance(gate, OwnButtons)
    assert await gate(_press("ping:1"))
    assert not await gate(_press("pong:1"))
    assert not await gate(_press("pingpong"))
    assert not await gate(_press(None))
    assert gate.prefixes == frozenset({"ping"})


async def test_a_router_with_a_handler_for_any_data_is_not_gated() -> None:
    router = Router()
    router.callback_query.register(_noop, PingCb.filter())
    router.callback_query.register(_noop, F.data == "legacy")
    assert callback_prefixes(router) is None
    gate_buttons(router)
    # No gate: "legacy" and anything else reach the handlers.
    assert not router.callback_query._handler.filters


async def test_every_feature_router_is_gated_by_the_prefixes_it_owns() -> None:
    """If a handler slipped in without a CallbackData filter its router would quietly lose the gate, and every press
    would again try each of its handlers in turn."""
    owners: dict[str, str] = {}
    for router in (r for top in setup_routers() for r in top.chain_tail):
        # aiogram keeps a router's own filters here.
        root_filters = router.callback_query._handler.filters or []
        gates = [f.callback for f in root_filters if isinstance(f.callback, OwnButtons)]
        if not router.callback_query.handlers:
            continue
        if router.name == "handlers.fallback":
            assert not gates  # the last router answers every press nobody took: «this menu is outdated»
            continue
        assert gates, router.name
        gate = gates[0]
        assert await gate(_press("not-ours:1")) is False, router.name
        assert gate.prefixes, router.name
        for prefix in gate.prefixes:
            owners.setdefault(prefix, router.name)
    assert {"s", "e", "m", "ob"} <= set(owners)
