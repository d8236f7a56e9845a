"""Text and tables of a Word 97-2003 document (.doc), read from its compound file with olefile.

The structures are those of [MS-DOC]:

* the FIB at the start of the WordDocument stream gives the table stream (0Table or 1Table), the length of the
  main text (ccpText), the piece table (Clx) and the paragraph properties (PlcBtePapx);
* the piece table maps character positions to the WordDocument stream: a piece is either 8-bit text
  (cp1252, «compressed») or UTF-16LE;
* a table is not an element of its own: the last paragraph of every cell ends with \\x07 instead of \\r, and the
  row ends with one more \\x07 paragraph that carries sprmPFTtp; a nested table's cells and rows end with \\r
  paragraphs that carry sprmPFInnerTableCell / sprmPFInnerTtp and the depth sprmPItap. These flags are read
  from the paragraph properties (the PAPX in the FKP pages, and the piece's Prm), so an empty cell or an empty
  row is never taken for a row end.

The result is a list of blocks: a paragraph outside any table (a string) or a table (rows of cell texts). A
cell's paragraphs are joined by line breaks; a nested table becomes lines of its outer cell. Field codes
(\\x13 code \\x14 result \\x15) keep only their result.
"""

from __future__ import annotations

import io
import struct
from bisect import bisect_right
from dataclasses import dataclass, field

import olefile

from services.plan_import.models import PlanFormatError

Block = str | list[list[str]]

_CELL_MARK = "\x07"
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
# control characters inside a paragraph: line breaks become "\n", a non-breaking hyphen "-", the rest goes
_INLINE = {"\x0b": "\n", "\x0e": "\n", "\x1e": "-", "\t": "\t"}

_SPRM_IN_TABLE = 0x2416
_SPRM_TTP = 0x2417
_SPRM_ITAP = 0x6649
_SPRM_DTAP = 0x664A
_SPRM_INNER_CELL = 0x244B
_SPRM_INNER_TTP = 0x244C
_SPRM_DEF_TABLE = 0xD608
_SPRM_HUGE_PAPX = 0x6646
_SPRM_VERT_MERGE = 0xD62B  # sprmTVertMerge: itc, vertMerge (Word 2000 and later write vertical merges so)
_SPRM_CHG_TABS = 0xC615
_PRM0_IN_TABLE = 0x18  # the isprm of a Prm0 (MS-DOC 2.9.215)
_PRM0_TTP = 0x19
_MAX_DEPTH = 64  # tables inside tables: Word stops far below this
_OPERAND_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # by spra; 6 is variable


