"""Readers: bytes of a DOCX / XLSX / CSV / PDF / tab-text file → ``RawDocument`` (leading text + tables of rows).

Old and other office formats give the same ``RawDocument``: Word 97-2003 .doc (``word97.py``), RTF (``rtf.py``),
OpenDocument .odt/.ods (``odf.py``), Excel 97-2003 .xls (xlrd). The kind is decided by the content: an OLE
compound file is a .doc or an .xls by the streams it holds, a zip package by its parts or ODF mimetype.

PDF: the tables of a PDF with a text layer are read with pdfplumber (lines drawn around the cells mark the
table); the text between two tables heads the next one, as in Word. A scanned PDF (pages that are pictures,
no text at all) is refused as ``PlanFormatError("scanned")``: it would need text recognition.

Every reader only extracts cells; cleaning is shared (``normalize.clean_row``) so all formats agree.

Tab-text format (the seeds): a line starting with a tab opens a cell, a line without one continues the
current cell, blank lines separate rows but may also appear inside a cell or between the cells of a row.
Row ends are decided in ``_group_cells`` (see its docstring).
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath

from services.plan_import.models import PlanFormatError
from services.plan_import.normalize import Row, Table, clean_row, clean_text

MAX_BYTES = 20 * 1024 * 1024
MAX_XLS_COLUMNS = 256  # an .xls sheet has no more
_OFFICE_EXTENSIONS = frozenset({".doc", ".docx", ".xls", ".xlsx", ".xlsm", ".rtf", ".odt", ".ods"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an OLE compound file: .doc, .xls, or an encrypted DOCX/XLSX

_BINARY_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"RIFF": "RIFF media",
    b"Rar!": "RAR archive",
    b"\x1f\x8b": "gzip archive",
    b"7z\xbc\xaf": "7z archive",
}
_NUMBER_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3})*[.)]?$")
_NUMBER_HEADER_RE = re.compile(r"^(?:№|n|no|номер)(?:\W|$)|п\s*/\s*п", re.I)


@dataclass(slots=True)
class RawDocument:
    kind: str  # "text" | "docx" | "xlsx" | "csv" | "pdf" | "doc" | "xls" | "odt" | "ods" | "rtf"
    leading_text: str  # the text before the first table (title, intro); empty for spreadsheets
    tables: list[Table] = field(default_factory=list)
    first_table_only: bool = False  # only the first table with a plan header is used
    quiet: bool = False  # tables without a plan header are not reported (the sheets of a workbook)


def is_number_like(text: str) -> bool:
    """«1.», «12», «2.3», «4)» — the content of a «№» cell."""
    return bool(_NUMBER_RE.match(text.strip()))


def read_document(data: bytes, filename: str) -> RawDocument:
    """Detect the format from the content (magic bytes) and the extension, and read it."""
    if not data:
        raise PlanFormatError("empty")
    if len(data) > MAX_BYTES:
        raise PlanFormatError("too_large", f"{len(data)} bytes")
    try:
        kind = detect_kind(data, filename)
    except PlanFormatError:
        raise
    except Exception as exc:  # a container library failing on a damaged file while it is being recognized
        raise PlanFormatError("corrupt", f"unreadable container: {type(exc).__name__}") from exc
    reader = {
        "docx": read_docx,
        "xlsx": read_xlsx,
        "csv": read_csv,
        "text": read_text,
        "pdf": read_pdf,
        "doc": read_doc,
        "xls": read_xls,
        "odt": read_odt,
        "ods": read_ods,
        "rtf": read_rtf,
    }[kind]
    try:
        return reader(data)
    except PlanFormatError:
        raise
    except Exception as exc:  # any library failure on a damaged file is reported as "corrupt"
        raise PlanFormatError("corrupt", f"{kind}: {type(exc).__name__}") from exc


def detect_kind(data: bytes, filename: str) -> str:
    ext = PurePath(filename or "").suffix.lower()
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        return _ole_kind(data)
    if data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise PlanFormatError("unsupported_type", what)
    if ext in _OFFICE_EXTENSIONS and _is_web_page(data):
        raise PlanFormatError("web_page", f"a web page (HTML/XML) saved with the name {ext}")
    if ext in {".docx", ".xlsx", ".xlsm", ".pdf", ".odt", ".ods"}:
        raise PlanFormatError("corrupt", f"{ext} file is not a zip package")
    if ext in {".doc", ".xls"}:
        raise PlanFormatError("corrupt", f"{ext} file is not an OLE compound file")
    if ext == ".rtf":
        raise PlanFormatError("corrupt", ".rtf file does not start with {\\rtf")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's «Unicode text» and Notepad's «Unicode»: UTF-16
        return "csv" if ext == ".csv" else _text_or_csv(data)
    if b"\x00" in data[:4096]:
        raise PlanFormatError("unsupported_type", "binary file")
    if ext in {".csv", ".tsv"}:
        return "csv"
    if ext in {".txt", ".text"}:
        return "text"
    if not ext:
        return _text_or_csv(data)
    raise PlanFormatError("unsupported_type", ext)


def _is_web_page(data: bytes) -> bool:
    """HTML or XML (Word/Excel «save as web page» or XML 2003, an export of a site) given an office file's name."""
    head = data[:512]
    if head.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<")):  # UTF-16, as Excel saves a web page
        return True
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") or head.startswith(b"mime-version:")


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
        raise PlanFormatError("corrupt", "broken zip package") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if kind := _odf_kind(data):
        return kind
    raise PlanFormatError("unsupported_type", "zip archive that is neither DOCX, XLSX, ODT nor ODS")


