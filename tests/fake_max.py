"""An emulated MAX Bot API on 127.0.0.1, for tests that run the bot's MAX side over HTTP.

It follows MAX's public documentation (the OpenAPI schema github.com/max-messenger/api-schema, schema.yaml 0.0.33,
and dev.max.ru/docs-api): the token in the `Authorization` header (401 `verify.token` without it, and for the
`access_token` query parameter, which is no longer accepted); `GET /updates` long polling where passing `marker`
commits what came before; `POST /messages?user_id=|chat_id=` answering `{"message": Message}` with string
message ids (`mid.…`); `PUT` and `DELETE /messages?message_id=`; `POST /answers?callback_id=`; the two-step
upload (`POST /uploads?type=` gives a url, the multipart field `data` goes there and the answer is the payload to
attach); `PATCH /me/commands`; `/subscriptions`. Requests that break the documented limits are refused with 400
and an `{"code", "message"}` error: text over 4000 characters, a keyboard over 210 buttons, 30 rows, 7 in a row
(3 with a link), a callback payload over 1024 characters, button text over 128. A person who stopped the bot gets
403; above `rate_limit` requests per second, 429 (MAX documents the status and the `{code, message}` body, not
the code strings nor a retry time: ours are `chat.denied` (the schema's 403 example) and `too.many.requests`, and
`retry_after` sets a `Retry-After` header when given). Every call is recorded.

Like the Telegram one it can leave the bot uncertain, as a crash does: after `hold_answers()` messages are
delivered but their answers stay on the wire until `release_answers()`, and `in_flight()` counts those requests.

It also plays the people: `start()`, `message()`, `send_file()` and `press()` queue updates as MAX sends them.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

TOKEN = "max-test-token"
BOT_USER_ID = 7000001
TEXT_LIMIT = 4000
WIDE = {"link", "open_app", "request_geo_location", "request_contact"}
BUTTON_TYPES = {
    "callback",
    "link",
    "clipboard",
    "message",
    "open_app",
    "request_contact",
    "request_geo_location",
}


SENDING = "POST /messages"  # the request that puts a message into a dialog


@dataclass(slots=True)
class Call:
    """One request the bot made. `answered` turns true once the whole answer has been written back to the bot."""

    method: str  # "POST /messages"
    query: dict[str, str]
    body: Any
    status: int = 200
    answered: bool = False

    @property
    def user_id(self) -> int | None:
        """The MAX person a message was sent to (`POST /messages?user_id=`)."""
        value = self.query.get("user_id")
        return int(value) if value is not None and value.lstrip("-").isdigit() else None


@dataclass
class FakeMax:
    token: str = TOKEN
    rate_limit: float | None = None  # requests per second (MAX's bot limit is 30); above it: 429
    retry_after: int | None = None  # a Retry-After header on 429 (MAX documents none)
    calls: list[Call] = field(default_factory=list)
    stopped: set[int] = field(default_factory=set)  # people who stopped the bot: sending to them gives 403
    count_429: int = 0

    def __post_init__(self) -> None:
        self.messages: dict[str, dict[str, Any]] = {}  # mid → Message
        self.uploads: dict[str, tuple[str, bytes]] = {}  # token → (filename, content)
        self.answers: dict[str, list[dict[str, Any]]] = {}  # callback_id → answers
        self.commands: list[dict[str, Any]] = []
        self.downloads: list[str] = []  # tokens of files fetched from their attachment url
        self.subscriptions: list[dict[str, Any]] = []
        self._updates: list[tuple[int, dict[str, Any]]] = []  # (sequence, update)
        self._seq = itertools.count(1)
        self._mids = itertools.count(1)
        self._new = asyncio.Condition()
        self._window: deque[float] = deque()
        self._touched = itertools.count(1)
        self._answers_held: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # Server life

    async def start(self) -> str:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/upload/{kind}/{slot}", self._upload_target)
        app.router.add_get("/files/{token}", self._download)
        app.router.add_route("*", "/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        async with self._new:
            self._new.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeMax:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # Playing the people

    @staticmethod
    def user(user_id: int, first_name: str = "Анна") -> dict[str, Any]:
        return {"user_id": user_id, "first_name": first_name, "is_bot": False, "last_activity_time": _now()}

    def dialog_id(self, user_id: int) -> int:
        return 50_000_000 + user_id  # a dialog's chat id is not the person's id on MAX

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        update = {"timestamp": _now(), **update}
        self._updates.append((next(self._seq), update))
        asyncio.get_running_loop().create_task(self._notify())
        return update

    async def _notify(self) -> None:
        async with self._new:
            self._new.notify_all()

    def start_bot(self, user_id: int, payload: str | None = None, locale: str = "ru-RU") -> dict[str, Any]:
        """The person presses «Start» (or opens https://max.ru/<bot>?start=<payload>)."""
        update: dict[str, Any] = {
            "update_type": "bot_started",
            "chat_id": self.dialog_id(user_id),
            "user": self.user(user_id),
            "user_locale": locale,
        }
        if payload is not None:
            update["payload"] = payload
        return self.push(update)

    def _user_message(
        self, user_id: int, text: str | None, attachments: list[dict[str, Any]] | None
    ) -> dict[str, Any]:
        mid = self._mid()
        body: dict[str, Any] = {
            "mid": mid,
            "seq": next(self._touched),
            "text": text,
            "attachments": attachments,
        }
        return {
            "sender": self.user(user_id),
            "recipient": {"chat_id": self.dialog_id(user_id), "chat_type": "dialog", "user_id": BOT_USER_ID},
            "timestamp": _now(),
            "body": body,
        }

    def message(self, user_id: int, text: str, locale: str = "ru-RU") -> dict[str, Any]:
        message = self._user_message(user_id, text, None)
        return self.push({"update_type": "message_created", "message": message, "user_locale": locale})

    def send_file(self, user_id: int, filename: str, content: bytes) -> dict[str, Any]:
        token = f"ftok{len(self.uploads) + 1}"
        self.uploads[token] = (filename, content)
        attachment = {
            "type": "file",
            "payload": {"url": f"{self.base_url}/files/{token}", "token": token},
            "filename": filename,
            "size": len(content),
        }
        message = self._user_message(user_id, None, [attachment])
        return self.push({"update_type": "message_created", "message": message, "user_locale": "ru-RU"})

    def press(self, user_id: int, label: str) -> dict[str, Any]:
        """The person presses the button whose text contains `label` on the bot's latest message with buttons."""
        screen = self.screen(user_id)
        for text, payload in self.buttons(screen):
            if label in text and payload is not None:
                return self.press_payload(user_id, payload, screen)
        raise AssertionError(f"no button {label!r}; buttons: {[t for t, _ in self.buttons(screen)]}")

    def press_payload(self, user_id: int, payload: str, message: dict[str, Any] | None) -> dict[str, Any]:
        callback = {
            "timestamp": _now(),
            "callback_id": f"cb.{next(self._seq)}",
            "payload": payload,
            "user": self.user(user_id),
        }
        return self.push(
            {
                "update_type": "message_callback",
                "callback": callback,
                "message": _public(message) if message is not None else None,  # as MAX sends it
                "user_locale": "ru-RU",
            }
        )

    # What a test reads

    def dialog(self, user_id: int) -> list[dict[str, Any]]:
        """The bot's messages to a person, oldest first (edits applied, deleted ones gone)."""
        mine = [m for m in self.messages.values() if m["recipient"].get("user_id") == user_id]
        return sorted(mine, key=lambda m: m["body"]["seq"])

    def screen(self, user_id: int) -> dict[str, Any]:
        """What the person looks at: the last message sent or edited that has buttons, else the last one."""
        mine = [m for m in self.messages.values() if m["recipient"].get("user_id") == user_id]
        if not mine:
            raise AssertionError(f"the bot sent nothing to {user_id}")
        ordered = sorted(mine, key=lambda m: m["_touched"])
        with_buttons = [m for m in ordered if self.buttons(m)]
        return (with_buttons or ordered)[-1]

    @staticmethod
    def text(message: dict[str, Any]) -> str:
        return message["body"].get("text") or ""

    @staticmethod
    def buttons(message: dict[str, Any]) -> list[tuple[str, str | None]]:
        out: list[tuple[str, str | None]] = []
        for attachment in message["body"].get("attachments") or []:
            if attachment["type"] == "inline_keyboard":
                for row in attachment["payload"]["buttons"]:
                    out.extend((b["text"], b.get("payload") or b.get("url")) for b in row)
        return out

    def made(self, method: str) -> list[Call]:
        """Successful calls, whether or not their answer reached the bot: what people received."""
        return [c for c in self.calls if c.method == method and c.status == 200]

    def sent(self, method: str = SENDING) -> list[Call]:
        """Successful calls whose answer has gone back to the bot."""
        return [c for c in self.calls if c.method == method and c.status == 200 and c.answered]

    # Misbehaving like a crash

    def hold_answers(self) -> None:
        """From now on messages are delivered to their dialogs but the answers stay on the wire until
        `release_answers()`: the requests a crash at this moment leaves uncertain (MAX has them, the bot never
        learns it), as `in_flight()` counts them."""
        if self._answers_held is None:
            self._answers_held = asyncio.Event()

    def release_answers(self) -> None:
        held, self._answers_held = self._answers_held, None
        if held is not None:
            held.set()

    def in_flight(self, method: str = SENDING) -> list[Call]:
        """Requests MAX has carried out whose answer has not been delivered to the bot (yet)."""
        return [c for c in self.calls if c.method == method and c.status == 200 and not c.answered]

    # The API

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        try:
            body = await request.json() if request.can_read_body else None
        except ValueError:
            return _error(400, "proto.payload", "Invalid JSON")
        call = Call(f"{request.method} {path}", dict(request.query), body)
        self.calls.append(call)
        response = await self._answer(request, path, call)
        call.status = response.status
        if call.method == SENDING and self._answers_held is not None:
            await self._answers_held.wait()  # delivered to the dialog; the answer stays on the wire
        # Write the whole answer before the call counts as answered.
        try:
            await response.prepare(request)
            await response.write_eof()
        except (ConnectionError, RuntimeError):  # the bot is gone (killed): the answer never reached it
            return response
        call.answered = True
        return response

    async def _answer(self, request: web.Request, path: str, call: Call) -> web.Response:
        if "access_token" in request.query:
            return _error(401, "verify.token", "Token in query parameters is no longer supported")
        if request.headers.get("Authorization") != self.token:
            return _error(401, "verify.token", "Invalid access_token")
        if self.rate_limit is not None and path != "/updates":
            now = time.monotonic()
            while self._window and now - self._window[0] >= 1.0:
                self._window.popleft()
            if len(self._window) >= self.rate_limit:
                self.count_429 += 1
                headers = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else None
                return _error(429, "too.many.requests", "Too many requests", headers)
            self._window.append(now)
        route = (request.method, path)
        if route == ("GET", "/me"):
            return web.json_response(
                {"user_id": BOT_USER_ID, "first_name": "Вместе", "username": "vmeste_bot", "is_bot": True}
            )
        if route == ("PATCH", "/me/commands"):
            commands = (call.body or {}).get("commands")
            if not isinstance(commands, list) or len(commands) > 32:
                return _error(400, "proto.payload", "commands: at most 32")
            self.commands = commands
            return web.json_response({"commands": commands})
        if route == ("GET", "/updates"):
            return await self._get_updates(request)
        if route == ("POST", "/messages"):
            return self._send(request, call.body)
        if route == ("PUT", "/messages"):
            return self._edit(request.query.get("message_id", ""), call.body)
        if route == ("DELETE", "/messages"):
            if self.messages.pop(request.query.get("message_id", ""), None) is None:
                return _error(404, "not.found", "Message not found")
            return web.json_response({"success": True})
        if request.method == "GET" and path.startswith("/messages/"):
            message = self.messages.get(path.removeprefix("/messages/"))
            return (
                web.json_response(_public(message))
                if message
                else _error(404, "not.found", "Message not found")
            )
        if route == ("POST", "/answers"):
            return self._answer_callback(request.query.get("callback_id", ""), call.body)
        if route == ("POST", "/uploads"):
            kind = request.query.get("type", "")
            if kind not in {"image", "video", "audio", "file"}:
                return _error(400, "proto.payload", "type: image, video, audio or file")
            slot = next(self._seq)
            answer: dict[str, Any] = {"url": f"{self.base_url}/upload/{kind}/{slot}"}
            if kind in {"video", "audio"}:
                answer["token"] = f"{kind}tok{slot}"
            return web.json_response(answer)
        if route == ("POST", "/subscriptions"):
            self.subscriptions.append(call.body or {})
            return web.json_response({"success": True})
        if route == ("GET", "/subscriptions"):
            return web.json_response({"subscriptions": self.subscriptions})
        if route == ("DELETE", "/subscriptions"):
            self.subscriptions = [s for s in self.subscriptions if s.get("url") != request.query.get("url")]
            return web.json_response({"success": True})
        return _error(404, "not.found", f"{request.method} {path}")

    async def _get_updates(self, request: web.Request) -> web.Response:
        marker = request.query.get("marker")
        if marker not in (None, "", "null"):
            committed = int(marker)
            self._updates = [(s, u) for s, u in self._updates if s >= committed]
        timeout = min(90, int(request.query.get("timeout", "30")))
        limit = min(1000, int(request.query.get("limit", "100")))
        types = set(filter(None, request.query.get("types", "").split(",")))
        deadline = time.monotonic() + timeout

        def ready() -> list[tuple[int, dict[str, Any]]]:
            return [(s, u) for s, u in self._updates if not types or u["update_type"] in types][:limit]

        while not (batch := ready()):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            async with self._new:
                try:
                    await asyncio.wait_for(self._new.wait(), left)
                except TimeoutError:
                    break
        next_marker = batch[-1][0] + 1 if batch else (self._updates[-1][0] + 1 if self._updates else None)
        return web.json_response({"updates": [u for _, u in batch], "marker": next_marker})

    def _check_body(self, body: Any, *, edit: bool = False) -> web.Response | None:
        if not isinstance(body, dict):
            return _error(400, "proto.payload", "Body must be NewMessageBody")
        text = body.get("text")
        if text is not None and (not isinstance(text, str) or len(text) > TEXT_LIMIT):
            return _error(400, "proto.payload", "text: size must be between 0 and 4000")
        if body.get("format") not in (None, "markdown", "html"):
            return _error(400, "proto.payload", "format: markdown or html")
        attachments = body.get("attachments")
        if attachments is None:
            if not edit and not text:
                return _error(400, "proto.payload", "Message text or attachments required")
            return None
        if not isinstance(attachments, list):
            return _error(400, "proto.payload", "attachments: array")
        for attachment in attachments:
            kind = attachment.get("type")
            payload = attachment.get("payload") or {}
            if kind == "inline_keyboard":
                refusal = _check_keyboard(payload.get("buttons"))
                if refusal:
                    return _error(400, "proto.payload", refusal)
            elif kind in {"file", "video", "audio"}:
                if payload.get("token") not in self.uploads and not str(payload.get("token", "")).startswith(
                    kind
                ):
                    return _error(400, "attachment.invalid", "Unknown attachment token")
            elif kind == "image":
                tokens = [p.get("token") for p in (payload.get("photos") or {}).values()] or [
                    payload.get("token")
                ]
                if not all(t in self.uploads for t in tokens):
                    return _error(400, "attachment.invalid", "Unknown image token")
            else:
                return _error(400, "proto.payload", f"attachment type {kind!r}")
        return None

    def _send(self, request: web.Request, body: Any) -> web.Response:
        user_id, chat_id = request.query.get("user_id"), request.query.get("chat_id")
        if (user_id is None) == (chat_id is None):
            return _error(400, "proto.payload", "user_id or chat_id required")
        refusal = self._check_body(body)
        if refusal is not None:
            return refusal
        if user_id is not None and int(user_id) in self.stopped:
            return _error(403, "chat.denied", "chat.denied: dialog is suspended, the user stopped the bot")
        mid = self._mid()
        recipient: dict[str, Any] = (
            {"chat_id": self.dialog_id(int(user_id)), "chat_type": "dialog", "user_id": int(user_id)}
            if user_id is not None
            else {"chat_id": int(chat_id or 0), "chat_type": "chat"}
        )
        attachments = [self._stored_attachment(a) for a in body.get("attachments") or []] or None
        message = {
            "sender": {
                "user_id": BOT_USER_ID,
                "first_name": "Вместе",
                "username": "vmeste_bot",
                "is_bot": True,
            },
            "recipient": recipient,
            "timestamp": _now(),
            "body": {
                "mid": mid,
                "seq": next(self._touched),
                **_formatted(body.get("text"), body.get("format")),
                "attachments": attachments,
                "source": body.get("text"),
            },
            "_touched": next(self._touched),
        }
        self.messages[mid] = message
        return web.json_response({"message": _public(message)})

    def _stored_attachment(self, attachment: dict[str, Any]) -> dict[str, Any]:
        """A sent attachment as MAX shows it in the message (file attachments gain url, filename and size)."""
        kind, payload = attachment["type"], attachment.get("payload") or {}
        if kind == "file" and payload.get("token") in self.uploads:
            name, content = self.uploads[payload["token"]]
            url = f"{self.base_url}/files/{payload['token']}"
            return {
                "type": "file",
                "payload": {"url": url, "token": payload["token"]},
                "filename": name,
                "size": len(content),
            }
        return attachment

    def _edit(self, mid: str, body: Any) -> web.Response:
        message = self.messages.get(mid)
        if message is None:
            return _error(404, "not.found", "Message not found")
        refusal = self._check_body(body, edit=True)
        if refusal is not None:
            return refusal
        if "text" in body:
            message["body"].update(_formatted(body["text"], body.get("format")), source=body["text"])
        if body.get("attachments") is not None:
            message["body"]["attachments"] = [self._stored_attachment(a) for a in body["attachments"]] or None
        message["_touched"] = next(self._touched)
        return web.json_response({"success": True})

    def _answer_callback(self, callback_id: str, body: Any) -> web.Response:
        if not callback_id.strip():
            return _error(400, "proto.payload", "callback_id required")
        if not isinstance(body, dict):
            return _error(400, "proto.payload", "Body must be CallbackAnswer")
        if body.get("message") is not None:
            refusal = self._check_body(body["message"], edit=True)
            if refusal is not None:
                return refusal
        self.answers.setdefault(callback_id, []).append(body)
        return web.json_response({"success": True})

    async def _upload_target(self, request: web.Request) -> web.Response:
        kind, slot = request.match_info["kind"], request.match_info["slot"]
        if not request.content_type.startswith("multipart/"):
            return _error(400, "upload.type", "multipart/form-data expected")
        reader = await request.multipart()
        part = await reader.next()
        if part is None or getattr(part, "name", None) != "data":
            return _error(400, "upload.field", "field `data` expected")
        content = await part.read()  # type: ignore[union-attr]
        name = getattr(part, "filename", None) or "file"
        token = f"up{kind}{slot}"
        self.uploads[token] = (name, bytes(content))
        self.calls.append(Call(f"UPLOAD {kind}", {}, {"filename": name, "size": len(content)}))
        if kind == "image":
            return web.json_response({"photos": {f"p{slot}": {"token": token}}})
        return web.json_response({"token": token})

    async def _download(self, request: web.Request) -> web.Response:
        stored = self.uploads.get(request.match_info["token"])
        self.downloads.append(request.match_info["token"])
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored[1], content_type="application/octet-stream")

    def _mid(self) -> str:
        return f"mid.{next(self._mids):016x}a9c0"