def read_word97(data: bytes) -> tuple[str, list[Block]]:
    """(leading text lines joined, blocks) — see the module docstring. Raises ``PlanFormatError``."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError) as exc:
        raise PlanFormatError("corrupt", "broken compound file") from exc
    with ole:
        if not ole.exists("WordDocument"):
            raise PlanFormatError("corrupt", "no WordDocument stream")
        word = ole.openstream("WordDocument").read()
        fib = _Fib.parse(word)
        table_name = "1Table" if fib.which_table else "0Table"
        if not ole.exists(table_name):
            raise PlanFormatError("corrupt", f"no {table_name} stream")
        table = ole.openstream(table_name).read()
        huge = ole.openstream("Data").read() if ole.exists("Data") else b""
    pieces, prcs = _piece_table(_slice(table, fib.fc_clx, fib.lcb_clx), word, fib.ccp_text)
    papx = _PapxIndex(word, _slice(table, fib.fc_papx, fib.lcb_papx))
    return BlockBuilder().build(_paragraphs(pieces, prcs, papx, huge))


# --- FIB and piece table ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Fib:
    which_table: bool
    ccp_text: int
    fc_clx: int
    lcb_clx: int
    fc_papx: int
    lcb_papx: int

    @classmethod
    def parse(cls, word: bytes) -> _Fib:
        if len(word) < 0x20:
            raise PlanFormatError("corrupt", "no Word file information block")
        ident, n_fib, flags = _u16(word, 0), _u16(word, 2), _u16(word, 0x0A)
        if ident != 0xA5EC or n_fib < 0xC0:  # Word 6 / Word 95 (0xA5DC) keep text and properties differently
            if ident in (0xA5DC, 0xA699) or 0x65 <= n_fib <= 0x68:
                raise PlanFormatError("old_word", "Word 6/95 document")
            raise PlanFormatError("corrupt", "no Word file information block")
        if flags & 0x0100 or flags & 0x8000:  # fEncrypted, fObfuscated
            raise PlanFormatError("encrypted", "password-protected Word document")
        if len(word) < 0x9A:
            raise PlanFormatError("corrupt", "short Word file information block")
        at = 32
        csw = _u16(word, at)
        at += 2 + 2 * csw
        cslw = _u16(word, at)
        lw = at + 2
        at = lw + 4 * cslw
        cb_fc_lcb = _u16(word, at)
        fc_lcb = at + 2
        if cslw < 4 or cb_fc_lcb < 34 or fc_lcb + 8 * cb_fc_lcb > len(word):
            raise PlanFormatError("corrupt", "short Word file information block")

        def pair(index: int) -> tuple[int, int]:
            return _u32(word, fc_lcb + 8 * index), _u32(word, fc_lcb + 8 * index + 4)

        fc_papx, lcb_papx = pair(13)
        fc_clx, lcb_clx = pair(33)
        return cls(bool(flags & 0x0200), _u32(word, lw + 12), fc_clx, lcb_clx, fc_papx, lcb_papx)


@dataclass(slots=True)
class _Piece:
    cp: int  # first character position
    text: str
    fc: int  # byte offset of the first character in the WordDocument stream
    width: int  # bytes per character: 1 (compressed) or 2
    prm: int


def _piece_table(clx: bytes, word: bytes, ccp_text: int) -> tuple[list[_Piece], list[bytes]]:
    """The pieces of the main text (CP 0..ccpText) and the Prc grpprls the pieces' Prm1 refer to."""
    prcs: list[bytes] = []
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: clxt, cbGrpprl, grpprl
        size = struct.unpack_from("<h", clx, at + 1)[0] if at + 3 <= len(clx) else -1
        if size < 0 or at + 3 + size > len(clx):
            raise PlanFormatError("corrupt", "broken piece table")
        prcs.append(clx[at + 3 : at + 3 + size])
        at += 3 + size
    if at + 5 > len(clx) or clx[at] != 0x02:
        raise PlanFormatError("corrupt", "no piece table")
    lcb = _u32(clx, at + 1)
    plc = clx[at + 5 : at + 5 + lcb]
    if len(plc) < lcb or (lcb - 4) % 12:
        raise PlanFormatError("corrupt", "broken piece table")
    count = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces: list[_Piece] = []
    for i in range(count):
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if start >= ccp_text:
            break
        if end <= start:
            continue
        pcd = 4 * (count + 1) + 8 * i
        fc_raw, prm = _u32(plc, pcd + 2), _u16(plc, pcd + 6)
        compressed = bool(fc_raw & 0x40000000)
        fc = (fc_raw & 0x3FFFFFFF) // 2 if compressed else fc_raw & 0x3FFFFFFF
        width = 1 if compressed else 2
        raw = word[fc : fc + (end - start) * width]
        if len(raw) < (end - start) * width:
            raise PlanFormatError("corrupt", "text beyond the end of the document")
        text = _decode_8bit(raw) if compressed else raw.decode("utf-16-le", errors="replace")
        pieces.append(_Piece(start, text, fc, width, prm))
    return pieces, prcs


def _decode_8bit(raw: bytes) -> str:
    return raw.decode("cp1252", errors="replace")


# --- paragraph properties ---------------------------------------------------------------------------------


