"""Text and tables of an OpenDocument text (.odt) or spreadsheet (.ods), read from its content.xml.

A table is ``table:table`` → rows (``table:table-row``, also inside header-rows / row-groups) → cells
(``table:table-cell``, ``table:covered-table-cell`` for the area a spanned cell covers). A cell's paragraphs
(``text:p`` / ``text:h``) are its lines; ``text:s`` is a run of spaces, ``text:tab`` a tab, ``text:line-break``
a line break; notes and annotations are left out.

Repeat counts are bounded: a sheet's trailing empty rows and columns are often written as one element repeated
a million times, so empty cells and rows are only counted, never built, and the built cells have a budget.

Merged cells: in a spreadsheet every covered cell repeats the spanned cell's value (as the XLSX reader does); in
a text table a cell spanning columns is kept once and a cell spanning rows repeats its text in the rows below
(as python-docx gives a Word table).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree

from services.plan_import.models import PlanFormatError

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"

MAX_CONTENT_BYTES = 100 * 1024 * 1024  # content.xml unpacked
MAX_COLUMNS = 1024
MAX_CELLS = 2_000_000
_SKIPPED = {f"{_TEXT}note", f"{_OFFICE}annotation", f"{_TEXT}tracked-changes", f"{_TEXT}sequence-decls"}
_ROW_CONTAINERS = {f"{_TABLE}table-header-rows", f"{_TABLE}table-rows", f"{_TABLE}table-row-group"}
_PARAGRAPHS = {f"{_TEXT}p", f"{_TEXT}h"}
_CONTAINERS = {f"{_TEXT}section", f"{_TEXT}list", f"{_TEXT}list-item", f"{_TEXT}list-header"}

MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.text-template": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.spreadsheet-template": "ods",
}

Block = str | list[list[str]]


def odf_kind(package: zipfile.ZipFile) -> str | None:
    """ "odt" / "ods" from the package's mimetype entry, None for another zip."""
    try:
        info = package.getinfo("mimetype")
    except KeyError:
        return None
    if info.file_size > 200:
        return None
    return MIMETYPES.get(package.read(info).decode("ascii", errors="replace").strip())


def _content(data: bytes) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        try:
            info = package.getinfo("content.xml")
        except KeyError as exc:
            raise PlanFormatError("corrupt", "no content.xml in the OpenDocument package") from exc
        if info.file_size > MAX_CONTENT_BYTES:
            raise PlanFormatError("too_large", f"content.xml of {info.file_size} bytes")
        if _encrypted(package):
            raise PlanFormatError("encrypted", "password-protected OpenDocument file")
        with package.open(info) as stream:
            content = stream.read(MAX_CONTENT_BYTES + 1)
    if len(content) > MAX_CONTENT_BYTES:
        raise PlanFormatError("too_large", "content.xml")
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as exc:
        raise PlanFormatError("corrupt", "content.xml is not XML") from exc
    body = root.find(f"{_OFFICE}body")
    if body is None:
        raise PlanFormatError("corrupt", "no office:body in content.xml")
    return body


def _encrypted(package: zipfile.ZipFile) -> bool:
    """An encrypted package lists its parts with encryption data in the manifest."""
    try:
        manifest = package.read("META-INF/manifest.xml")
    except KeyError:
        return False
    return b"encryption-data" in manifest


def read_ods(data: bytes) -> list[list[list[str]]]:
    """Every sheet as rows of cell texts (empty rows left out)."""
    body = _content(data)
    sheet_root = body.find(f"{_OFFICE}spreadsheet")
    if sheet_root is None:
        raise PlanFormatError("corrupt", "no office:spreadsheet in an .ods")
    budget = _Budget()
    return [_Grid(spreadsheet=True, budget=budget).read(sheet) for sheet in sheet_root.iter(f"{_TABLE}table")]


def read_odt(data: bytes) -> tuple[str, list[Block]]:
    """(the paragraphs before the first table, blocks: paragraphs and tables in document order)."""
    body = _content(data)
    text_root = body.find(f"{_OFFICE}text")
    if text_root is None:
        raise PlanFormatError("corrupt", "no office:text in an .odt")
    blocks: list[Block] = []
    budget = _Budget()

    def walk(element: ElementTree.Element) -> None:
        for child in element:
            if child.tag in _PARAGRAPHS:
                blocks.append(_paragraph_text(child))
            elif child.tag == f"{_TABLE}table":
                blocks.append(_Grid(spreadsheet=False, budget=budget).read(child))
            elif child.tag in _CONTAINERS:
                walk(child)

    walk(text_root)
    leading: list[str] = []
    while blocks and isinstance(blocks[0], str):
        leading.append(blocks.pop(0))
    return "\n".join(leading), blocks


# --- text -------------------------------------------------------------------------------------------------


def _paragraph_text(element: ElementTree.Element) -> str:
    parts: list[str] = []
    _inline(element, parts)
    return "".join(parts)


def _inline(element: ElementTree.Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}s":
            parts.append(" " * min(_count(child, f"{_TEXT}c"), 100))
        elif tag == f"{_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif tag not in _SKIPPED:
            _inline(child, parts)
        if child.tail:
            parts.append(child.tail)