def _odf_kind(data: bytes) -> str | None:
    from services.plan_import.odf import odf_kind

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return odf_kind(package)
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
        raise PlanFormatError("corrupt", "broken zip package") from exc


def _ole_kind(data: bytes) -> str:
    """An OLE compound file: a Word 97-2003 document has a WordDocument stream, an Excel 97-2003 workbook a
    Workbook (Book in Excel 5/95) stream; a password-protected DOCX/XLSX is a compound file too."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {
                "/".join(entry).lower() for entry in ole.listdir()
            }  # some writers spell them in lower case
    except (OSError, ValueError) as exc:  # olefile raises OSError subclasses on a damaged file
        raise PlanFormatError("corrupt", "broken compound file") from exc
    if "worddocument" in streams:
        return "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "encryptedpackage" in streams:
        raise PlanFormatError("encrypted", "password-protected DOCX/XLSX")
    raise PlanFormatError("unsupported_type", "compound file that is neither .doc nor .xls")


def _text_or_csv(data: bytes) -> str:
    text = decode_text(data)
    return "csv" if sniff_delimiter(text) and not _looks_like_tab_text(text) else "text"


def _looks_like_tab_text(text: str) -> bool:
    return any(line.startswith("\t") for line in text.splitlines())


def decode_text(data: bytes) -> str:
    """UTF-16 with its BOM, UTF-8 (with or without BOM), else cp1251."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


# --- tab text ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cell:
    blank_before: int  # blank lines between the previous cell's last line and this cell's tab line
    parts: list[tuple[int, str]]  # (blank lines before, line) — the first part is the tab line itself

    def text(self, upto: int | None = None) -> str:
        lines: list[str] = []
        for blanks, line in self.parts[:upto]:
            lines.extend([""] * min(blanks, 1))
            lines.append(line)
        return "\n".join(lines)

    def first_blank_part(self, at_least: int = 1) -> int | None:
        return next((i for i, (blanks, _) in enumerate(self.parts) if i and blanks >= at_least), None)


def read_text(data: bytes) -> RawDocument:
    text = decode_text(data)
    if _is_tab_separated(text):
        # a Word table pasted into a plain-text editor: one row a line, cells between tabs; lines without
        # a tab (the title above, a section heading inside) are one-cell rows, as in a CSV from Excel
        rows = [clean_row(line.split("\t")) for line in text.splitlines()]
        return RawDocument("text", "", [[row for row in rows if row]], first_table_only=True)
    leading, cells = _lex_cells(text.splitlines())
    return RawDocument("text", clean_text("\n".join(leading)), _group_cells(cells))