@dataclass(slots=True)
class ParagraphProps:
    in_table: bool = False
    ttp: bool = False
    itap: int | None = None
    inner_cell: bool = False
    inner_ttp: bool = False
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # (left edge, horizontal, vertical)

    @property
    def depth(self) -> int:
        if self.itap is not None:
            return max(self.itap, 0)
        return 1 if self.in_table else 0

    def apply(self, grpprl: bytes, huge: bytes = b"") -> None:
        """Apply the sprms; ``huge`` is the Data stream, where sprmPHugePapx keeps properties too large for
        an FKP page (a row of many cells)."""
        for sprm, operand in _sprms(grpprl):
            value = operand[0] if operand else 0
            if sprm == _SPRM_IN_TABLE:
                self.in_table = bool(value)
            elif sprm == _SPRM_TTP:
                self.ttp = bool(value)
            elif sprm == _SPRM_INNER_CELL:
                self.inner_cell = bool(value)
            elif sprm == _SPRM_INNER_TTP:
                self.inner_ttp = bool(value)
            elif sprm == _SPRM_ITAP and len(operand) >= 4:
                self.itap = struct.unpack_from("<i", operand)[0]
            elif sprm == _SPRM_DTAP and len(operand) >= 4:
                self.itap = (self.itap if self.itap is not None else self.depth) + struct.unpack_from(
                    "<i", operand
                )[0]
            elif sprm == _SPRM_DEF_TABLE:
                self.merges = _cell_merges(operand)
            elif sprm == _SPRM_VERT_MERGE and len(operand) >= 2 and operand[0] < len(self.merges):
                edge, horizontal, _ = self.merges[operand[0]]
                self.merges[operand[0]] = (edge, horizontal, operand[1] & 0x3)
            elif sprm == _SPRM_HUGE_PAPX and len(operand) >= 4 and huge:
                at = struct.unpack_from("<I", operand)[0]
                if at + 2 <= len(huge):
                    size = struct.unpack_from("<H", huge, at)[0]
                    self.apply(huge[at + 2 : at + 2 + size])  # no Data stream: a huge PAPX does not nest


def _sprms(grpprl: bytes):
    """(sprm, operand) of every Prl; the operand size comes from the spra bits (MS-DOC 2.2.5.1)."""
    at = 0
    while at + 2 <= len(grpprl):
        sprm = _u16(grpprl, at)
        at += 2
        spra = sprm >> 13
        if spra != 6:
            size = _OPERAND_SIZE[spra]
        elif sprm == _SPRM_DEF_TABLE:  # a 2-byte size, one more than the bytes that follow it
            if at + 2 > len(grpprl):
                return
            size = _u16(grpprl, at) + 1
        elif sprm == _SPRM_CHG_TABS and at < len(grpprl) and grpprl[at] == 255:
            size = _chg_tabs_size(grpprl, at)
        else:
            if at >= len(grpprl):
                return
            size = grpprl[at]
            at += 1
        if at + size > len(grpprl):
            return
        yield sprm, grpprl[at : at + size]
        at += size


def _chg_tabs_size(grpprl: bytes, at: int) -> int:
    """sprmPChgTabs with cb 255: a PChgTabsDelClose (4 bytes a tab) then a PChgTabsAdd (3 bytes a tab)."""
    deleted = grpprl[at + 1] if at + 1 < len(grpprl) else 0
    added_at = at + 2 + 4 * deleted
    added = grpprl[added_at] if added_at < len(grpprl) else 0
    return 2 + 4 * deleted + 1 + 3 * added


def _cell_merges(operand: bytes) -> list[tuple[int, int, int]]:
    """sprmTDefTable: the cells' left edges (rgdxaCenter) and merge flags (TC80.tcgrf: horzMerge bits 0-1,
    fVertMerge 0x20 and fVertRestart 0x40)."""
    body = operand[2:]
    if not body:
        return []
    cells = body[0]
    edges_end = 1 + 2 * (cells + 1)
    if len(body) < edges_end:
        return []
    edges = struct.unpack_from(f"<{cells + 1}h", body, 1)
    merges = []
    for itc in range(cells):
        at = edges_end + 20 * itc
        flags = _u16(body, at) if at + 2 <= len(body) else 0
        merges.append((edges[itc], flags & 0x3, (flags >> 5) & 0x3))
    return merges


