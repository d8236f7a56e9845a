"""Old Word/Excel (.doc/.xls) and OpenDocument (.odt/.ods) plans read like the DOCX/XLSX they were saved from.

The fixtures are LibreOffice's conversions of our own DOCX/XLSX files (see fixtures/README.md); the tests only
read them, so they run without LibreOffice.
"""

from __future__ import annotations

import random
import shutil
import struct
from pathlib import Path

import olefile
import pytest

from services.plan_import import PlanFormatError, parse_plan, to_json_dict
from services.plan_import.readers import detect_kind, read_document
from services.plan_import.word97 import _piece_table

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCUMENTS = ("features", "irkutsk_2010", "school63_2013")
PAIRS = [(name, ext, "docx") for name in DOCUMENTS for ext in ("doc", "odt", "rtf")] + [
    (name, ext, "xlsx") for name in DOCUMENTS for ext in ("xls", "ods")
]


def items(data: bytes, filename: str) -> list[tuple]:
    events = to_json_dict(parse_plan(data, filename))["events"]
    return [(e["title"], e["starts_on"], e["ends_on"], e["dates"], e["precision"]) for e in events]


@pytest.mark.parametrize(("name", "ext", "original"), PAIRS)
def test_legacy_file_gives_the_items_of_its_original(name: str, ext: str, original: str) -> None:
    want = items((FIXTURES / f"{name}.{original}").read_bytes(), f"{name}.{original}")
    got = items((FIXTURES / f"{name}.{ext}").read_bytes(), f"{name}.{ext}")
    assert want, name
    assert got == want


@pytest.mark.parametrize("ext", ["doc", "odt", "rtf"])
def test_document_tables_keep_empty_cells_rows_and_paragraphs(ext: str) -> None:
    document = read_document((FIXTURES / f"features.{ext}").read_bytes(), f"features.{ext}")
    original = read_document((FIXTURES / "features.docx").read_bytes(), "features.docx")
    assert document.leading_text == original.leading_text
    first, second = document.tables
    assert first[:6] == [
        ["№", "Мероприятие", "Сроки", "Ответственный"],
        ["1.", "Семинар для педагогов «Инклюзия в школе»", "12.09.2024", "Иванова А.А."],
        ["Работа с родителями"],  # a merged row, kept once
        ["2.", "Консультация для родителей", "", "Петрова Б.Б."],  # the empty cell stays in its column
        [],  # the empty row is a row of its own, not the end of the row before
        ["3.", "Родительский клуб «Вместе»\nвторая встреча сезона", "октябрь 2024"],  # two paragraphs
    ]
    # the field keeps its result, not its code
    assert first[6][:3] == ["4.", "Мастер-класс по сенсорной интеграции", "15.11.2024"]
    assert "PAGE" not in first[6][3] and first[6][3].startswith("Сидоров В.В. стр.")
    # the title paragraph between the tables heads the second one, as in the DOCX
    assert second[:3] == original.tables[1][:3]
    assert second[0] == ["Раздел 2. Мероприятия для детей"]
    # a table nested in a cell: its rows become lines of that cell, the outer rows go on
    assert second[3] == [
        "6.",
        "Конкурс рисунков",
        "",
        "Иванова А.А.\n1 этап Петрова Б.Б.\n2 этап Сидоров В.В.",
    ]
    assert second[4] == ["7.", "Выставка работ", "20.05.2025"]
    assert len(second) == 5


def test_doc_row_properties_kept_in_the_data_stream() -> None:
    """A row of 60 cells: Word 97 keeps its row end flag in the Data stream (sprmPHugePapx)."""
    document = read_document((FIXTURES / "wide.doc").read_bytes(), "wide.doc")
    original = read_document((FIXTURES / "wide.docx").read_bytes(), "wide.docx")
    assert document.tables == original.tables
    assert [row[:3] for row in document.tables[0]] == [
        ["№", "Мероприятие", "Сроки"],
        ["1.", "Семинар", "12.03.2025"],
        ["2.", "Конференция", "апрель 2025"],
    ]