def _is_tab_separated(text: str) -> bool:
    """Most lines holding a tab do not open with one (in the cell-per-line copy every cell's line does; in a
    row-per-line copy only a row whose first cell is empty, such as a header with a blank «№» cell) or most
    hold two tabs or more (a table whose first column is empty throughout), and at least two lines hold tabs
    between cells in the same number."""
    lines = [line for line in text.splitlines() if line.strip()]
    tabbed = [line for line in lines if "\t" in line]
    several = sum(line.count("\t") >= 2 for line in tabbed)  # a line of several cells: a row, not one cell
    if 2 * sum(line.startswith("\t") for line in tabbed) > len(tabbed) and 2 * several <= len(tabbed):
        return False
    widths = [line.count("\t") for line in tabbed]
    return max((widths.count(width) for width in set(widths)), default=0) >= 2


def _lex_cells(lines: list[str]) -> tuple[list[str], list[_Cell]]:
    leading: list[str] = []
    cells: list[_Cell] = []
    blanks = 0
    for line in lines:
        if line.startswith("\t"):
            cells.append(_Cell(blanks, [(0, line[1:].replace("\t", " "))]))
            blanks = 0
        elif not line.strip():
            blanks += 1
        elif not cells:
            leading.extend([""] * min(blanks, 1))
            leading.append(line)
            blanks = 0
        else:
            cells[-1].parts.append((blanks, line.replace("\t", " ")))
            blanks = 0
    return leading, cells


def _group_cells(cells: list[_Cell]) -> list[Table]:
    """Group cells into rows and tables.

    The first row of a table (cells up to the first blank line) is its header and fixes the width W.
    For every next cell, with the current row holding k cells:

    * k == W: the row is complete, the cell opens a new row;
    * no blank line before the cell: it belongs to the current row;
    * a blank line before it and k == 1 with a non-numeric cell: the current row was a one-cell heading;
    * a blank line before it, k >= 2, the row starts with a number and the cell is a number: the current
      row was short, the cell opens the next numbered row;
    * otherwise the blank line was inside the row (Word often leaves one after a long cell).

    Plain text after a blank line that follows a complete row ends the table (a signature, a footnote).
    """
    tables: list[Table] = []
    rows: list[list[str]] = []
    row: list[str] = []
    width: int | None = None

    def close_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
        row = []

    def close_table() -> None:
        nonlocal rows, width
        close_row()
        if rows:
            tables.append([clean_row(r) for r in rows])
        rows, width = [], None

    for number, cell in enumerate(cells):
        text = cell.text()
        if row and _opens_new_row(row, width, cell.blank_before, text):
            if width is None:
                width = len(row)
                if (
                    is_number_like(text)
                    and row[0].strip()
                    and not is_number_like(row[0])
                    and not _NUMBER_HEADER_RE.search(row[0].strip())
                ):
                    row.insert(0, "")  # the header's empty «№» cell was lost in the copy
                    width += 1
            close_row()
        # text after the table (a signature) follows the last cell after a blank line; inside the table a
        # single blank line may separate the paragraphs of a cell, so there it takes two
        cut = cell.first_blank_part(1 if number == len(cells) - 1 else 2)
        if width is not None and len(row) + 1 == width and cut is not None:
            row.append(cell.text(cut))
            close_table()
            continue
        row.append(text)
    close_table()
    return tables


def _opens_new_row(row: list[str], width: int | None, blank_before: int, text: str) -> bool:
    if width is None:
        return blank_before > 0
    if len(row) >= width:
        return True
    if not blank_before:
        return False
    if len(row) == 1:
        return not is_number_like(row[0])
    return is_number_like(row[0]) and is_number_like(text)