class _PapxIndex:
    """Paragraph properties by the byte offset (FC) of a paragraph mark: PlcBtePapx → PapxFkp pages."""

    def __init__(self, word: bytes, plc: bytes) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.grpprls: list[bytes] = []
        if len(plc) < 8 or (len(plc) - 4) % 8:
            raise PlanFormatError("corrupt", "broken paragraph properties")
        count = (len(plc) - 4) // 8
        runs: list[tuple[int, int, bytes]] = []
        for i in range(count):
            page = (_u32(plc, 4 * (count + 1) + 4 * i) & 0x3FFFFF) * 512
            fkp = word[page : page + 512]
            if len(fkp) < 512:
                raise PlanFormatError("corrupt", "paragraph properties beyond the end of the document")
            runs.extend(_fkp_runs(fkp))
        runs.sort(key=lambda run: run[0])
        for start, end, grpprl in runs:
            self.starts.append(start)
            self.ends.append(end)
            self.grpprls.append(grpprl)

    def grpprl(self, fc: int) -> bytes:
        at = bisect_right(self.starts, fc) - 1
        if at >= 0 and fc < self.ends[at]:
            return self.grpprls[at]
        return b""


def _fkp_runs(fkp: bytes) -> list[tuple[int, int, bytes]]:
    count = fkp[511]
    if 4 * (count + 1) + 13 * count > 511:
        raise PlanFormatError("corrupt", "broken paragraph properties page")
    fcs = struct.unpack_from(f"<{count + 1}I", fkp, 0)
    runs = []
    for i in range(count):
        offset = 2 * fkp[4 * (count + 1) + 13 * i]
        grpprl = b""
        if offset:
            cb = fkp[offset] if offset < 511 else 0
            if cb:
                start, size = offset + 1, 2 * cb - 1
            else:
                start, size = offset + 2, 2 * (fkp[offset + 1] if offset + 1 < 511 else 0)
            grpprl = fkp[start + 2 : start + size]  # after the istd
        runs.append((fcs[i], fcs[i + 1], grpprl))
    return runs


def _piece_grpprl(prm: int, prcs: list[bytes]) -> bytes:
    """The properties a piece's Prm adds: Prm1 points to a Prc of the Clx; a Prm0 holds one sprm (only the two
    table flags matter here)."""
    if prm & 1:
        index = prm >> 1
        return prcs[index] if index < len(prcs) else b""
    isprm, value = (prm >> 1) & 0x7F, prm >> 8
    if isprm == _PRM0_IN_TABLE:
        return struct.pack("<HB", _SPRM_IN_TABLE, value)
    if isprm == _PRM0_TTP:
        return struct.pack("<HB", _SPRM_TTP, value)
    return b""


# --- paragraphs and tables --------------------------------------------------------------------------------


@dataclass(slots=True)
class Paragraph:
    text: str
    mark: str
    props: ParagraphProps


def _paragraphs(pieces: list[_Piece], prcs: list[bytes], papx: _PapxIndex, huge: bytes) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    chars: list[str] = []
    fields: list[bool] = []  # for every open field: is its result being read
    for piece in pieces:
        for offset, char in enumerate(piece.text):
            if char in "\r\x07\x0c":
                props = ParagraphProps()
                props.apply(papx.grpprl(piece.fc + offset * piece.width), huge)
                props.apply(_piece_grpprl(piece.prm, prcs), huge)
                paragraphs.append(Paragraph("".join(chars), char, props))
                chars = []
            elif char == _FIELD_BEGIN:
                fields.append(False)
            elif char == _FIELD_SEPARATOR:
                if fields:
                    fields[-1] = True
            elif char == _FIELD_END:
                if fields:
                    fields.pop()
            elif not all(fields):
                continue
            elif char in _INLINE:
                chars.append(_INLINE[char])
            elif char >= " " and char not in "\ufffe\uffff":
                chars.append(char)
    if chars:
        paragraphs.append(Paragraph("".join(chars), "\r", ParagraphProps()))
    return paragraphs


