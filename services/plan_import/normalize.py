"""Text clean-up shared by every reader, so that DOCX, XLSX, CSV and text give identical rows."""

from __future__ import annotations

import re
from collections.abc import Iterable

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_INLINE_SPACE_RE = re.compile(r"[ \t\u00a0\u2007\u202f\u200b]+")
_BLANK_RUN_RE = re.compile(r"\n{3,}")

Row = list[str]
Table = list[Row]


def clean_text(text: str | None) -> str:
    """Drop Word bookmark markers and odd spaces, strip every line, keep at most one blank line in a row."""
    if not text:
        return ""
    text = _BOOKMARK_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", ""))
    lines = [_INLINE_SPACE_RE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUN_RE.sub("\n\n", "\n".join(lines)).strip()


def clean_row(cells: Iterable[str | None]) -> Row:
    """Clean every cell, collapse a row of identical cells (a merged heading), drop trailing empty cells."""
    row = [clean_text(cell) for cell in cells]
    while row and not row[-1]:
        row.pop()
    if len(row) > 1 and all(cell == row[0] for cell in row):
        row = row[:1]
    return row


def one_line(text: str | None) -> str:
    """A cell as a single line (for titles, keys and messages)."""
    return " ".join(clean_text(text).split())