# --- docx -----------------------------------------------------------------------------------------------
#
# The body is walked as XML (python-docx opens the package; ``Document.element`` is its public root), because
# what people's Word files hold is more than python-docx's paragraph and table objects show: content
# controls (w:sdt) around paragraphs, rows, cells or whole tables; tracked insertions (w:ins) and deletions
# (w:del); tables nested in a layout table's cell; text boxes; list numbering in the «№» column.

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# containers whose children stand where the container stands (block, row, cell or run level)
_DOCX_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag", _W + "ins", _W + "moveTo"}
# what is never shown as text: deleted or moved-away text, field codes, properties, the fallback copy of a
# drawing (its text box is read from the drawing itself)
_DOCX_SKIP = {
    _W + "del",
    _W + "moveFrom",
    _W + "delText",
    _W + "instrText",
    _W + "pPr",
    _W + "rPr",
    _W + "tcPr",
    _W + "trPr",
    _W + "tblPr",
    _W + "sdtPr",
    _W + "sdtEndPr",
    _MC_FALLBACK,
}


@dataclass(slots=True)
class _DocxState:
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)  # (numId, level) → last number shown


def read_docx(data: bytes) -> RawDocument:
    import docx  # local import: the text path must not pay for python-docx

    document = docx.Document(io.BytesIO(data))
    body = document.element.find(_W + "body")
    leading: list[str] = []
    blocks: list[str | list[list[str]]] = []  # what follows the first table: paragraphs and tables in order
    for kind, value in _docx_blocks(body, _DocxState()):
        if kind == "paragraph" and not blocks:
            leading.append(value)
        else:
            blocks.append(value)
    return _from_blocks("docx", "\n".join(leading), blocks)


def _continues_table(previous: Table, rows: Table) -> bool:
    """A table right after another one (nothing but empty paragraphs between) of the same width is the same
    table cut in two (a page break, a change of column widths): it goes on if it repeats a header row of the
    first part, or opens with a numbered row or a one-cell (section) row."""
    width = max(map(len, previous), default=0)
    if width < 3 or max(map(len, rows), default=0) != width or not rows[0]:
        return False
    first = rows[0]
    return first in previous[:5] or is_number_like(first[0]) or len(first) == 1


def _docx_children(element):
    """The children of ``element``, with content controls and other wrappers opened."""
    for child in element:
        if child.tag in _DOCX_WRAPPERS:
            yield from _docx_children(child)
        elif child.tag not in _DOCX_SKIP:
            yield child


def _docx_blocks(container, state: _DocxState):
    """("paragraph", text) and ("table", rows of cell texts) in reading order. A table that holds tables in
    its cells is a layout table: its cells' paragraphs and its inner tables are read as blocks of their own."""
    for child in _docx_children(container):
        if child.tag == _W + "p":
            yield "paragraph", _docx_paragraph_text(child, state)
        elif child.tag == _W + "tbl":
            if not _has_nested_table(child) or not _is_layout_table(child):
                yield "table", _docx_table_rows(child, state)  # a small table in a plan's cell: lines of it
                continue
            for row in _docx_rows(child):
                for cell in _docx_cells(row):
                    yield from _docx_blocks(cell, state)


def _is_layout_table(tbl) -> bool:
    """A table that lays out the page (one or two rows, or one or two columns) rather than a plan with a small
    table in one of its cells."""
    rows = list(_docx_rows(tbl))
    return len(rows) <= 2 or max((len(list(_docx_cells(row))) for row in rows), default=0) <= 2


def _has_nested_table(tbl) -> bool:
    return any(
        inner.tag == _W + "tbl"
        for row in _docx_rows(tbl)
        for cell in _docx_cells(row)
        for inner in _docx_children(cell)
    )


def _docx_rows(tbl):
    return (child for child in _docx_children(tbl) if child.tag == _W + "tr")


def _docx_cells(tr):
    return (child for child in _docx_children(tr) if child.tag == _W + "tc")


def _docx_property(element, path: str) -> str | None:
    """The w:val of a property such as ``tcPr/gridSpan``; "" when the property is there without a value."""
    found = element.find("/".join(_W + part for part in path.split("/")))
    return None if found is None else found.get(_W + "val", "")


@dataclass(slots=True)
class _DocxCell:
    column: int  # first grid column
    span: int  # grid columns covered
    continued: bool  # the lower part of a vertical merge
    text: str