@pytest.mark.parametrize("ext", ["doc", "odt", "rtf"])
def test_merged_cells_read_as_in_the_docx(ext: str) -> None:
    """A cell merged down three rows repeats its text in each (as python-docx gives it); a cell merged across
    two columns is one cell."""
    document = read_document((FIXTURES / f"merges.{ext}").read_bytes(), f"merges.{ext}")
    original = read_document((FIXTURES / "merges.docx").read_bytes(), "merges.docx")
    assert document.tables == original.tables
    assert [row[3:] for row in document.tables[0][1:4]] == [["Иванова А.А."]] * 3
    assert document.tables[0][4] == ["4.", "Праздник", "01.06.2025, Петрова Б.Б."]


@pytest.mark.parametrize("ext", ["xls", "ods"])
def test_workbook_merges_and_dates_as_xlsx(ext: str) -> None:
    document = read_document((FIXTURES / f"features.{ext}").read_bytes(), f"features.{ext}")
    original = read_document((FIXTURES / "features.xlsx").read_bytes(), "features.xlsx")
    assert document.tables == original.tables
    rows = document.tables[0]
    assert ["1", "Семинар для педагогов «Инклюзия в школе»", "12.09.2024", "Иванова А.А."] in rows
    assert rows[-1] == ["5", "Неделя инклюзии", "02.12.2024", "Сидоров В.В."]  # a vertical merge repeats


@pytest.mark.parametrize(
    ("fixture", "filename", "kind"),
    [
        ("features.doc", "plan.xls", "doc"),  # the content decides, not the extension
        ("features.xls", "plan.doc", "xls"),
        ("features.doc", "plan", "doc"),
        ("features.odt", "plan.ods", "odt"),
        ("features.ods", "plan.zip", "ods"),
        ("features.rtf", "plan.doc", "rtf"),  # an RTF saved with a .doc name, as some sites publish them
    ],
)
def test_kind_is_detected_from_the_content(fixture: str, filename: str, kind: str) -> None:
    assert detect_kind((FIXTURES / fixture).read_bytes(), filename) == kind


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "plan.xls"),
        (b'\xef\xbb\xbf<?xml version="1.0"?><w:wordDocument/>', "plan.doc"),
        ("<html></html>".encode("utf-16"), "plan.xls"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "plan.doc"),
    ],
)
def test_web_page_with_an_office_name_gets_its_own_reason(data: bytes, filename: str) -> None:
    with pytest.raises(PlanFormatError) as caught:
        parse_plan(data, filename)
    assert caught.value.code == "web_page"


