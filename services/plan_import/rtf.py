"""Text and tables of an RTF document.

RTF has no table element either: a cell's paragraphs are marked ``\\intbl``, ``\\cell`` ends a cell and ``\\row``
a row (``\\nestcell`` / ``\\nestrow`` and ``\\itapN`` for a table inside a cell), and ``\\trowd … \\cellxN``
define the row's cells with their merge flags (``\\clmrg`` merged into the cell on the left, ``\\clvmrg`` into
the cell above). The reader turns the control words into the same paragraph stream as the .doc reader and lets
its builder make the tables, so both formats agree on cells, rows and nesting.

Text: ``\\uN`` (with ``\\ucN`` replacement characters skipped), ``\\'hh`` bytes in the code page of the font
(``\\fcharset``) or of the document (``\\ansicpg``, cp1251 in Russian documents); fields keep their result;
font tables, pictures, headers, footnotes, list numbers and other ``\\*`` destinations are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from services.plan_import.models import PlanFormatError
from services.plan_import.word97 import Block, BlockBuilder, Paragraph, ParagraphProps

MAX_GROUP_DEPTH = 1000
_TOKEN_RE = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+"
)
_SKIPPED = frozenset(
    [
        "fonttbl",
        "colortbl",
        "stylesheet",
        "info",
        "pict",
        "object",
        "objdata",
        "header",
        "headerl",
        "headerr",
        "headerf",
        "footer",
        "footerl",
        "footerr",
        "footerf",
        "footnote",
        "annotation",
        "atnid",
        "atnauthor",
        "xe",
        "tc",
        "txe",
        "fldinst",
        "nonshppict",
        "nonesttables",
        "themedata",
        "colorschememapping",
        "datastore",
        "latentstyles",
        "listtable",
        "listoverridetable",
        "rsidtbl",
        "generator",
        "pgdsctbl",
        "mmathPr",
        "xmlnstbl",
        "filetbl",
        "revtbl",
        "bkmkstart",
        "bkmkend",
        "userprops",
        "docvar",
        "template",
        "shpinst",
        "ftnsep",
        "ftnsepc",
        "aftnsep",
        "aftnsepc",
        "listtext",
        "pntext",
        "pntxta",
        "pntxtb",
        "defchp",
        "defpap",
        "fldtype",
    ]
)
_SYMBOLS = {
    "line": "\n",
    "tab": "\t",
    "emdash": "—",
    "endash": "–",
    "lquote": "‘",
    "rquote": "’",
    "ldblquote": "“",
    "rdblquote": "”",
    "bullet": "•",
    "emspace": " ",
    "enspace": " ",
    "page": "\n",
    "column": "\n",
}
_CHARSETS = {
    204: "cp1251",
    238: "cp1250",
    161: "cp1253",
    162: "cp1254",
    186: "cp1257",
    177: "cp1255",
    178: "cp1256",
    222: "cp874",
    163: "cp1258",
    128: "cp932",
    134: "gbk",
    129: "cp949",
    136: "big5",
}


@dataclass(slots=True)
class _State:
    skip: bool = False
    fonts: bool = False  # inside the font table
    nest_props: bool = False  # inside {\*\nesttableprops …}: the definition of a nested row
    uc: int = 1
    font: int | None = None


@dataclass(slots=True)
class _Reader:
    codepage: str = "cp1252"
    font_codepages: dict[int, str] = field(default_factory=dict)
    font_defined: int | None = None
    default_font: int | None = None
    text: list[str] = field(default_factory=list)
    pending: bytearray = field(default_factory=bytearray)
    paragraphs: list[Paragraph] = field(default_factory=list)
    in_table: bool = False
    itap: int = 1
    cells: dict[bool, list[tuple[int, int, int]]] = field(default_factory=lambda: {False: [], True: []})
    cell_flags: tuple[int, int] = (0, 0)

    def flush(self, state: _State) -> None:
        if self.pending:
            font = state.font if state.font is not None else self.default_font
            codepage = self.font_codepages.get(font, self.codepage) if font is not None else self.codepage
            self.text.append(bytes(self.pending).decode(codepage, errors="replace"))
            self.pending.clear()

    def end(self, mark: str, props: ParagraphProps) -> None:
        self.paragraphs.append(Paragraph("".join(self.text), mark, props))
        self.text = []

    def props(self, **flags) -> ParagraphProps:
        return ParagraphProps(in_table=self.in_table, itap=self.itap if self.in_table else 0, **flags)


def read_rtf(data: bytes) -> tuple[str, list[Block]]:
    if not data.lstrip().startswith(b"{\\rtf"):
        raise PlanFormatError("corrupt", "not an RTF document")
    reader = _Reader()
    state = _State()
    stack: list[_State] = []
    group_start = False  # the previous token opened a group: a control word here may name a destination
    skip_chars = 0  # replacement characters still to skip after \uN
    at = 0
    while at < len(data):
        match = _TOKEN_RE.match(data, at)
        if match is None:  # a lone backslash at the end
            break
        at = match.end()
        word, number, hex_byte, symbol, brace, text = match.groups()
        opening = group_start
        group_start = False
        if brace == b"{":
            reader.flush(state)
            if len(stack) >= MAX_GROUP_DEPTH:
                raise PlanFormatError("corrupt", "RTF groups nested too deep")
            stack.append(state)
            state = replace(state)
            group_start = True
            continue
        if brace == b"}":
            reader.flush(state)
            if not stack:
                break  # the end of the document
            state = stack.pop()
            continue
        if hex_byte is not None:
            if skip_chars:
                skip_chars -= 1
            elif not state.skip:
                reader.pending.append(int(hex_byte, 16))
            continue
        if text is not None:
            if skip_chars:
                cut = min(skip_chars, len(text))
                skip_chars -= cut
                text = text[cut:]
            if text and not state.skip:
                reader.flush(state)
                reader.text.append(text.decode("latin-1"))
            continue
        if symbol is not None:
            if symbol == b"*":
                state.skip = state.skip or not _starts_nest_props(data, at)
                if not state.skip:
                    state.nest_props = True
                continue
            reader.flush(state)
            if state.skip:
                continue
            if symbol in (b"\\", b"{", b"}"):
                reader.text.append(symbol.decode())
            elif symbol == b"~":
                reader.text.append("\u00a0")
            elif symbol == b"_":
                reader.text.append("-")
            elif symbol in (b"\n", b"\r"):
                reader.end("\r", reader.props())
            continue
        if word is None:
            continue  # a line break of the file itself
        name = word.decode()
        value = int(number) if number is not None else None
        skip_chars = 0
        if name == "bin":  # raw bytes follow
            at += max(value or 0, 0)
            continue
        if state.fonts:
            if name == "f" and value is not None:
                reader.font_defined = value
            elif name == "fcharset" and reader.font_defined is not None and value in _CHARSETS:
                reader.font_codepages[reader.font_defined] = _CHARSETS[value]
            continue
        if opening and name == "fonttbl":
            state.fonts = state.skip = True
            continue
        if opening and name in _SKIPPED:
            state.skip = True
            continue
        if name == "ansicpg" and value:
            reader.codepage = f"cp{value}"
            try:
                "".encode(reader.codepage)
            except LookupError:
                reader.codepage = "cp1252"
            continue
        if name == "f":
            reader.flush(state)
            state.font = value
            continue
        if name == "deff":
            reader.default_font = value
            continue
        if name == "uc" and value is not None:
            state.uc = max(value, 0)
            continue
        if state.skip:
            continue
        reader.flush(state)
        _control(reader, state, name, value)
        if name == "u" and value is not None:
            skip_chars = state.uc
    reader.flush(state)
    if reader.text:
        reader.end("\r", reader.props())
    return BlockBuilder().build(reader.paragraphs)


def _starts_nest_props(data: bytes, at: int) -> bool:
    return data.startswith(b"\\nesttableprops", at)


def _control(reader: _Reader, state: _State, name: str, value: int | None) -> None:
    if name == "u" and value is not None:
        reader.text.append(chr(value + 65536 if value < 0 else value) if -32768 <= value < 65536 else "")
    elif name in _SYMBOLS:
        reader.text.append(_SYMBOLS[name])
    elif name in ("par", "sect"):
        reader.end("\r", reader.props())
    elif name == "pard":
        reader.in_table, reader.itap = False, 1
    elif name == "intbl":
        reader.in_table = True
    elif name == "itap" and value is not None:
        reader.itap = value
        reader.in_table = value > 0
    elif name == "cell":
        reader.end("\x07", ParagraphProps(in_table=True, itap=1))
    elif name == "nestcell":
        reader.end("\r", ParagraphProps(in_table=True, itap=max(reader.itap, 2), inner_cell=True))
    elif name == "row":
        reader.end("\x07", ParagraphProps(in_table=True, itap=1, ttp=True, merges=reader.cells[False]))
    elif name == "nestrow":
        merges = reader.cells[True]
        reader.end(
            "\r", ParagraphProps(in_table=True, itap=max(reader.itap, 2), inner_ttp=True, merges=merges)
        )
    elif name == "trowd":
        reader.cells[state.nest_props] = []
        reader.cell_flags = (0, 0)
    elif name in ("clmgf", "clmrg", "clvmgf", "clvmrg"):
        horizontal, vertical = reader.cell_flags
        if name == "clmgf":
            horizontal = 1
        elif name == "clmrg":
            horizontal = 2
        elif name == "clvmgf":
            vertical = 3
        else:
            vertical = 1
        reader.cell_flags = (horizontal, vertical)
    elif name == "cellx" and value is not None:
        reader.cells[state.nest_props].append((value, *reader.cell_flags))
        reader.cell_flags = (0, 0)