def _docx_number(value: str | None, default: int) -> int:
    """A whole-number property; a missing or malformed one (files from other editors) counts as ``default``."""
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _docx_table_rows(tbl, state: _DocxState) -> list[list[str]]:
    """One text per cell as the reader sees it: a horizontally merged cell once, a vertically merged cell
    repeated in every row it spans (its text is the top cell's). A header of two rows (a cell such as
    «Объём работы» over «план | факт», the other cells merged down) becomes one row as wide as the rows
    below it."""
    grid: list[list[_DocxCell]] = []
    tops: dict[int, str] = {}  # grid column → text of the cell that opens a vertical merge there
    for tr in _docx_rows(tbl):
        column = _docx_number(_docx_property(tr, "trPr/gridBefore"), 0)
        cells: list[_DocxCell] = []
        for tc in _docx_cells(tr):
            span = max(1, _docx_number(_docx_property(tc, "tcPr/gridSpan"), 1))
            if _docx_property(tc, "tcPr/hMerge") in {"", "continue"}:  # old-style horizontal merge
                column += span
                continue
            continued = _docx_property(tc, "tcPr/vMerge") in {"", "continue"}
            if continued:
                text = tops.get(column, "")
            else:
                text = tops[column] = "\n".join(_docx_cell_lines(tc, state))
            cells.append(_DocxCell(column, span, continued, text))
            column += span
        grid.append(cells)
    merged: list[list[_DocxCell]] = []
    for row in grid:  # a header of three rows joins twice
        joined = _docx_two_row_header(merged[-1], row) if merged else None
        if joined is not None:
            merged[-1] = [
                _DocxCell(c.column, c.span, False, text) for c, text in zip(row, joined, strict=True)
            ]
        else:
            merged.append(row)
    return _docx_aligned(merged)


def _docx_aligned(grid: list[list[_DocxCell]]) -> list[list[str]]:
    """Cells placed in the table's columns: a cell that spans columns the other rows split (a title over
    «Вид работы» and «Наименование», a total «Итого» over «№» and the title) holds its text in the first of
    them and leaves the others empty, so the cells after it stay under their header. The columns are the
    cell edges most rows share; a row whose cells do not fit them (column edges that wander from row to row)
    is kept as it is."""
    multi = [row for row in grid if len(row) > 1]
    edges = Counter(cell.column for row in multi for cell in row)
    columns = sorted(edge for edge, used in edges.items() if used * 2 > len(multi))
    rows: list[list[str]] = []
    for row in grid:
        places = [bisect.bisect_right(columns, cell.column) - 1 for cell in row]
        if len(row) < 2 or places[0] < 0 or any(b <= a for a, b in itertools.pairwise(places)):
            rows.append([cell.text for cell in row])
            continue
        cells = [""] * (places[-1] + 1)
        for place, cell in zip(places, row, strict=True):
            cells[place] = cell.text
        rows.append(cells)
    return rows


def _docx_two_row_header(upper: list[_DocxCell], lower: list[_DocxCell]) -> list[str] | None:
    """``lower`` splits a cell of ``upper`` that spans grid columns, and every other cell of ``lower`` is
    merged down from ``upper``: one header row, the split cells named «upper lower»."""
    if len(lower) <= len(upper) or not any(cell.continued for cell in lower):
        return None
    joined: list[str] = []
    for cell in lower:
        above = next((u for u in upper if u.column <= cell.column < u.column + u.span), None)
        if above is None:
            return None
        if cell.continued:
            if above.column != cell.column or above.span != cell.span:
                return None
            joined.append(above.text)
        elif above.span > cell.span and cell.text.strip():
            joined.append(f"{above.text} {cell.text}".strip())
        else:
            return None
    return joined


def _docx_cell_lines(tc, state: _DocxState):
    """A cell's paragraphs, and each row of a table inside it as one line of its cells' texts."""
    for child in _docx_children(tc):
        if child.tag == _W + "p":
            yield _docx_paragraph_text(child, state, in_cell=True)
        elif child.tag == _W + "tbl":
            for row in _docx_table_rows(child, state):
                yield " ".join(cell for cell in row if cell)