def _count(element: ElementTree.Element, attribute: str) -> int:
    try:
        return max(int(element.get(attribute, "1")), 1)
    except ValueError:
        return 1


# --- tables -----------------------------------------------------------------------------------------------


class _Budget:
    def __init__(self) -> None:
        self.cells = 0

    def spend(self, cells: int) -> None:
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise PlanFormatError("too_large", "more cells than a plan can have")


@dataclass(slots=True)
class _Span:
    top: int
    left: int
    bottom: int  # exclusive
    right: int  # exclusive
    text: str


class _Grid:
    def __init__(self, spreadsheet: bool, budget: _Budget) -> None:
        self.spreadsheet = spreadsheet
        self.budget = budget
        self.rows: list[list[str]] = []
        self.spans: list[_Span] = []
        self.row_at = 0  # index of the next row, empty rows counted

    def read(self, table: ElementTree.Element) -> list[list[str]]:
        self._rows(table)
        return self.rows

    def _rows(self, element: ElementTree.Element) -> None:
        for child in element:
            if child.tag == f"{_TABLE}table-row":
                self._row(child)
            elif child.tag in _ROW_CONTAINERS:
                self._rows(child)

    def _row(self, element: ElementTree.Element) -> None:
        repeat = _count(element, f"{_TABLE}number-rows-repeated")
        self.spans = [span for span in self.spans if span.bottom > self.row_at]
        cells = self._cells(element)
        if not any(cells) and (self.spreadsheet or repeat > 1):
            self.row_at += repeat  # empty rows: counted, not built (a sheet ends with a million of them)
            return
        for _ in range(repeat):  # identical rows with text: the cell budget bounds them
            self.budget.spend(len(cells))
            self.rows.append(list(cells))
        self.row_at += repeat

    def _cells(self, row: ElementTree.Element) -> list[str]:
        cells: list[str] = []
        column = 0
        blanks = 0  # empty cells not yet added: added only when a cell with text follows
        for cell in row:
            covered = cell.tag == f"{_TABLE}covered-table-cell"
            if not covered and cell.tag != f"{_TABLE}table-cell":
                continue
            repeat = _count(cell, f"{_TABLE}number-columns-repeated")
            if covered:
                for offset in range(min(repeat, MAX_COLUMNS - column)):
                    text = self._covered(column + offset)
                    if text is None:
                        continue  # part of a cell spanning columns in a text table: that cell is kept once
                    if text:
                        cells.extend([""] * blanks)
                        blanks = 0
                        cells.append(text)
                    else:
                        blanks += 1
                column += repeat
                continue
            text = self._cell_text(cell)
            rows_spanned = _count(cell, f"{_TABLE}number-rows-spanned")
            columns_spanned = _count(cell, f"{_TABLE}number-columns-spanned")
            if rows_spanned > 1 or columns_spanned > 1:
                self.spans.append(
                    _Span(self.row_at, column, self.row_at + rows_spanned, column + columns_spanned, text)
                )
            if text:
                for _ in range(min(repeat, MAX_COLUMNS - column)):
                    cells.extend([""] * blanks)
                    blanks = 0
                    cells.append(text)
            else:
                blanks += repeat
            column += repeat
            if column >= MAX_COLUMNS:
                break
        return cells

    def _covered(self, column: int) -> str | None:
        """The text a covered cell shows: the spanned cell's text in a sheet; in a text table, a cell below a
        row-spanning cell repeats it, a cell to its right is no cell of its own (None)."""
        for span in self.spans:
            if span.top <= self.row_at < span.bottom and span.left <= column < span.right:
                if self.spreadsheet:
                    return span.text
                return span.text if column == span.left and self.row_at > span.top else None
        return "" if self.spreadsheet else None

    def _cell_text(self, cell: ElementTree.Element) -> str:
        if self.spreadsheet:
            value = _typed_value(cell)
            if value is not None:
                return value
        lines: list[str] = []
        for child in cell:
            if child.tag in _PARAGRAPHS:
                lines.append(_paragraph_text(child))
            elif child.tag == f"{_TABLE}table":  # a nested table: one line a row
                nested = _Grid(spreadsheet=False, budget=self.budget).read(child)
                lines.extend(" ".join(" ".join(c.split()) for c in row if c.strip()) for row in nested)
            elif child.tag in _CONTAINERS:
                lines.extend(_paragraph_text(p) for p in child.iter() if p.tag in _PARAGRAPHS)
        return "\n".join(lines)


def _typed_value(cell: ElementTree.Element) -> str | None:
    """Dates and numbers as the XLSX reader gives them (dd.mm.yyyy, integers without «.0»)."""
    kind = cell.get(f"{_OFFICE}value-type")
    if kind == "date":
        raw = cell.get(f"{_OFFICE}date-value", "")
        try:
            return date.fromisoformat(raw[:10]).strftime("%d.%m.%Y")
        except ValueError:
            return None
    if kind == "float":
        try:
            number = float(cell.get(f"{_OFFICE}value", ""))
        except ValueError:
            return None
        return str(int(number)) if number.is_integer() else str(number)
    return None