def _damaged(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    damaged = bytearray(data)
    for _ in range(rng.choice((1, 8, 64))):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return bytes(damaged)


@pytest.mark.parametrize(
    "fixture", ["features.doc", "features.xls", "features.odt", "features.ods", "features.rtf"]
)
def test_damaged_and_truncated_files_raise_only_format_errors(fixture: str) -> None:
    data = (FIXTURES / fixture).read_bytes()
    ext = fixture.rsplit(".", 1)[1]
    variants = [data[:cut] for cut in (8, 100, 512, 1536, len(data) // 3, len(data) // 2, len(data) - 700)]
    variants += [_damaged(data, seed) for seed in range(60)]
    refused = 0
    for variant in variants:
        try:
            parse_plan(variant, f"plan.{ext}")
        except PlanFormatError as error:
            assert error.code in {
                "corrupt",
                "unsupported_type",
                "no_table",
                "too_large",
                "encrypted",
                "old_word",
            }
            refused += 1
    assert refused >= 7  # at least every truncated copy is refused


def test_xls_whose_sector_chain_loops_is_refused() -> None:
    """Four zero bytes in the allocation table make a sector chain loop back: the file is refused at once
    (xlrd's own compound-file reader would loop forever on it, so olefile opens the container)."""
    data = bytearray((FIXTURES / "features.xls").read_bytes())
    data[1615:1619] = bytes(4)
    with pytest.raises(PlanFormatError) as caught:
        parse_plan(bytes(data), "plan.xls")
    assert caught.value.code == "corrupt"


def _rewrite_stream(path: Path, stream: str, change) -> None:
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        data = bytearray(ole.openstream(stream).read())
        change(data)
        ole.write_stream(stream, bytes(data))


def _refusal_after(tmp_path: Path, fixture: str, stream: str, change) -> str:
    """The reason a copy of a fixture is refused once ``change`` has rewritten one of its streams."""
    path = tmp_path / fixture
    shutil.copyfile(FIXTURES / fixture, path)
    _rewrite_stream(path, stream, change)
    with pytest.raises(PlanFormatError) as caught:
        parse_plan(path.read_bytes(), fixture)
    return caught.value.code


def test_password_protected_doc_is_refused_as_encrypted(tmp_path: Path) -> None:
    def set_encrypted(word: bytearray) -> None:
        word[0x0B] |= 0x01  # FibBase flags: fEncrypted

    assert _refusal_after(tmp_path, "features.doc", "WordDocument", set_encrypted) == "encrypted"


def test_word95_document_gets_its_own_reason(tmp_path: Path) -> None:
    def as_word95(word: bytearray) -> None:
        struct.pack_into("<HH", word, 0, 0xA5DC, 0x65)  # the wIdent and nFib Word 6/95 write

    assert _refusal_after(tmp_path, "features.doc", "WordDocument", as_word95) == "old_word"


def test_password_protected_xls_is_refused_as_encrypted(tmp_path: Path) -> None:
    def add_filepass(book: bytearray) -> None:
        at = 0
        while at + 4 <= len(book):  # turn the WRITEACCESS record into a FILEPASS of the same length
            kind, size = struct.unpack_from("<HH", book, at)
            if kind == 0x005C:
                struct.pack_into("<H", book, at, 0x002F)
                return
            at += 4 + size
        raise AssertionError("no WRITEACCESS record")

    assert _refusal_after(tmp_path, "features.xls", "Workbook", add_filepass) == "encrypted"


def test_compressed_and_unicode_pieces_make_one_text() -> None:
    # two pieces: «Plan 2024\r» as 8-bit text at byte 1000, «План\r» as UTF-16LE at byte 2000
    word = bytearray(3000)
    word[1000:1010] = b"Plan 2024\r"
    word[2000:2010] = "План\r".encode("utf-16-le")
    cps = struct.pack("<3I", 0, 10, 15)
    pcds = struct.pack("<HIH", 0, (1000 * 2) | 0x40000000, 0) + struct.pack("<HIH", 0, 2000, 0)
    plc = cps + pcds
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    pieces, _ = _piece_table(clx, bytes(word), 15)
    assert "".join(piece.text for piece in pieces) == "Plan 2024\rПлан\r"
    assert [(piece.fc, piece.width) for piece in pieces] == [(1000, 1), (2000, 2)]


RTF_CP1251 = rb"""{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\fcharset204 Times New Roman;}}
{\info{\title \'cd\'e5 \'f2\'e5\'ea\'f1\'f2}}
\pard \'cf\'eb\'e0\'ed \'ed\'e0 2024 \'e3\'ee\'e4\par
\trowd\cellx1000\cellx5000\cellx8000\pard\intbl \u8470?\cell \u1052?\'e5\'f0\'ee\'ef\'f0\'e8\'ff\'f2\'e8\'e5\cell
\'d1\'f0\'ee\'ea\'e8\cell\row
\trowd\cellx1000\cellx5000\clvmgf\cellx8000\pard\intbl 1.\cell \'d1\'e5\'ec\'e8\'ed\'e0\'f0\par
{\field{\*\fldinst HYPERLINK "http://example.org"}{\fldrslt \'e4\'eb\'ff \'ef\'e5\'e4\'e0\'e3\'ee\'e3\'ee\'e2}}\cell
\'ec\'e0\'f0\'f2 2024\cell\row
\trowd\cellx1000\cellx5000\clvmrg\cellx8000\pard\intbl 2.\cell \cell \cell\row
\trowd\cellx1000\cellx5000\cellx8000\pard\intbl \cell \cell \cell\row
\pard \'c8\'f1\'ef\'ee\'eb\'ed\'e8\'f2\'e5\'eb\'fc\par}"""


def test_rtf_in_cp1251_with_unicode_fields_and_merges() -> None:
    document = read_document(RTF_CP1251, "plan.rtf")
    assert document.leading_text == "План на 2024 год"  # the document info (title) is not text
    assert document.tables == [
        [
            ["№", "Мероприятие", "Сроки"],
            ["1.", "Семинар\nдля педагогов", "март 2024"],  # two paragraphs; the field keeps its result
            ["2.", "", "март 2024"],  # the empty cell stays, the merged cell repeats the one above
            [],  # an empty row is a row
        ]
    ]
