"""An emulated Telegram Bot API on 127.0.0.1, for tests and benchmarks that run the real bot over HTTP.

It answers the methods the bot uses the way Telegram does (getUpdates long polling, sendMessage, editMessageText,
sendDocument, answerCallbackQuery, getFile and file downloads, setWebhook…), keeps every chat's messages, records
every call, and can behave like a busy Telegram: a global rate limit answered with 429 and `retry_after`, chats
that blocked the bot (403), and a number of 5xx answers on demand. It also plays the users: `message()` and
`press()` queue updates the bot receives through getUpdates.

    fake = FakeTelegram(rate_limit=30)
    base = await fake.start()          # TELEGRAM_API_BASE for the bot
    fake.message(1001, "/start")
    screen = await fake.wait_screen(1001, lambda m: "Даю согласие" in str(m))
    await fake.stop()

`BotProcess` starts `python -m bot` as a child process against it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
BOT_ID = 123456
# How long a fresh bot process may take to start (import aiogram's types, migrate, connect). An upper bound only:
# tests go on as soon as the bot answers. On a busy 2-core machine importing aiogram alone took 13 s.
STARTUP_SECONDS = 120.0
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Vmeste", "username": "vmeste_test_bot"}

# Methods that put a message into a chat: these count against the rate limits.
SENDING = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVideo",
        "sendAudio",
        "sendAnimation",
        "sendVoice",
        "copyMessage",
        "forwardMessage",
        "sendMediaGroup",
    }
)
_INT_FIELDS = frozenset(
    {"chat_id", "message_id", "offset", "limit", "timeout", "user_id", "from_chat_id", "max_connections"}
)
_MEDIA_FIELDS = ("photo", "document", "video", "audio", "animation", "voice")


@dataclass(slots=True)
class Call:
    """One request the bot made: its method, parameters (files as {filename, size, content}) and outcome.
    `answered` turns true once the whole answer has been written back to the bot: until then the bot is still
    waiting for it, and a test that stops the bot then would cut its request off half-way."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    answered: bool = False

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, int) else None


@dataclass(slots=True)
class Webhook:
    url: str
    secret_token: str | None = None
    allowed_updates: list[str] | None = None


