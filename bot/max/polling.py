"""Receiving MAX updates: long polling (`GET /updates` with `marker`) or a webhook (`X-Max-Bot-Api-Secret`).

Either way each update is translated (`bot.max.updates.translate`) and fed to the same dispatcher as Telegram's,
with the MAX bot, so handlers answer through `MaxSession`.

Long polling: MAX keeps updates until a request passes the `marker` its previous answer gave; passing it commits
the batch before. We pass it only after the whole batch has been handled, so a crash mid-batch gets the batch
again on restart (the processed-updates guard skips what had its effect). MAX limits long polling to 2 requests
a second, a 30-second wait, 100 updates a batch and 24 hours of keeping (from 11 May 2026, maxapi's docs) and
calls it unfit for production: use the webhook for replicas.

Webhook: MAX posts each update as JSON to the subscribed https url (port 443, a certificate from a trusted CA,
Минцифры's included; plain http and self-signed certificates are refused since 25 May 2026) with the
subscription's secret in `X-Max-Bot-Api-Secret`, retries anything but 200 for up to 8 hours, then unsubscribes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.max.client import MaxApiError, MaxClient, MaxNetworkError
from bot.max.updates import translate

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Max-Bot-Api-Secret"
UPDATE_TYPES = ["message_created", "message_callback", "message_edited", "bot_started", "bot_stopped"]


class MaxPoller:
    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        client: MaxClient,
        *,
        timeout: int = 30,
        limit: int = 100,
        **context: Any,
    ) -> None:
        self.dp, self.bot, self.client = dp, bot, client
        self.timeout, self.limit = timeout, limit
        self.context = context  # extra keyword arguments for feed_update, as start_polling passes them
        self.marker: int | None = None
        self.feeding = (
            False  # handling a batch (stopping waits for it); else waiting on MAX (stopping cancels)
        )

    async def poll_once(self, timeout: int | None = None) -> int:
        """One long-polling request; feeds every update in order, then remembers the marker. Returns how many
        updates came."""
        updates, marker = await self.client.get_updates(
            self.marker,
            timeout=self.timeout if timeout is None else timeout,
            limit=self.limit,
            types=UPDATE_TYPES,
        )
        self.feeding = True
        try:
            for raw in updates:
                update = translate(raw)
                if update is not None:
                    await self.dp.feed_update(self.bot, update, **self.context)
        finally:
            self.feeding = False
        if marker is not None:
            self.marker = marker
        return len(updates)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; network errors and MAX's refusals wait and try again (up to 30 s apart)."""
        delay = 1.0
        while not stop.is_set():
            try:
                await self.poll_once()
                delay = 1.0
            except (MaxNetworkError, MaxApiError) as error:
                wait = getattr(error, "retry_after", None) or delay
                log.warning("max polling failed", extra={"error": type(error).__name__, "retry_in": wait})
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), wait)
                delay = min(30.0, delay * 2)


def webhook_handler(dp: Dispatcher, bot: Bot, secret: str | None, **context: Any) -> Any:
    """An aiohttp handler for MAX's webhook: 401 without the right secret, else handle the update, then 200
    (an update that fails is answered 500, so MAX delivers it again)."""

    async def handle(request: web.Request) -> web.Response:
        if secret is not None and not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
            return web.json_response({"ok": False}, status=401)
        try:
            raw = await request.json()
        except ValueError:
            return web.json_response({"ok": False}, status=400)
        update = translate(raw) if isinstance(raw, dict) else None
        if update is not None:
            await dp.feed_update(bot, update, **context)
        return web.json_response({"ok": True})

    return handle