def _check_keyboard(rows: Any) -> str | None:
    """dev.max.ru «Клавиатура в сообщениях»: up to 210 buttons in up to 30 rows, up to 7 in a row (3 if the row
    has a link, open_app, geo or contact button); schema: text 1-128, callback payload up to 1024, url 2048."""
    if not isinstance(rows, list) or not rows:
        return "buttons: at least one row"
    if len(rows) > 30:
        return "buttons: at most 30 rows"
    if sum(len(r) for r in rows) > 210:
        return "buttons: at most 210"
    for row in rows:
        if not row:
            return "buttons: empty row"
        width = 3 if any(b.get("type") in WIDE for b in row) else 7
        if len(row) > width:
            return f"buttons: at most {width} in a row"
        for b in row:
            if b.get("type") not in BUTTON_TYPES:
                return f"button type {b.get('type')!r}"
            if not 1 <= len(str(b.get("text") or "")) <= 128:
                return "button text: 1-128 characters"
            if b["type"] in {"callback", "clipboard"} and not 0 < len(str(b.get("payload") or "")) <= 1024:
                return "button payload: 1-1024 characters"
            if b["type"] == "link" and not 0 < len(str(b.get("url") or "")) <= 2048:
                return "button url: 1-2048 characters"
    return None


def _public(message: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in message.items() if not k.startswith("_")}
    out["body"] = {k: v for k, v in message["body"].items() if k != "source"}
    return out