def _docx_paragraph_text(p, state: _DocxState, in_cell: bool = False) -> str:
    parts: list[str] = []
    _docx_text(p, parts)
    text = "".join(parts)
    numbering = p.find(_W + "pPr/" + _W + "numPr")
    key = (
        ("", "0")
        if numbering is None
        else (_docx_property(numbering, "numId") or "", _docx_property(numbering, "ilvl") or "0")
    )
    if key[0] in {"", "0"}:  # not in a list (numId 0 takes a style's numbering away)
        return text
    state.numbers[key] = state.numbers.get(key, 0) + 1  # every item of the list takes a number
    if in_cell and not text.strip():
        # the «№» cell numbered by Word's list numbering holds no text of its own: show the number Word shows
        text = f"{state.numbers[key]}."
    return text


def _docx_text(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _DOCX_SKIP:
            continue
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in {_W + "tab", _W + "ptab"}:
            parts.append("\t")
        elif tag in {_W + "br", _W + "cr"}:
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "r" and _docx_property(child, "rPr/vanish") not in {None, "0", "false"}:
            continue  # hidden text
        elif tag == _W + "p":  # a paragraph of a text box inside this one
            parts.append("\n")
            _docx_text(child, parts)
        elif tag == _W + "tbl":
            continue
        else:
            _docx_text(child, parts)


# --- xlsx -----------------------------------------------------------------------------------------------


def read_xlsx(data: bytes) -> RawDocument:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles/extensions of real-world files
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    try:
        # a hidden sheet (a list for drop-downs, last year's plan) is not part of what the coordinator sees
        sheets = [
            sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"
        ] or workbook.worksheets
        tables = [_sheet_rows(sheet) for sheet in sheets]
    finally:
        workbook.close()
    return RawDocument("xlsx", "", [t for t in tables if t], quiet=True)


def _sheet_rows(sheet) -> Table:
    from openpyxl.utils import get_column_letter

    grid = [[_cell_value(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:  # a merged area repeats its top-left value
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else ""
        for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                grid[r][c] = top
    # hidden rows and columns (struck-out events, helper columns) are left out, as Excel does on screen
    hidden_rows = {number for number, dimension in sheet.row_dimensions.items() if dimension.hidden}
    width = max(map(len, grid), default=0)
    shown = [c for c in range(width) if not sheet.column_dimensions[get_column_letter(c + 1)].hidden]
    rows = [
        [cells[c] for c in shown if c < len(cells)] for r, cells in enumerate(grid, 1) if r not in hidden_rows
    ]
    return [row for row in (clean_row(cells) for cells in rows) if row]


def _cell_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() != time(0, 0):
            return value.strftime("%d.%m.%Y %H:%M")
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- doc, odt: paragraphs and tables in document order ----------------------------------------------------


def read_doc(data: bytes) -> RawDocument:
    from services.plan_import.word97 import read_word97

    leading, blocks = read_word97(data)
    return _from_blocks("doc", leading, blocks)


def read_odt(data: bytes) -> RawDocument:
    from services.plan_import.odf import read_odt as odt_blocks

    leading, blocks = odt_blocks(data)
    return _from_blocks("odt", leading, blocks)


def read_rtf(data: bytes) -> RawDocument:
    from services.plan_import.rtf import read_rtf as rtf_blocks

    leading, blocks = rtf_blocks(data)
    return _from_blocks("rtf", leading, blocks)


def _from_blocks(kind: str, leading: str, blocks: list) -> RawDocument:
    """A document's paragraphs and tables in order (DOCX, DOC, ODT, RTF): the paragraphs before the first table
    are the leading text, those between two tables head the next one (one-cell rows), those after the last table
    are dropped; a table right after another that continues it (``_continues_table``) is joined to it."""
    tables: list[Table] = []
    between: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            between.append(clean_text(block))
            continue
        rows = [clean_row(row) for row in block]
        heading = [[line] for line in between if line]
        if tables and rows and not heading and _continues_table(tables[-1], rows):
            tables[-1].extend(rows[1:] if rows[0] in tables[-1][:5] else rows)
        else:
            tables.append(heading + rows if tables and rows else rows)
        between = []
    return RawDocument(kind, clean_text(leading), [t for t in tables if t])


# --- xls, ods -------------------------------------------------------------------------------------------


def read_xls(data: bytes) -> RawDocument:
    """Excel 97-2003 with xlrd: a merged area repeats its top-left value, dates read as dd.mm.yyyy (as
    ``read_xlsx``). The Workbook stream is taken out of the compound file by olefile and given to xlrd as it is:
    xlrd's own compound-file reader loops forever on a sector chain that a damaged file turns into a cycle."""
    import olefile
    import xlrd

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            stream = ole.openstream(name).read()
    except (OSError, ValueError) as exc:
        raise PlanFormatError("corrupt", "broken compound file") from exc
    try:
        book = xlrd.open_workbook(
            file_contents=stream,
            formatting_info=True,
            logfile=io.StringIO(),
            on_demand=True,
            ragged_rows=True,
        )
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise PlanFormatError("encrypted", "password-protected Excel workbook") from exc
        raise PlanFormatError("corrupt", f"xls: {exc}") from exc
    try:
        tables = [_xls_rows(book, book.sheet_by_index(at)) for at in range(book.nsheets)]
    finally:
        book.release_resources()
    return RawDocument("xls", "", [t for t in tables if t], quiet=True)


def _xls_rows(book, sheet) -> Table:
    """The sheet's rows as texts. Rows are read ragged (as long as their last cell record) and trailing empty
    cells are dropped before anything else: a sheet formatted down to row 65536 is not 16 million cells."""
    import xlrd

    empty = {xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK}
    grid: list[list[str]] = []
    for r in range(sheet.nrows):
        types, values = sheet.row_types(r), sheet.row_values(r)
        end = len(types)
        while end and types[end - 1] in empty:
            end -= 1
        row = []
        for kind, value in zip(types[:end], values[:end], strict=True):
            if kind == xlrd.XL_CELL_DATE:
                try:
                    row.append(_cell_value(xlrd.xldate_as_datetime(value, book.datemode)))
                except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                    row.append(str(value))
            elif kind == xlrd.XL_CELL_BOOLEAN:
                row.append(str(bool(value)))
            elif kind in empty:
                row.append("")
            else:
                row.append(_cell_value(value))
        grid.append(row)
    for top, bottom, left, right in sheet.merged_cells:  # a merged area repeats its top-left value
        if top >= len(grid) or left >= len(grid[top]) or not grid[top][left]:
            continue
        value = grid[top][left]
        for r in range(top, min(bottom, len(grid))):
            grid[r].extend([""] * (min(right, MAX_XLS_COLUMNS) - len(grid[r])))
            for c in range(left, min(right, len(grid[r]))):
                grid[r][c] = value
    return [row for row in (clean_row(cells) for cells in grid) if row]


def read_ods(data: bytes) -> RawDocument:
    from services.plan_import.odf import read_ods as ods_sheets

    tables = [[row for row in (clean_row(cells) for cells in sheet) if row] for sheet in ods_sheets(data)]
    return RawDocument("ods", "", [t for t in tables if t], quiet=True)


# --- pdf ------------------------------------------------------------------------------------------------


def read_pdf(data: bytes) -> RawDocument:
    import pdfplumber  # local import: only PDF files pay for it

    leading: list[str] = []
    tables: list[Table] = []
    between: list[str] = []
    has_text = False
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            has_text = has_text or bool(page.chars)
            top = 0.0
            for found in sorted(page.find_tables(), key=lambda table: table.bbox[1]):
                above = _pdf_text(page, top, found.bbox[1])
                (leading if not tables else between).extend(above)
                rows = [clean_row(cell or "" for cell in row) for row in found.extract()]
                heading = [[line] for line in between if line]
                tables.append(heading + rows if tables and rows else rows)
                between = []
                top = found.bbox[3]
            rest = _pdf_text(page, top, page.height)
            (leading if not tables else between).extend(rest)
    if not has_text:
        raise PlanFormatError("scanned", "PDF without a text layer")
    if not any(tables):  # no lines drawn around the cells: columns from where the words stand
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            leading, tables = _pdf_unruled_tables(pdf)
    return RawDocument("pdf", clean_text("\n".join(leading)), [t for t in tables if t])


_PDF_TEXT_COLUMNS = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def _cuts_words(page, found, top: float) -> bool:
    """Columns guessed from the gaps between words that cut a word in two («мероп|риятий»: cells of several
    lines, centred) cannot be trusted: better no table than rows of word halves."""
    edges = {round(cell[0], 1) for cell in found.cells if cell[1] >= top - 1} - {round(found.bbox[0], 1)}
    for word in page.extract_words():
        if word["top"] >= top - 1 and any(word["x0"] + 1 < edge < word["x1"] - 1 for edge in edges):
            return True
    return False


def _pdf_unruled_tables(pdf) -> tuple[list[str], list[Table]]:
    """A table typed without borders: pdfplumber finds its columns from the gaps between words, one row a
    line. The lines above the first line of three cells or more are the text above the table (read as text,
    so a title is not cut at the column edges); a line whose «№» cell is empty goes on the row above it (a
    cell of several lines), where the first column holds the row numbers."""
    leading: list[str] = []
    tables: list[Table] = []
    for page in pdf.pages:
        for found in page.find_tables(_PDF_TEXT_COLUMNS):
            rows = [
                (row.bbox, clean_row(cell or "" for cell in cells))
                for row, cells in zip(found.rows, found.extract(), strict=False)
            ]
            rows = [(bbox, cells) for bbox, cells in rows if any(cells)]
            start = next((at for at, (_, cells) in enumerate(rows) if sum(1 for c in cells if c) >= 3), None)
            if start is None or _cuts_words(page, found, rows[start][0][1]):
                continue
            if not tables:
                leading.extend(_pdf_text(page, 0, rows[start][0][1] - 2))
            body = [cells for _, cells in rows[start:]]
            firsts = [cells[0] for cells in body[1:] if cells and cells[0]]
            numbered = len(firsts) >= 2 and sum(map(is_number_like, firsts)) * 5 >= len(firsts) * 4
            table: Table = []
            for cells in body:
                if table and numbered and (not cells or not cells[0]) and len(table) > 1:
                    previous = table[-1] + [""] * max(0, len(cells) - len(table[-1]))
                    table[-1] = [
                        "\n".join(part for part in (old, new) if part)
                        for old, new in zip(
                            previous, cells + [""] * (len(previous) - len(cells)), strict=True
                        )
                    ]
                else:
                    table.append(cells)
            tables.append(table)
    return leading, tables


def _pdf_text(page, top: float, bottom: float) -> list[str]:
    if bottom - top < 1:
        return []
    text = page.crop((0, top, page.width, bottom)).extract_text() or ""
    return [clean_text(line) for line in text.split("\n") if line.strip()]


# --- csv ------------------------------------------------------------------------------------------------


def read_csv(data: bytes) -> RawDocument:
    text = decode_text(data)
    delimiter = sniff_delimiter(text) or ","
    rows = [clean_row(cells) for cells in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return RawDocument("csv", "", [[row for row in rows if row]], first_table_only=True)


def sniff_delimiter(text: str) -> str | None:
    """The delimiter among «;», tab, «,» that gives the most records of one width (two cells or more), read
    as CSV: quoted cells with line breaks or delimiters inside count once, and title lines above the header
    (one cell each) do not count."""
    sample = "\n".join(text.splitlines()[:400])
    # Excel quotes a cell holding a line break or a quote: the mark that stands next to the quotes most is it
    quoted = sorted(
        (
            (len(re.findall(rf'(?<!")"{re.escape(d)}|{re.escape(d)}"(?!")', sample)), d)
            for d in (";", "\t", ",")
        ),
        reverse=True,
    )
    if quoted[0][0] >= 2 and quoted[0][0] >= 2 * quoted[1][0]:
        return quoted[0][1]
    best, best_rows = None, 0
    for delimiter in (";", "\t", ","):
        try:
            widths = [
                len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if len(row) > 1
            ]
        except csv.Error:
            continue
        rows = max((widths.count(width) for width in set(widths)), default=0)
        if rows > best_rows:
            best, best_rows = delimiter, rows
    return best


__all__ = [
    "RawDocument",
    "Row",
    "Table",
    "decode_text",
    "detect_kind",
    "is_number_like",
    "read_document",
    "sniff_delimiter",
]
