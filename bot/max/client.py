"""A small HTTP client for the MAX Bot API: the dozen calls Vmeste needs, on aiohttp (which aiogram already uses).

Every request carries the token in the `Authorization` header (no `Bearer`; the `access_token` query parameter
is no longer accepted). Answers are JSON; an error is an HTTP status with `{"code": ..., "message": ...}` and
becomes `MaxApiError`. Sources for each call: the OpenAPI schema (github.com/max-messenger/api-schema,
schema.yaml 0.0.33) and dev.max.ru/docs-api.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncGenerator, Mapping
from typing import Any

import aiohttp

DEFAULT_BASE = "https://platform-api2.max.ru"
# A file just uploaded may not be ready to attach: POST /messages answers 400 until it is (schema, sendMessage).
ATTACHMENT_NOT_READY = "attachment.not.ready"


class MaxApiError(Exception):
    """MAX answered with an error: HTTP status, MAX's error code and message, and `Retry-After` if sent."""

    def __init__(self, status: int, code: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(f"MAX {status} {code}: {message}")
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


class MaxNetworkError(Exception):
    """No answer from MAX: connection refused, reset, timed out."""


def _ssl_context(ca_file: str | None) -> ssl.SSLContext | None:
    """MAX's API host is certified by the Russian Trusted Root CA (Минцифры), which not every system trusts:
    `MAX_CA_FILE` adds it."""
    if not ca_file:
        return None
    context = ssl.create_default_context()
    context.load_verify_locations(cafile=ca_file)
    return context


class MaxClient:
    def __init__(
        self,
        token: str,
        base: str = DEFAULT_BASE,
        *,
        ca_file: str | None = None,
        timeout: float = 60.0,
        attach_retries: int = 5,
        attach_delay: float = 0.5,
    ) -> None:
        self._token = token
        self.base = base.rstrip("/")
        self._ssl = _ssl_context(ca_file)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self.attach_retries, self.attach_delay = attach_retries, attach_delay

    async def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(ssl=self._ssl) if self._ssl is not None else None
            self._session = aiohttp.ClientSession(connector=connector, timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> Any:
        params = {k: _query_value(v) for k, v in (query or {}).items() if v is not None}
        session = await self.session()
        kwargs: dict[str, Any] = {"params": params, "headers": {"Authorization": self._token}}
        if body is not None:
            kwargs["json"] = body
        if timeout is not None:
            kwargs["timeout"] = aiohttp.ClientTimeout(total=timeout)
        try:
            async with session.request(method, self.base + path, **kwargs) as response:
                try:
                    data = await response.json(content_type=None)
                except ValueError:
                    data = None
                if response.status >= 400:
                    raise _error(response.status, data, response.headers.get("Retry-After"))
                return data
        except (TimeoutError, aiohttp.ClientError) as error:
            raise MaxNetworkError(f"{type(error).__name__}: {error}") from error

    # Bot

    async def get_me(self) -> dict[str, Any]:
        return await self.request("GET", "/me")

    async def set_commands(self, commands: list[dict[str, str]]) -> dict[str, Any]:
        """PATCH /me/commands (schema 0.0.33); a server without it gets them the older way, in PATCH /me."""
        try:
            return await self.request("PATCH", "/me/commands", body={"commands": commands})
        except MaxApiError as error:
            if error.status not in (404, 405):
                raise
            return await self.request("PATCH", "/me", body={"commands": commands})

    # Messages

    async def send_message(
        self, recipient: Mapping[str, int], body: Mapping[str, Any], *, disable_link_preview: bool = False
    ) -> dict[str, Any]:
        """POST /messages?user_id=… (a person's dialog) or ?chat_id=…; answers `{"message": Message}`.
        A just-uploaded attachment that is not ready yet is tried again a few times."""
        query = {**recipient, "disable_link_preview": disable_link_preview or None}
        for attempt in range(self.attach_retries + 1):
            try:
                result = await self.request("POST", "/messages", query=query, body=body)
                return result["message"]
            except MaxApiError as error:
                if error.code != ATTACHMENT_NOT_READY or attempt == self.attach_retries:
                    raise
                await asyncio.sleep(self.attach_delay * (attempt + 1))
        raise AssertionError("unreachable")

    async def edit_message(self, mid: str, body: Mapping[str, Any]) -> None:
        """PUT /messages?message_id=…: `attachments` absent keeps them, `[]` removes them."""
        await self.request("PUT", "/messages", query={"message_id": mid}, body=body)

    async def delete_message(self, mid: str) -> None:
        await self.request("DELETE", "/messages", query={"message_id": mid})

    async def get_message(self, mid: str) -> dict[str, Any]:
        return await self.request("GET", f"/messages/{mid}")

    async def answer_callback(self, callback_id: str, body: Mapping[str, Any]) -> None:
        """POST /answers?callback_id=…: `notification` (a one-time notice) and/or `message` (a new message)."""
        await self.request("POST", "/answers", query={"callback_id": callback_id}, body=body)

    # Updates

    async def get_updates(
        self, marker: int | None, *, timeout: int = 30, limit: int = 100, types: list[str] | None = None
    ) -> tuple[list[dict[str, Any]], int | None]:
        """GET /updates: long polling (timeout 0-90 s, limit 1-1000); passing `marker` commits what came before."""
        query = {
            "marker": marker,
            "timeout": timeout,
            "limit": limit,
            "types": ",".join(types) if types else None,
        }
        data = await self.request("GET", "/updates", query=query, timeout=timeout + 15)
        return list(data.get("updates") or []), data.get("marker")

    async def subscribe(self, url: str, secret: str | None, update_types: list[str] | None = None) -> None:
        body: dict[str, Any] = {"url": url}
        if secret:
            body["secret"] = secret
        if update_types:
            body["update_types"] = update_types
        await self.request("POST", "/subscriptions", body=body)

    async def list_subscriptions(self) -> list[dict[str, Any]]:
        """GET /subscriptions: the webhook urls MAX posts updates to (none while long polling)."""
        data = await self.request("GET", "/subscriptions")
        return list(data.get("subscriptions") or [])

    async def unsubscribe(self, url: str) -> None:
        await self.request("DELETE", "/subscriptions", query={"url": url})

    # Files

    async def upload(self, kind: str, filename: str, content: bytes) -> dict[str, Any]:
        """POST /uploads?type=… gives an upload url; the file goes there as multipart field `data`. The payload
        to attach is what the upload answered (`{"token": …}` for a file, `{"photos": {…}}` for an image), or
        for video and audio the `token` the first step gave."""
        endpoint = await self.request("POST", "/uploads", query={"type": kind})
        form = aiohttp.FormData()
        form.add_field("data", content, filename=filename)
        session = await self.session()
        try:
            async with session.post(endpoint["url"], data=form) as response:
                try:
                    data = await response.json(content_type=None)
                except ValueError:
                    data = None
                if response.status >= 400:
                    raise _error(response.status, data, response.headers.get("Retry-After"))
        except (TimeoutError, aiohttp.ClientError) as error:
            raise MaxNetworkError(f"{type(error).__name__}: {error}") from error
        if endpoint.get("token"):
            return {"token": endpoint["token"]}
        if not isinstance(data, dict):
            raise MaxApiError(502, "upload.failed", "the upload answered no JSON")
        return data

    async def stream(
        self, url: str, chunk_size: int = 65536, timeout: float = 30
    ) -> AsyncGenerator[bytes, None]:
        """Download a file a person sent (its attachment `payload.url`)."""
        session = await self.session()
        try:
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=timeout)) as response:
                if response.status >= 400:
                    raise MaxApiError(response.status, "download.failed", f"HTTP {response.status}")
                async for chunk in response.content.iter_chunked(chunk_size):
                    yield chunk
        except (TimeoutError, aiohttp.ClientError) as error:
            raise MaxNetworkError(f"{type(error).__name__}: {error}") from error


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _error(status: int, data: Any, retry_after: str | None) -> MaxApiError:
    code = message = ""
    if isinstance(data, dict):
        code = str(data.get("code") or data.get("error") or "")
        message = str(data.get("message") or "")
    seconds: float | None = None
    if retry_after:
        try:
            seconds = float(retry_after)
        except ValueError:
            seconds = None
    return MaxApiError(status, code or f"http.{status}", message or f"HTTP {status}", seconds)