@dataclass
class FakeTelegram:
    rate_limit: float | None = None  # sends per second across all chats; above it: 429
    per_chat_interval: float | None = None  # seconds between sends to one chat; faster: 429
    retry_after: int = 1
    calls: list[Call] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    count_429: int = 0
    webhook: Webhook | None = None

    def __post_init__(self) -> None:
        self.messages: dict[int, dict[int, dict[str, Any]]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._new_update = asyncio.Condition()
        self._window: deque[float] = deque()
        self._last_to_chat: dict[int, float] = {}
        self._failures: deque[int] = deque()
        self._runner: web.AppRunner | None = None
        self._held: asyncio.Event | None = None
        self._answers_held: asyncio.Event | None = None
        self._callbacks: list[str] = []  # ids of the callback queries pushed, in order
        #: The bot's profile as set: ("description" | "short_description", language or "") → text, and the command
        #: menus: (scope: "default" or "chat:<id>", language or "") → command names.
        self.profile: dict[tuple[str, str], str] = {}
        self.commands: dict[tuple[str, str], list[str]] = {}
        self.base_url = ""

    # Server life

    async def start(self, port: int = 0) -> str:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{bound}"
        return self.base_url

    async def stop(self) -> None:
        self.resume()
        async with self._new_update:
            self._new_update.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # Playing the users

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (an `update_id` is given when missing)."""
        update = {"update_id": next(self._update_ids), **update}
        self._updates.append(update)
        if "callback_query" in update:
            self._callbacks.append(update["callback_query"]["id"])
        asyncio.get_running_loop().create_task(self._notify())
        return update

    async def _notify(self) -> None:
        async with self._new_update:
            self._new_update.notify_all()

    @staticmethod
    def user(user_id: int, first_name: str = "Анна", language_code: str = "ru") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}

    def message_update(self, user_id: int, text: str, **user: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids) + 10_000_000,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": self.user(user_id, **user),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"message": message}

    def message(self, user_id: int, text: str, **user: Any) -> dict[str, Any]:
        """The user sends a text (a command when it starts with /)."""
        return self.push_update(self.message_update(user_id, text, **user))

    def callback_update(
        self, user_id: int, data: str, message: dict[str, Any] | None = None, **user: Any
    ) -> dict[str, Any]:
        message = message or self.screen(user_id)
        return {
            "callback_query": {
                "id": str(next(self._update_ids) + 5_000_000),
                "from": self.user(user_id, **user),
                "chat_instance": str(user_id),
                "message": message,
                "data": data,
            }
        }

    def press(self, user_id: int, label: str, **user: Any) -> dict[str, Any]:
        """The user presses the button of their current screen whose text contains `label`."""
        screen = self.screen(user_id)
        for text, data in buttons(screen):
            if label in text and data is not None:
                return self.push_update(self.callback_update(user_id, data, screen, **user))
        raise AssertionError(f"no button {label!r}; buttons: {[t for t, _ in buttons(screen)]}")

    def add_file(self, content: bytes, filename: str) -> str:
        """Make a file downloadable by getFile; returns its file_id."""
        file_id = f"file{len(self.files) + 1}"
        self.files[file_id] = (filename, content)
        return file_id

    # Misbehaving like the real thing

    def fail_next(self, count: int, status: int = 502) -> None:
        """The next `count` sending requests get an HTTP error with this status."""
        self._failures.extend([status] * count)

    def pause(self) -> None:
        """Hang like an overloaded Telegram: requests that put a message into a chat get no answer and deliver
        nothing until `resume()`, and then get 502 (they are not recorded: nothing was delivered)."""
        if self._held is None:
            self._held = asyncio.Event()

    def resume(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            held.set()

    def hold_answers(self) -> None:
        """From now on, messages are delivered to their chats but the answers stay on the wire until
        `release_answers()`: the requests a crash at this moment leaves uncertain (Telegram has them, the bot never
        learns it), as `in_flight()` counts them."""
        if self._answers_held is None:
            self._answers_held = asyncio.Event()

    def release_answers(self) -> None:
        held, self._answers_held = self._answers_held, None
        if held is not None:
            held.set()

    def in_flight(self, method: str | None = None) -> list[Call]:
        """Requests Telegram has carried out whose answer has not been delivered to the bot (yet)."""
        return [
            c
            for c in self.calls
            if c.status == 200 and not c.answered and (method is None or c.method == method)
        ]

    def delivered(self, method: str | None = None) -> list[Call]:
        """Successful calls, whether or not their answer reached the bot: what people received."""
        return [c for c in self.calls if c.status == 200 and (method is None or c.method == method)]

    # What a test reads

    def screen(self, chat_id: int) -> dict[str, Any]:
        """The message the user looks at now: the last sent or edited one with buttons, else the last one."""
        chat = self.messages.get(chat_id)
        if not chat:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}")
        ordered = sorted(chat.values(), key=lambda m: m["_touched"])
        with_buttons = [m for m in ordered if m.get("reply_markup")]
        return (with_buttons or ordered)[-1]

    def unanswered_callbacks(self) -> list[str]:
        """Callback queries pushed whose answerCallbackQuery has not been answered yet (the button still spins):
        a handler that answers its callback last is done when this is empty."""
        answered = {str(c.params.get("callback_query_id")) for c in self.sent("answerCallbackQuery")}
        return [i for i in self._callbacks if i not in answered]

    def sent(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        """Successful calls whose answer has gone back to the bot."""
        return [
            c
            for c in self.calls
            if c.status == 200
            and c.answered
            and (method is None or c.method == method)
            and (chat_id is None or c.chat_id == chat_id)
        ]

    async def wait_for(self, predicate: Callable[[], object], timeout: float = 15.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for the bot {what}".rstrip())
            await asyncio.sleep(0.02)

    async def wait_screen(
        self, chat_id: int, predicate: Callable[[dict[str, Any]], bool], timeout: float = 15.0
    ) -> dict[str, Any]:
        def ready() -> bool:
            try:
                return predicate(self.screen(chat_id))
            except AssertionError:
                return False

        def seen() -> str:
            try:
                screen = self.screen(chat_id)
            except AssertionError as error:
                return str(error)
            return (
                f"(the screen: {screen.get('text', '')[:300]!r}, buttons {[t for t, _ in buttons(screen)]})"
            )

        try:
            await self.wait_for(ready, timeout)
        except AssertionError as error:
            raise AssertionError(f"{error} {seen()}") from None
        return self.screen(chat_id)

    # The API

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await _read_params(request)
        if method in SENDING and self._held is not None:
            await self._held.wait()
            return _error(502, "Bad Gateway")
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        response = await self._answer(call)
        call.status = response.status
        if method in SENDING and self._answers_held is not None:
            await self._answers_held.wait()  # delivered to the chat; the answer stays on the wire
        # Write the whole answer before the call counts as made (see Call.answered).
        try:
            await response.prepare(request)
            await response.write_eof()
        except (ConnectionError, RuntimeError):  # the bot is gone (killed): the answer never reached it
            return response
        call.answered = True
        return response

    async def _answer(self, call: Call) -> web.Response:
        if call.method in SENDING:
            refusal = self._refusal(call)
            if refusal is not None:
                return refusal
        handler = getattr(self, f"_m_{call.method}", None)
        if handler is None:
            return _ok(True)
        result = handler(call.params)
        if asyncio.iscoroutine(result):
            result = await result
        if isinstance(result, web.Response):
            return result
        return _ok(result)

    def _refusal(self, call: Call) -> web.Response | None:
        if self._failures:
            status = self._failures.popleft()
            return _error(status, "Bad Gateway" if status == 502 else "Internal Server Error")
        chat_id = call.chat_id
        if chat_id is not None and chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        now = call.at
        if self.rate_limit is not None:
            while self._window and now - self._window[0] >= 1.0:
                self._window.popleft()
            if len(self._window) >= self.rate_limit:
                return self._too_many()
        if self.per_chat_interval is not None and chat_id is not None:
            last = self._last_to_chat.get(chat_id)
            if last is not None and now - last < self.per_chat_interval:
                return self._too_many()
            self._last_to_chat[chat_id] = now
        if self.rate_limit is not None:
            self._window.append(now)
        return None

    def _too_many(self) -> web.Response:
        self.count_429 += 1
        return _error(
            429, f"Too Many Requests: retry after {self.retry_after}", {"retry_after": self.retry_after}
        )

    def _store(self, chat_id: int, message_id: int | None = None, **fields: Any) -> dict[str, Any]:
        chat = self.messages.setdefault(chat_id, {})
        if message_id is None:
            message_id = next(self._message_ids)
            message: dict[str, Any] = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
            }
        else:
            message = dict(chat.get(message_id) or {})
            if not message:
                return {}
        message.update({k: v for k, v in fields.items() if v is not None})
        message["_touched"] = time.monotonic()
        chat[message_id] = message
        return message

    @staticmethod
    def _public(message: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in message.items() if not k.startswith("_")}

    def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**BOT_USER, "can_join_groups": False, "can_read_all_group_messages": False}

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = params.get("offset") or 0
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and params.get("timeout"):
            async with self._new_update:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._new_update.wait(), timeout=float(params["timeout"]))
        limit = params.get("limit") or 100
        return self._updates[:limit]

    def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = Webhook(params["url"], params.get("secret_token"), params.get("allowed_updates"))
        return True

    def _m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    def _m_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook.url if self.webhook else "", "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}  # fmt: skip

    def _m_setMyDescription(self, params: dict[str, Any]) -> bool:
        self.profile[("description", params.get("language_code") or "")] = params.get("description") or ""
        return True

    def _m_setMyShortDescription(self, params: dict[str, Any]) -> bool:
        short = params.get("short_description") or ""
        self.profile[("short_description", params.get("language_code") or "")] = short
        return True

    @staticmethod
    def _scope(params: dict[str, Any]) -> str:
        scope = params.get("scope")
        if isinstance(scope, dict) and scope.get("type") == "chat":
            return f"chat:{scope.get('chat_id')}"
        return "default" if not scope else str(scope.get("type") if isinstance(scope, dict) else scope)

    def _m_setMyCommands(self, params: dict[str, Any]) -> bool:
        names = [c.get("command", "") for c in params.get("commands") or [] if isinstance(c, dict)]
        self.commands[(self._scope(params), params.get("language_code") or "")] = names
        return True

    def _m_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands.pop((self._scope(params), params.get("language_code") or ""), None)
        return True

    def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._store(
            params["chat_id"],
            text=params.get("text", ""),
            entities=params.get("entities"),
            reply_markup=params.get("reply_markup"),
        )
        return self._public(message)

    def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | web.Response:
        message = self._store(
            params["chat_id"],
            params["message_id"],
            text=params.get("text", ""),
            reply_markup=params.get("reply_markup") or {},
        )
        if not message:
            return _error(400, "Bad Request: message to edit not found")
        return self._public(message)

    def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any] | web.Response:
        message = self._store(
            params["chat_id"], params["message_id"], reply_markup=params.get("reply_markup") or {}
        )
        if not message:
            return _error(400, "Bad Request: message to edit not found")
        return self._public(message)

    def _m_editMessageCaption(self, params: dict[str, Any]) -> dict[str, Any] | web.Response:
        message = self._store(
            params["chat_id"],
            params["message_id"],
            caption=params.get("caption"),
            reply_markup=params.get("reply_markup"),
        )
        if not message:
            return _error(400, "Bad Request: message to edit not found")
        return self._public(message)

    def _media(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params["chat_id"]
        fields: dict[str, Any] = {
            "caption": params.get("caption"),
            "reply_markup": params.get("reply_markup"),
        }
        for name in _MEDIA_FIELDS:
            value = params.get(name)
            if value is None:
                continue
            if isinstance(value, dict):  # an uploaded file
                file_id = self.add_file(value["content"], value["filename"])
                meta = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": value["filename"],
                        "file_size": value["size"]}  # fmt: skip
            else:  # a file_id sent again
                meta = {"file_id": str(value), "file_unique_id": f"u{value}"}
            fields[name] = [{**meta, "width": 1, "height": 1}] if name == "photo" else meta
        return self._public(self._store(chat_id, **fields))

    _m_sendPhoto = _m_sendDocument = _m_sendVideo = _m_sendAudio = _m_sendAnimation = _m_sendVoice = _media

    def _m_copyMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._store(params["chat_id"], text=params.get("caption") or "(copy)",
                              reply_markup=params.get("reply_markup"))  # fmt: skip
        return {"message_id": message["message_id"]}

    def _m_getFile(self, params: dict[str, Any]) -> dict[str, Any] | web.Response:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        name, content = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(content),
                "file_path": f"documents/{file_id}/{name}"}  # fmt: skip

    async def _download(self, request: web.Request) -> web.Response:
        parts = request.match_info["path"].split("/")
        file_id = parts[1] if len(parts) > 1 else ""
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id][1])

    # Webhook mode: Telegram pushes updates to the bot

    async def post_webhook(
        self, url: str, update: dict[str, Any], secret_token: str | None = None, timeout: float = 30.0
    ) -> int:
        """POST one update to a bot's webhook the way Telegram does; returns the HTTP status."""
        from aiohttp import ClientSession, ClientTimeout

        update = {"update_id": next(self._update_ids), **update}
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token else {}
        async with (
            ClientSession(timeout=ClientTimeout(total=timeout)) as client,
            client.post(url, json=update, headers=headers) as response,
        ):
            await response.read()
            return response.status


def buttons(message: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """The (text, callback data or url) of every inline button of a message."""
    markup = message.get("reply_markup") or {}
    return [
        (b.get("text", ""), b.get("callback_data") or b.get("url"))
        for row in markup.get("inline_keyboard", [])
        for b in row
    ]


def has_button(label: str) -> Callable[[Mapping[str, Any]], bool]:
    """A screen with a button whose label holds `label` (for `wait_screen`)."""
    return lambda message: any(label in text for text, _ in buttons(message))


def has_text(part: str) -> Callable[[Mapping[str, Any]], bool]:
    """A screen whose text holds `part` (for `wait_screen`)."""
    return lambda message: part in message.get("text", "")


async def onboard_staff(fake: FakeTelegram, chat: int, menu_button: str = "Администрирование") -> None:
    """An administrator (in ADMIN_IDS) or an invited person starts the bot: consent, Russian, the usual reading, and
    waits for their menu."""
    fake.message(chat, "/start")
    await fake.wait_screen(chat, has_button("Даю согласие"))
    fake.press(chat, "Даю согласие")
    await fake.wait_screen(chat, has_button("Русский"))
    fake.press(chat, "Русский")
    await fake.wait_screen(chat, has_button("Обычный вид"))
    fake.press(chat, "Обычный вид")  # the optional question about reading
    await fake.wait_screen(chat, has_button(menu_button))


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Parameters as aiogram sends them (multipart form, JSON-encoded objects), or as JSON, or in the query."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, dict[str, Any]] = {}
    if request.content_type == "application/json":
        raw.update(await request.json())
        return raw
    if request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            if hasattr(value, "file"):
                content = value.file.read()
                files[key] = {"filename": value.filename, "size": len(content), "content": content}
            else:
                raw[key] = value
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str):
            if value.startswith("attach://") and value[9:] in files:
                params[key] = files[value[9:]]
                continue
            if key in _INT_FIELDS:
                try:
                    params[key] = int(value)
                    continue
                except ValueError:
                    pass
            if value[:1] in "[{":
                try:
                    params[key] = json.loads(value)
                    continue
                except ValueError:
                    pass
        params[key] = value
    return params


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


class BotProcess:
    """`python -m bot ARGS` as a child process with the given settings; its output goes to a log file."""

    def __init__(self, env: Mapping[str, str], log_path: Path, *args: str) -> None:
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", "/tmp"),
            "PYTHONUNBUFFERED": "1",
            "BOT_TOKEN": f"{BOT_ID}:TEST-TOKEN",
            **env,
        }
        self.args = args or ("run",)
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> BotProcess:
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *self.args, cwd=ROOT, env=self.env, stdout=log, stderr=log
        )
        log.close()
        return self

    async def kill(self) -> None:
        """SIGKILL: no clean-up at all, as in a crash."""
        if self.process and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    async def stop(self, timeout: float = 10.0) -> int | None:
        if self.process is None:
            return None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.process.wait(), timeout)
            except TimeoutError:
                await self.kill()
        return self.process.returncode

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


async def run_command(env: Mapping[str, str], *args: str, timeout: float = 60.0) -> tuple[int, str]:
    """Run `python -m bot ARGS` to completion (migrate, seed-demo…); returns the exit code and the output."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout)
    return process.returncode or 0, output.decode(errors="replace")
