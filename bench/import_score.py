"""Score plan import against hand labels: real public plans (tests/plan_import/corpus) and the seeds.

For every labelled row: was it found (an event whose title starts with the label's title), are its dates right
(start, end and the list of dates equal the label; a row labelled «unknown» is right only with no dates at all),
is its precision right. CSV plans are also turned into a Word document (a new table where the source repeats
its header, one-cell rows between tables as paragraphs), an Excel workbook and a PDF with a text layer, and
scored in those formats too. Old Word/Excel, OpenDocument and RTF copies of two corpus plans are scored from the
committed fixtures (tests/plan_import/fixtures, made once with LibreOffice): the bench converts nothing itself.

Run: ``python bench/import_score.py`` from the repository root (``--json`` prints the totals as JSON;
``--show-held-out`` also lists what went wrong on the held-out plans).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.plan_import import PlanFormatError, parse_plan, to_json_dict  # noqa: E402

CORPUS = ROOT / "tests" / "plan_import" / "corpus"
SEED_LABELS = ROOT / "tests" / "plan_import" / "seed_labels"
SEEDS = ROOT / "seeds" / "plans"
FIXTURES = ROOT / "tests" / "plan_import" / "fixtures"
# fixture name → the corpus plan it was made from (tests/plan_import/fixtures/README.md)
LEGACY_FIXTURES = {
    "irkutsk_2010": "irkutsk_year_of_teacher_2010",
    "school63_2013": "school63_victory_day_2013",
}
LEGACY_FORMATS = ("doc", "xls", "odt", "ods", "rtf")
_KEY_RE = re.compile(r"[\W_]+")


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    dates_labelled: int = 0
    dates_right: int = 0
    precision_right: int = 0
    extra: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.found += other.found
        self.dates_labelled += other.dates_labelled
        self.dates_right += other.dates_right
        self.precision_right += other.precision_right
        self.extra += other.extra

    @property
    def dates_share(self) -> float:
        return self.dates_right / self.dates_labelled if self.dates_labelled else 1.0

    def line(self) -> str:
        return (
            f"rows {self.found:>3}/{self.expected:<3} dates {self.dates_right:>3}/{self.dates_labelled:<3} "
            f"({self.dates_share:.2f})  precision {self.precision_right:>3}/{self.expected:<3} extra {self.extra}"
        )

    def as_dict(self) -> dict:
        return {
            "expected": self.expected,
            "found": self.found,
            "dates_labelled": self.dates_labelled,
            "dates_right": self.dates_right,
            "precision_right": self.precision_right,
            "extra": self.extra,
        }


def key(text: str | None) -> str:
    return _KEY_RE.sub(" ", (text or "").lower().replace("ё", "е")).strip()


def score(data: bytes, filename: str, label: dict) -> Score:
    result = Score(expected=len(label["events"]))
    result.dates_labelled = result.expected
    try:
        events = to_json_dict(parse_plan(data, filename))["events"]
    except PlanFormatError as exc:
        result.failures.append(f"refused: {exc.code}")
        return result
    used: set[int] = set()
    for wanted in label["events"]:
        prefix = key(wanted["title"])
        at = next(
            (i for i, e in enumerate(events) if i not in used and key(e["title"]).startswith(prefix)), None
        )
        if at is None:
            result.failures.append(f"not found: {wanted['title']}")
            continue
        used.add(at)
        got = events[at]
        result.found += 1
        same_dates = (got["starts_on"], got["ends_on"]) == (wanted["starts_on"], wanted["ends_on"])
        if same_dates and (not wanted.get("dates") or got["dates"] == wanted["dates"]):
            result.dates_right += 1
        else:
            result.failures.append(
                f"dates: {wanted['title'][:40]} «{got['when_text'][:40]}» -> "
                f"{got['starts_on']}..{got['ends_on']} (want {wanted['starts_on']}..{wanted['ends_on']})"
            )
        if got["precision"] == wanted["precision"]:
            result.precision_right += 1
    result.extra = len(events) - len(used)
    return result


# --- the same plan as Word and Excel ----------------------------------------------------------------------


def csv_rows(data: bytes) -> list[list[str]]:
    """The CSV's records, split by the delimiter the importer finds in it."""
    from services.plan_import.readers import sniff_delimiter

    text = data.decode("utf-8-sig") if _is_utf8(data) else data.decode("cp1251")
    return list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text) or ";"))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _split(rows: list[list[str]]) -> tuple[list[str], list[tuple[list[str], list[list[str]]]]]:
    """Leading lines, then (paragraphs before, table rows) for each table: a repeated header row starts a new
    table, and the one-cell rows right before it become paragraphs between the tables."""
    cells = [[c for c in row] for row in rows if any(c.strip() for c in row)]
    header_at = next(i for i, row in enumerate(cells) if sum(1 for c in row if c.strip()) >= 2)
    header = cells[header_at]
    leading = [row[0] for row in cells[:header_at]]
    tables: list[tuple[list[str], list[list[str]]]] = [([], [header])]
    pending: list[list[str]] = []
    for row in cells[header_at + 1 :]:
        if row == header:
            tables[-1] = (tables[-1][0], tables[-1][1][: len(tables[-1][1]) - len(pending)])
            tables.append(([r[0] for r in pending], [header]))
            pending = []
            continue
        tables[-1][1].append(row)
        pending = [*pending, row] if len([c for c in row if c.strip()]) == 1 else []
    return leading, tables


