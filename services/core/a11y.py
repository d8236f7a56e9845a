"""Accessibility helpers without aiogram: decorative pictograms, word counts for easy-to-read texts."""

from __future__ import annotations

import re

# Pictograms a screen reader reads aloud by name («пишущая рука», «white small square»): emoji and the dingbats,
# arrows and geometric shapes our texts use as decoration, with their variation selectors, skin tones, joiners and
# keycaps. Letters, digits and typographic signs (« » — – … · №) are not in these ranges.
PICTOGRAM_CLASS = (
    "["
    "\U0001f000-\U0001faff"  # emoji, pictographs, transport, flags (regional indicators), supplemental symbols
    "\u2190-\u21ff"  # arrows (↩ ↪ ↔)
    "\u2300-\u23ff"  # technical (⏳ ⏸ ⏭ ⏹ ⌛)
    "\u2460-\u24ff"  # enclosed numbers (Ⓜ)
    "\u25a0-\u25ff"  # geometric shapes (▫ ▶ ◀ ⚪ base)
    "\u2600-\u27bf"  # miscellaneous symbols and dingbats (☑ ✅ ✏ ❌ ✓ ⚙ ♿)
    "\u2900-\u297f"  # supplemental arrows (⤴)
    "\u2b00-\u2bff"  # arrows and squares (⬅ ⬜ ⭐)
    "\u3030\u303d\u3297\u3299"
    "\ufe0e\ufe0f\u200d\u20e3"  # presentation selectors, joiner, keycap
    "]"
)
PICTOGRAMS = re.compile(PICTOGRAM_CLASS + "+")
_STRIP = re.compile(r"[ \t]?" + PICTOGRAM_CLASS + r"+[ \t]?")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_TAGS = re.compile(r"<[^>]+>")


def _gap(match: re.Match[str]) -> str:
    """A pictogram between two words leaves one space; at either edge of a word, none."""
    found = match.group(0)
    return " " if found[0] in " \t" and found[-1] in " \t" else ""


def strip_pictograms(text: str) -> str:
    """The text without decorative pictograms, spaces tidied line by line: «📅 Расписание» → «Расписание»,
    «Дальше ▶️» → «Дальше». A line that held only pictograms becomes empty."""
    if not PICTOGRAMS.search(text):
        return text
    lines = []
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        body = _STRIP.sub(_gap, line[indent:])
        lines.append(" " * indent + re.sub(r" {2,}", " ", body).strip(" "))
    return "\n".join(lines)


def starts_with_word(label: str) -> bool:
    """A button label that begins with a letter or a digit (or an opening quote before one), so a screen reader
    says the word first."""
    first = label.lstrip("«\"'(")[:1]
    return first.isalnum()


def sentences(text: str) -> list[str]:
    """The sentences of a message, markup removed: split at . ! ? … followed by a space, and at line breaks."""
    plain = _TAGS.sub("", text)
    return [part.strip() for part in _SENTENCE_END.split(plain) if part.strip()]


def word_count(sentence: str) -> int:
    return len(_WORD.findall(sentence))
