"""Telegram's formatting and keyboards in MAX's shapes, and back.

Text: the handlers write Telegram HTML (`<b>`, `<i>`, `<u>`, `<s>`, `<code>`, `<pre>`, `<a href>`,
`<blockquote>`, `<tg-spoiler>`). MAX's `format: "html"` knows `<b>/<strong>`, `<i>/<em>`, `<u>/<ins>`,
`<s>/<del>`, `<code>`, `<pre>`, `<a href>`, `<mark>`, `<blockquote>`, `<h1>`; others are stripped by MAX
(schema 0.0.33, «HTML support»). We drop the tags MAX lacks ourselves and keep their text, and keep entities
(`&lt;`) as they are.

Length: MAX takes at most 4000 characters of `text` (NewMessageBody.text maxLength 4000), against Telegram's 4096
after parsing. `split_html` cuts a longer text into pieces of at most 4000 characters, at a paragraph, a line or a
space when it can, closing the tags still open at the cut and opening them again in the next piece.

Keyboards: an inline keyboard is an `inline_keyboard` attachment of rows of buttons: `callback` (payload up to
1024 characters), `link` (url up to 2048), `clipboard`; button text 1-128 characters. At most 210 buttons in at
most 30 rows, at most 7 in a row, or 3 when the row has a link, open_app, geo or contact button
(dev.max.ru, «Клавиатура в сообщениях»). Telegram's rows are split to fit, and packed when there are too many.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity

TEXT_LIMIT = 4000
BUTTON_TEXT_LIMIT = 128
PAYLOAD_LIMIT = 1024
URL_LIMIT = 2048
MAX_BUTTONS = 210
MAX_ROWS = 30
ROW_WIDTH = 7
WIDE_ROW_WIDTH = 3  # rows holding a link, open_app, request_geo_location or request_contact button
WIDE_TYPES = frozenset({"link", "open_app", "request_geo_location", "request_contact"})

# Telegram tag → MAX tag (None: keep the text, drop the tag)
_TAGS: dict[str, str | None] = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "u": "u",
    "ins": "u",
    "s": "s",
    "strike": "s",
    "del": "s",
    "code": "code",
    "pre": "pre",
    "a": "a",
    "blockquote": "blockquote",
    "tg-spoiler": None,
    "span": None,
    "tg-emoji": None,
}
_ELLIPSIS = "…"


class _Token:
    __slots__ = ("attrs", "kind", "tag", "text")

    def __init__(self, kind: str, text: str = "", tag: str = "", attrs: str = "") -> None:
        self.kind, self.text, self.tag, self.attrs = kind, text, tag, attrs


class _Tokenizer(HTMLParser):
    """Telegram HTML → tokens: text (entities kept verbatim), open and close of the tags MAX knows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tokens: list[_Token] = []
        self._in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        target = _TAGS.get(tag)
        if target is None:
            return
        if target == "code" and self._in_pre:
            return  # <pre><code class="language-x"> is one monospaced block in MAX
        if target == "pre":
            self._in_pre += 1
        extra = ""
        if target == "a":
            href = dict(attrs).get("href") or ""
            extra = f' href="{html.escape(href, quote=True)}"'
        self.tokens.append(_Token("open", tag=target, attrs=extra))

    def handle_endtag(self, tag: str) -> None:
        target = _TAGS.get(tag)
        if target is None:
            return
        if target == "code" and self._in_pre:
            return
        if target == "pre":
            self._in_pre = max(0, self._in_pre - 1)
        self.tokens.append(_Token("close", tag=target))

    def handle_data(self, data: str) -> None:
        self.tokens.append(_Token("text", text=data))

    def handle_entityref(self, name: str) -> None:
        self.tokens.append(_Token("text", text=f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.tokens.append(_Token("text", text=f"&#{name};"))


def _tokens(text: str) -> list[_Token]:
    parser = _Tokenizer()
    parser.feed(text)
    parser.close()
    # Close what the text left open, in order, so every piece is well formed.
    stack: list[_Token] = []
    out: list[_Token] = []
    for token in parser.tokens:
        if token.kind == "open":
            stack.append(token)
        elif token.kind == "close":
            if not any(t.tag == token.tag for t in stack):
                continue
            while stack:
                top = stack.pop()
                out.append(_Token("close", tag=top.tag))
                if top.tag == token.tag:
                    break
            continue
        out.append(token)
    for top in reversed(stack):
        out.append(_Token("close", tag=top.tag))
    return out


def _render(token: _Token) -> str:
    if token.kind == "open":
        return f"<{token.tag}{token.attrs}>"
    if token.kind == "close":
        return f"</{token.tag}>"
    return token.text


def to_max_html(text: str) -> str:
    """Telegram HTML → the HTML MAX understands (no length limit applied)."""
    return "".join(_render(t) for t in _tokens(text))


def escape_plain(text: str) -> str:
    """A text sent without parse mode, for MAX's html format (we always send html)."""
    return html.escape(text, quote=False)


def _atoms(text: str) -> list[_Token]:
    """Tokens cut into the smallest pieces a message may be split between: tags, and words with the space or
    line end after them (entities like `&amp;` are tokens of their own, never cut)."""
    out: list[_Token] = []
    for token in _tokens(text):
        if token.kind != "text" or token.text.startswith("&"):
            out.append(token)
            continue
        for word in re.findall(r"[^\s]*\s*|\s+", token.text):
            if word:
                out.append(_Token("text", text=word))
    return out


def split_html(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """MAX HTML pieces of at most `limit` characters each, tags balanced in each piece, cut after a line end
    when one is in the last two thirds of the piece, else after a word, and inside a word only when a word
    alone is longer than a piece."""
    atoms = _atoms(text)
    pieces: list[str] = []
    stack: list[_Token] = []
    i = 0
    while i < len(atoms):
        start_stack = list(stack)
        current = "".join(_render(t) for t in stack)
        best: tuple[int, int, list[_Token]] | None = None  # (length, next atom, stack) after a line end
        j = i
        while j < len(atoms):
            atom = atoms[j]
            rendered = _render(atom)
            after = list(stack)
            if atom.kind == "open":
                after.append(atom)
            elif atom.kind == "close" and after:
                after.pop()
            closing = "".join(f"</{t.tag}>" for t in reversed(after))
            if len(current) + len(rendered) + len(closing) > limit:
                break
            current += rendered
            stack = after
            j += 1
            if atom.kind == "text" and atom.text.endswith("\n"):
                best = (len(current), j, list(stack))
        if j == i:  # not even one atom fits: a word longer than a piece, or tags that fill it
            atom = atoms[i]
            if atom.kind == "text" and len(atom.text) > 1:
                room = max(1, limit - len(current) - sum(len(t.tag) + 3 for t in stack))
                half = min(room, len(atom.text) - 1)
                atoms[i : i + 1] = [
                    _Token("text", text=atom.text[:half]),
                    _Token("text", text=atom.text[half:]),
                ]
                stack = start_stack
                continue
            stack = []  # drop the formatting rather than loop forever
            pieces_text = _render(atom) if atom.kind == "text" else ""
            if pieces_text.strip():
                pieces.append(pieces_text[:limit])
            i += 1
            continue
        if j < len(atoms) and best is not None and best[0] > limit // 3:
            length, j, stack = best
            current = current[:length]
        pieces.append(current + "".join(f"</{t.tag}>" for t in reversed(stack)))
        i = j
    return [p for p in pieces if _visible(p)] or [""]


def _visible(piece: str) -> bool:
    return bool("".join(t.text for t in _tokens(piece) if t.kind == "text").strip())


def fit_html(text: str, limit: int = TEXT_LIMIT) -> str:
    """One piece of at most `limit` characters: the first piece, ending in «…» when the text was longer (an
    edited message cannot become two)."""
    pieces = split_html(text, limit - len(_ELLIPSIS))
    if len(pieces) == 1:
        return pieces[0]
    match = _TRAILING_CLOSE.match(pieces[0])
    assert match is not None  # the pattern matches any string
    return match.group(1).rstrip() + _ELLIPSIS + match.group(2)


_TRAILING_CLOSE = re.compile(r"^(.*?)((?:</[a-z0-9]+>)*)$", re.S)


def _button(button: InlineKeyboardButton) -> dict[str, Any] | None:
    text = button.text[:BUTTON_TEXT_LIMIT] or "·"
    if button.callback_data is not None:
        return {"type": "callback", "text": text, "payload": button.callback_data[:PAYLOAD_LIMIT]}
    if button.url is not None:
        return {"type": "link", "text": text, "url": button.url[:URL_LIMIT]}
    copy = button.copy_text
    if copy is not None:
        return {"type": "clipboard", "text": text, "payload": copy.text[:PAYLOAD_LIMIT]}
    return None  # login, web app, inline query, game, pay: nothing like them on MAX


def _row_width(row: list[dict[str, Any]]) -> int:
    return WIDE_ROW_WIDTH if any(b["type"] in WIDE_TYPES for b in row) else ROW_WIDTH


def keyboard_attachment(markup: InlineKeyboardMarkup | None) -> dict[str, Any] | None:
    """An aiogram inline keyboard as a MAX `inline_keyboard` attachment within MAX's limits (None if empty)."""
    if markup is None:
        return None
    rows: list[list[dict[str, Any]]] = []
    for row in markup.inline_keyboard:
        buttons = [b for b in (_button(x) for x in row) if b is not None]
        while buttons:
            width = _row_width(buttons[:ROW_WIDTH])
            rows.append(buttons[:width])
            buttons = buttons[width:]
    if not rows:
        return None
    if len(rows) > MAX_ROWS:
        flat = [b for row in rows for b in row]
        rows = []
        for b in flat:
            if rows and len(rows[-1]) < _row_width([*rows[-1], b]):
                rows[-1].append(b)
            else:
                rows.append([b])
        rows = rows[:MAX_ROWS]
    total = 0
    kept: list[list[dict[str, Any]]] = []
    for row in rows:
        if total + len(row) > MAX_BUTTONS:
            row = row[: MAX_BUTTONS - total]
        if row:
            kept.append(row)
            total += len(row)
    return {"type": "inline_keyboard", "payload": {"buttons": kept}}


def markup_from_attachments(attachments: list[dict[str, Any]] | None) -> InlineKeyboardMarkup | None:
    """A MAX message's `inline_keyboard` attachment back as an aiogram inline keyboard (callback and link)."""
    for attachment in attachments or []:
        if attachment.get("type") != "inline_keyboard":
            continue
        rows: list[list[InlineKeyboardButton]] = []
        for row in (attachment.get("payload") or {}).get("buttons") or []:
            out: list[InlineKeyboardButton] = []
            for b in row:
                text = str(b.get("text") or "·")
                if b.get("type") == "callback":
                    out.append(InlineKeyboardButton(text=text, callback_data=str(b.get("payload") or "")))
                elif b.get("type") == "link" and b.get("url"):
                    out.append(InlineKeyboardButton(text=text, url=str(b["url"])))
            if out:
                rows.append(out)
        return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
    return None


_ENTITY_TYPES = {
    "strong": "bold",
    "emphasized": "italic",
    "monospaced": "code",
    "strikethrough": "strikethrough",
    "underline": "underline",
    "quote": "blockquote",
    "link": "text_link",
}


def entities_from_markup(markup: list[dict[str, Any]] | None) -> list[MessageEntity] | None:
    """MAX text markup (`from`/`length`) as Telegram entities, so `message.html_text` keeps a coordinator's
    formatting. MAX's schema does not say in which units offsets count; like Telegram we read them as UTF-16
    code units (the same as characters for Cyrillic and Latin text)."""
    out: list[MessageEntity] = []
    for element in markup or []:
        kind = _ENTITY_TYPES.get(str(element.get("type")))
        try:
            offset, length = int(element["from"]), int(element["length"])
        except (KeyError, TypeError, ValueError):
            continue
        if kind is None or length <= 0 or offset < 0:
            continue
        if kind == "text_link":
            url = element.get("url")
            if not isinstance(url, str) or not url:
                continue
            out.append(MessageEntity(type=kind, offset=offset, length=length, url=url))
        else:
            out.append(MessageEntity(type=kind, offset=offset, length=length))
    return out or None