def to_docx(rows: list[list[str]]) -> bytes:
    import docx

    leading, tables = _split(rows)
    document = docx.Document()
    for line in leading:
        document.add_paragraph(line)
    for paragraphs, table_rows in tables:
        for line in paragraphs:
            document.add_paragraph(line)
        width = len(table_rows[0])
        table = document.add_table(rows=0, cols=width)
        for row in table_rows:
            cells = table.add_row().cells
            if len([c for c in row if c.strip()]) == 1 and width > 1 and row[0].strip():
                merged = cells[0].merge(cells[width - 1])
                merged.text = row[0]
                continue
            for cell, text in zip(cells, row, strict=False):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(rows: list[list[str]]) -> bytes:
    """The plan as a PDF with a text layer, as Word's «Save as PDF» gives it: the leading lines, then each
    table (its one-cell rows spanning the table), the paragraphs between tables above the next one."""
    from pathlib import Path as _Path

    import matplotlib
    from fpdf import FPDF

    font = _Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    leading, tables = _split(rows)
    document = FPDF()
    document.add_font("DejaVu", fname=str(font))
    document.set_font("DejaVu", size=9)
    document.add_page()
    for line in leading:
        document.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    for paragraphs, table_rows in tables:
        for line in paragraphs:
            document.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        width = len(table_rows[0])
        with document.table(
            first_row_as_headings=False, col_widths=_autofit(document, table_rows, width)
        ) as table:
            for row in table_rows:
                cells = table.row()
                if len([c for c in row if c.strip()]) == 1 and width > 1 and row[0].strip():
                    cells.cell(row[0], colspan=width)
                    continue
                for text in [*row, *[""] * (width - len(row))][:width]:
                    cells.cell(text)
        document.ln(4)
    return bytes(document.output())


def _autofit(document, table_rows: list[list[str]], width: int) -> tuple[float, ...]:
    """Column widths the way Word's «autofit to contents» sets them: no column narrower than its longest word
    (Word does not break a word without a hyphen), the rest of the page shared by the length of the text."""
    cells = [[row[at] for row in table_rows if at < len(row) and len(row) > 1] for at in range(width)]
    least = [
        max((document.get_string_width(word) for cell in column for word in cell.split()), default=4) + 4
        for column in cells
    ]
    wanted = [min(max((len(cell) for cell in column), default=1), 60) for column in cells]
    spare = max(document.epw - sum(least), 0)
    return tuple(low + spare * want / sum(wanted) for low, want in zip(least, wanted, strict=True))


