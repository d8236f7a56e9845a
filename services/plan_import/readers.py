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

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
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
    return "csv" if _sniff_delimiter(text) and not _looks_like_tab_text(text) else "text"


def _looks_like_tab_text(text: str) -> bool:
    return any(line.startswith("\t") for line in text.splitlines())


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else cp1251."""
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
    row-per-line copy only a row whose first cell is empty, such as a header with a blank «№» cell), and at
    least two lines hold tabs between cells in the same number."""
    lines = [line for line in text.splitlines() if line.strip()]
    tabbed = [line for line in lines if "\t" in line]
    if 2 * sum(line.startswith("\t") for line in tabbed) > len(tabbed):
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


def read_docx(data: bytes) -> RawDocument:
    import docx  # local import: the text path must not pay for python-docx
    from docx.table import Table as DocxTable

    document = docx.Document(io.BytesIO(data))
    leading: list[str] = []
    between: list[str] = []  # paragraphs since the last table: they head the next one
    tables: list[Table] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            rows = [clean_row(_docx_row_cells(row)) for row in block.rows]
            heading = [[line] for line in between if line]
            tables.append(heading + rows if tables and rows else rows)
            between = []
        elif not tables:
            leading.append(block.text)
        else:
            between.append(clean_text(block.text))
    return RawDocument("docx", clean_text("\n".join(leading)), [t for t in tables if t])


def _docx_row_cells(row) -> list[str]:
    """A horizontally merged cell is returned once per grid column: keep it once."""
    cells: list[str] = []
    previous = None
    for cell in row.cells:
        if cell._tc is previous:
            continue
        previous = cell._tc
        cells.append(cell.text)
    return cells


# --- xlsx -----------------------------------------------------------------------------------------------


def read_xlsx(data: bytes) -> RawDocument:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles/extensions of real-world files
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    try:
        tables = [_sheet_rows(sheet) for sheet in workbook.worksheets]
    finally:
        workbook.close()
    return RawDocument("xlsx", "", [t for t in tables if t], quiet=True)


def _sheet_rows(sheet) -> Table:
    grid = [[_cell_value(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:  # a merged area repeats its top-left value
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else ""
        for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                grid[r][c] = top
    return [row for row in (clean_row(cells) for cells in grid) if row]


def _cell_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
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
    """As ``read_docx``: the paragraphs before the first table are the leading text, those between two tables
    head the next one (one-cell rows), those after the last table are dropped."""
    tables: list[Table] = []
    between: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            between.append(clean_text(block))
            continue
        rows = [clean_row(row) for row in block]
        heading = [[line] for line in between if line]
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
    return RawDocument("pdf", clean_text("\n".join(leading)), [t for t in tables if t])


def _pdf_text(page, top: float, bottom: float) -> list[str]:
    if bottom - top < 1:
        return []
    text = page.crop((0, top, page.width, bottom)).extract_text() or ""
    return [clean_text(line) for line in text.split("\n") if line.strip()]


# --- csv ------------------------------------------------------------------------------------------------


def read_csv(data: bytes) -> RawDocument:
    text = decode_text(data)
    delimiter = _sniff_delimiter(text) or ","
    rows = [clean_row(cells) for cells in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return RawDocument("csv", "", [[row for row in rows if row]], first_table_only=True)


def _sniff_delimiter(text: str) -> str | None:
    """The delimiter among «;», tab, «,» that gives the most records of one width (two cells or more), read
    as CSV: quoted cells with line breaks or delimiters inside count once, and title lines above the header
    (one cell each) do not count."""
    sample = "\n".join(text.splitlines()[:400])
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


__all__ = ["RawDocument", "Row", "Table", "decode_text", "detect_kind", "is_number_like", "read_document"]
