"""How MAX ids live on the aiogram side without ever meeting a Telegram id.

Telegram user ids have at most 52 significant bits and private chat ids equal user ids; group chat ids are
negative and above -2**53 (Telegram's documentation promises ids fit in a double). MAX user and chat ids are
int64, in practice far below 2**60. So:

- a MAX person (and their dialog with the bot) is `MAX_USER_BASE + user_id` (2**60 ... 2**61 - 1);
- a MAX group chat is `MAX_CHAT_BASE + chat_id` (-(2**61) ± 2**60, always below -(2**60));
- a MAX message id is a string (`mid.…`): on the aiogram side it becomes a large integer that decodes back to
  the same string, so a button pressed days later, after a restart or on another replica, edits the right
  message with no table to look it up in;
- an update gets `MAX_UPDATE_BASE` plus 60 bits of a hash of what identifies it (the message id, the callback
  id, or the user and time of `bot_started`), so a redelivered webhook update has the same id and the
  processed-updates guard skips it;
- a file a person sent becomes a file id carrying its MAX url and token (`mxf.` + base64url JSON), so the
  bot can download it again later (a plan import re-downloads on «Сохранить») or send it on.

The database keeps a person's aiogram-side id as `users.id`, with `users.messenger` and `users.account_id` (the
MAX user id) beside it (db/models/user.py uses the same base).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass

from db.models.user import MAX_PERSON_BASE

MAX_USER_BASE = MAX_PERSON_BASE
MAX_CHAT_BASE = -(1 << 61)
MAX_UPDATE_BASE = 1 << 61
_MAX_ID = 1 << 60  # MAX ids at or above this cannot be placed and are refused
_MID_TAG = b"\x01"  # keeps leading zero bytes of a message id
# MAX message ids match (mid.)?[a-zA-Z0-9_-]+ (schema 0.0.33, GET /messages/{messageId}); ours for bot_started
# messages have dots too.
_MID = re.compile(r"[A-Za-z0-9_.\-]+")
FILE_PREFIX = "mxf."


class IdOutOfRange(ValueError):
    """A MAX id too large for the aiogram-side id space (never seen in practice; refused rather than wrapped)."""


def user_to_aiogram(user_id: int) -> int:
    if not 0 <= user_id < _MAX_ID:
        raise IdOutOfRange(f"MAX user id out of range: {user_id}")
    return MAX_USER_BASE + user_id


def chat_to_aiogram(chat_id: int) -> int:
    """A MAX group chat or channel id on the aiogram side (dialogs use the person's id instead)."""
    if not -_MAX_ID < chat_id < _MAX_ID:
        raise IdOutOfRange(f"MAX chat id out of range: {chat_id}")
    return MAX_CHAT_BASE + chat_id


def is_max_user(aiogram_id: int) -> bool:
    return MAX_USER_BASE <= aiogram_id < MAX_USER_BASE + _MAX_ID


def is_max_chat(aiogram_id: int) -> bool:
    return MAX_CHAT_BASE - _MAX_ID < aiogram_id < MAX_CHAT_BASE + _MAX_ID


def is_max(aiogram_id: int) -> bool:
    """Whether an aiogram-side chat or user id belongs to MAX (else it is Telegram's)."""
    return is_max_user(aiogram_id) or is_max_chat(aiogram_id)


@dataclass(frozen=True, slots=True)
class Recipient:
    """Where POST /messages sends: `user_id` for a person's dialog, `chat_id` for a group chat."""

    user_id: int | None = None
    chat_id: int | None = None

    def query(self) -> dict[str, int]:
        return {"user_id": self.user_id} if self.user_id is not None else {"chat_id": self.chat_id or 0}


def recipient(aiogram_chat_id: int | str) -> Recipient:
    """The MAX recipient for an aiogram-side chat id; a Telegram id (or a @username) is refused."""
    if isinstance(aiogram_chat_id, str):
        raise IdOutOfRange(f"not a MAX chat: {aiogram_chat_id!r}")
    if is_max_user(aiogram_chat_id):
        return Recipient(user_id=aiogram_chat_id - MAX_USER_BASE)
    if is_max_chat(aiogram_chat_id):
        return Recipient(chat_id=aiogram_chat_id - MAX_CHAT_BASE)
    raise IdOutOfRange(f"not a MAX chat: {aiogram_chat_id}")


def max_user_id(aiogram_user_id: int) -> int:
    if not is_max_user(aiogram_user_id):
        raise IdOutOfRange(f"not a MAX person: {aiogram_user_id}")
    return aiogram_user_id - MAX_USER_BASE


def mid_to_aiogram(mid: str) -> int:
    return int.from_bytes(_MID_TAG + mid.encode(), "big")


def mid_from_aiogram(message_id: int) -> str:
    """The MAX message id an aiogram-side message id stands for; ValueError for one that is not ours."""
    if message_id <= 0:
        raise ValueError(f"not a MAX message id: {message_id}")
    raw = message_id.to_bytes((message_id.bit_length() + 7) // 8, "big")
    if not raw.startswith(_MID_TAG):
        raise ValueError(f"not a MAX message id: {message_id}")
    mid = raw[1:].decode("ascii", errors="replace")
    if not _MID.fullmatch(mid):
        raise ValueError(f"not a MAX message id: {message_id}")
    return mid


def update_id(*parts: object) -> int:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return MAX_UPDATE_BASE + (int.from_bytes(digest[:8], "big") >> 4)


@dataclass(frozen=True, slots=True)
class MaxFile:
    """A file on MAX: where to download it, the token that attaches it to another message, its kind."""

    url: str
    token: str | None
    kind: str  # file | image | video | audio

    def file_id(self) -> str:
        payload = json.dumps({"u": self.url, "t": self.token, "k": self.kind}, separators=(",", ":"))
        return FILE_PREFIX + base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    def unique_id(self) -> str:
        return "mxu." + hashlib.sha256((self.token or self.url).encode()).hexdigest()[:24]


def file_from_id(file_id: str) -> MaxFile:
    """Decode a file id made by `MaxFile.file_id`; ValueError for anything else (a Telegram file id)."""
    if not file_id.startswith(FILE_PREFIX):
        raise ValueError("not a MAX file id")
    body = file_id[len(FILE_PREFIX) :]
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        url, token, kind = data["u"], data.get("t"), data.get("k", "file")
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError("not a MAX file id") from error
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ValueError("not a MAX file id")
    return MaxFile(url=url, token=token if isinstance(token, str) else None, kind=str(kind))