def to_xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- documents ------------------------------------------------------------------------------------------------


def corpus_documents() -> list[tuple[str, bool, list[tuple[str, str, bytes]], dict]]:
    """(name, held out, [(format, filename, bytes)], label) for every labelled corpus plan."""
    found = []
    for label_path in sorted(CORPUS.glob("*.json")):
        label = json.loads(label_path.read_text())
        source = CORPUS / label["source"]
        data = source.read_bytes()
        variants = [(source.suffix.lstrip("."), source.name, data)]
        if source.suffix == ".csv":
            rows = csv_rows(data)
            variants.append(("docx", source.with_suffix(".docx").name, to_docx(rows)))
            variants.append(("xlsx", source.with_suffix(".xlsx").name, to_xlsx(rows)))
            variants.append(("pdf", source.with_suffix(".pdf").name, to_pdf(rows)))
        found.append((source.name, bool(label.get("held_out")), variants, label))
    return found


def legacy_documents() -> list[tuple[str, bool, list[tuple[str, str, bytes]], dict]]:
    """(name, held out, [(format, filename, bytes)], label) for the committed legacy-format fixtures."""
    found = []
    for stem, plan in LEGACY_FIXTURES.items():
        label = json.loads((CORPUS / f"{plan}.json").read_text())
        variants = [
            (fmt, path.name, path.read_bytes())
            for fmt in LEGACY_FORMATS
            if (path := FIXTURES / f"{stem}.{fmt}").exists()
        ]
        found.append((label["source"], bool(label.get("held_out")), variants, label))
    return found


def seed_documents() -> list[tuple[str, list[tuple[str, str, bytes]], dict]]:
    found = []
    for label_path in sorted(SEED_LABELS.glob("*.json")):
        label = json.loads(label_path.read_text())
        source = SEEDS / label["source"]
        found.append((source.name, [("txt", source.name, source.read_bytes())], label))
    return found


def totals(verbose: bool = False, show_held_out: bool = False) -> dict[str, Score]:
    """Scores of the corpus (without the held-out plans), the held-out plans and the seeds. The held-out
    plans' failures are printed only with ``show_held_out``: they are a check, not something to tune on."""
    groups = {"corpus": Score(), "held_out": Score(), "seeds": Score(), "legacy": Score()}
    for name, held_out, variants, label in corpus_documents():
        for fmt, filename, data in variants:
            result = score(data, filename, label)
            groups["held_out" if held_out else "corpus"].add(result)
            if verbose:
                mark = " (held out)" if held_out else ""
                print(f"{name + mark:<52} {fmt:<4} {result.line()}")
                for failure in result.failures if show_held_out or not held_out else ():
                    print(f"      {failure}")
    for name, held_out, variants, label in legacy_documents():
        for fmt, filename, data in variants:
            result = score(data, filename, label)
            groups["legacy"].add(result)
            if verbose:
                mark = " (held out)" if held_out else ""
                print(f"{'legacy ' + name + mark:<52} {fmt:<4} {result.line()}")
                for failure in result.failures if show_held_out or not held_out else ():
                    print(f"      {failure}")
    for name, variants, label in seed_documents():
        for fmt, filename, data in variants:
            result = score(data, filename, label)
            groups["seeds"].add(result)
            if verbose:
                print(f"{'seed ' + name:<52} {fmt:<4} {result.line()}")
                for failure in result.failures:
                    print(f"      {failure}")
    return groups


def main() -> None:
    if "--json" in sys.argv:
        print(json.dumps({name: s.as_dict() for name, s in totals().items()}, indent=1))
        return
    groups = totals(verbose=True, show_held_out="--show-held-out" in sys.argv)
    print()
    for name, title in (
        ("corpus", "corpus"),
        ("held_out", "held out"),
        ("seeds", "seeds"),
        ("legacy", "legacy formats (fixtures)"),
    ):
        print(f"TOTAL {title:<46} {groups[name].line()}")


if __name__ == "__main__":
    main()