@dataclass(slots=True)
class _OpenTable:
    rows: list[list[str]] = field(default_factory=list)
    row: list[str] = field(default_factory=list)
    cell: list[str] = field(default_factory=list)
    edges: list[list[int]] = field(default_factory=list)  # the cells' left edges of every row

    def end_cell(self) -> None:
        self.row.append("\n".join(self.cell))
        self.cell = []

    def end_row(self, merges: list[tuple[int, int, int]]) -> None:
        if self.cell:
            self.end_cell()
        row, edges = self.row, []
        if len(merges) == len(row):
            kept: list[str] = []
            for text, (edge, horizontal, vertical) in zip(row, merges, strict=True):
                if horizontal == 2:  # fMerged without fFirstMerged: the cell on its left holds the text
                    continue
                if vertical == 1 and self.rows:  # fVertMerge without fVertRestart: repeat the text above
                    text = self._above(edge, len(kept))
                kept.append(text)
                edges.append(edge)
            row = kept
        self.rows.append(row)
        self.edges.append(edges)
        self.row = []

    def _above(self, edge: int, index: int) -> str:
        above, above_edges = self.rows[-1], self.edges[-1]
        at = above_edges.index(edge) if edge in above_edges else index
        return above[at] if at < len(above) else ""

    def as_lines(self) -> list[str]:
        """A nested table inside a cell: one line a row, the cells' texts separated by spaces."""
        if self.cell or self.row:
            self.end_row([])
        return [
            line for line in (" ".join(" ".join(c.split()) for c in row).strip() for row in self.rows) if line
        ]


class BlockBuilder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.stack: list[_OpenTable] = []

    def build(self, paragraphs: list[Paragraph]) -> tuple[str, list[Block]]:
        for paragraph in paragraphs:
            self.add(paragraph)
        self.close_to(0)
        leading: list[str] = []
        while self.blocks and isinstance(self.blocks[0], str):
            leading.append(self.blocks.pop(0))
        return "\n".join(leading), self.blocks

    def add(self, paragraph: Paragraph) -> None:
        props = paragraph.props
        depth = props.depth
        if depth > _MAX_DEPTH:
            raise PlanFormatError("corrupt", f"a table nested {depth} deep")
        if paragraph.mark == _CELL_MARK and depth == 0:
            depth = 1  # a cell mark without table properties: still a cell
        self.close_to(depth)
        if depth == 0:
            self.blocks.append(paragraph.text)
            return
        while len(self.stack) < depth:
            self.stack.append(_OpenTable())
        table = self.stack[-1]
        if depth == 1:
            row_end = props.ttp and paragraph.mark == _CELL_MARK
            cell_end = paragraph.mark == _CELL_MARK and not row_end
        else:
            row_end = props.inner_ttp or (props.ttp and paragraph.mark == _CELL_MARK)
            cell_end = not row_end and (props.inner_cell or paragraph.mark == _CELL_MARK)
        if row_end:
            table.end_row(props.merges)
            return
        table.cell.append(paragraph.text)
        if cell_end:
            table.end_cell()

    def close_to(self, depth: int) -> None:
        while len(self.stack) > depth:
            table = self.stack.pop()
            if self.stack:
                self.stack[-1].cell.extend(table.as_lines())
                continue
            if table.cell or table.row:
                table.end_row([])
            if table.rows:
                self.blocks.append(table.rows)


# --- bytes ------------------------------------------------------------------------------------------------


def _u16(data: bytes, at: int) -> int:
    if at + 2 > len(data):
        raise PlanFormatError("corrupt", "structure beyond the end of its stream")
    return struct.unpack_from("<H", data, at)[0]


def _u32(data: bytes, at: int) -> int:
    if at + 4 > len(data):
        raise PlanFormatError("corrupt", "structure beyond the end of its stream")
    return struct.unpack_from("<I", data, at)[0]


def _slice(data: bytes, at: int, size: int) -> bytes:
    if at + size > len(data):
        raise PlanFormatError("corrupt", "structure beyond the end of its stream")
    return data[at : at + size]