_MARKUP = {
    "b": "strong",
    "strong": "strong",
    "i": "emphasized",
    "em": "emphasized",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "del": "strikethrough",
    "code": "monospaced",
    "pre": "monospaced",
    "a": "link",
    "mark": "highlighted",
    "blockquote": "quote",
    "h1": "heading",
}


class _Html(HTMLParser):
    """MAX's `format: "html"`: the known tags become markup elements over the plain text, others are stripped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.markup: list[dict[str, Any]] = []
        self._open: list[tuple[str, int, dict[str, Any]]] = []

    def _at(self) -> int:
        return len(self.text.encode("utf-16-le")) // 2

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _MARKUP:
            extra = {"url": dict(attrs).get("href") or ""} if tag == "a" else {}
            self._open.append((tag, self._at(), extra))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                _, start, extra = self._open.pop(index)
                if self._at() > start:
                    self.markup.append(
                        {"type": _MARKUP[tag], "from": start, "length": self._at() - start, **extra}
                    )
                return

    def handle_data(self, data: str) -> None:
        self.text += data


def _formatted(text: str | None, fmt: str | None) -> dict[str, Any]:
    """What MAX keeps of a sent text: plain text plus `markup` elements (html); markdown is kept as written."""
    if text is None or fmt != "html":
        return {"text": text, "markup": None}
    parser = _Html()
    parser.feed(text)
    parser.close()
    return {"text": parser.text, "markup": parser.markup or None}


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"code": code, "message": message}, status=status, headers=headers)


def _now() -> int:
    return int(time.time() * 1000)
