"""Word files made by people hold more than a table of plain paragraphs: list numbering in the «№» column,
content controls, tracked changes, a plan table inside a layout table, a table cut in two, merged cells,
hidden text. Each file here is built from hand-written body XML, as Word saves it."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import docx

from services.plan_import import parse_plan
from services.plan_import.readers import read_document

D = date.fromisoformat
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_with_body(body: str) -> bytes:
    """A .docx made by python-docx whose document body is replaced by ``body`` (WordprocessingML)."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = (
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    f'<w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
                ).encode()
            package.writestr(item, data)
    return out.getvalue()


def p(text: str = "", extra: str = "") -> str:
    return (
        f'<w:p>{extra}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        if text
        else f"<w:p>{extra}</w:p>"
    )


def tc(content: str, props: str = "") -> str:
    if not content.startswith("<"):
        content = p(content)
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"


def tr(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def tbl(*rows: str) -> str:
    return "<w:tbl><w:tblPr/>" + "".join(rows) + "</w:tbl>"


HEADER = tr(tc("№"), tc("Наименование мероприятия"), tc("Сроки"), tc("Ответственный"))
TITLE = p("План мероприятий на 2023/2024 учебный год")
NUMBERED = p(extra='<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>')


def test_the_number_column_filled_by_word_list_numbering_gives_the_numbers_word_shows() -> None:
    data = word_with_body(
        TITLE
        + tbl(
            HEADER,
            tr(tc(NUMBERED), tc("Семинар для педагогов"), tc("Октябрь"), tc("Методист")),
            tr(tc(NUMBERED), tc("Родительский клуб"), tc("Ноябрь"), tc("Психолог")),
            tr(tc(NUMBERED), tc("Консультация"), tc("Декабрь"), tc("Логопед")),
        )
    )
    plan = parse_plan(data, "plan.docx")
    assert [(e.number, e.title) for e in plan.events] == [
        ("1", "Семинар для педагогов"),
        ("2", "Родительский клуб"),
        ("3", "Консультация"),
    ]


def test_paragraphs_and_a_table_inside_content_controls_are_read() -> None:
    def sdt(content: str) -> str:
        return (
            f'<w:sdt><w:sdtPr><w:alias w:val="Блок"/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>'
        )

    data = word_with_body(
        sdt(TITLE)
        + sdt(
            tbl(
                HEADER,
                tr(tc("1."), tc("Семинар для педагогов"), tc("12.10.2023"), tc("Методист")),
                sdt(tr(tc("2."), tc(sdt(p("Родительский клуб"))), tc("15.11.2023"), tc("Психолог"))),
            )
        )
    )
    plan = parse_plan(data, "plan.docx")
    assert plan.title == "План мероприятий на 2023/2024 учебный год"
    assert [(e.title, e.starts_on) for e in plan.events] == [
        ("Семинар для педагогов", D("2023-10-12")),
        ("Родительский клуб", D("2023-11-15")),
    ]


def test_tracked_changes_read_as_accepted() -> None:
    changed_date = (
        '<w:p><w:del w:id="1" w:author="A"><w:r><w:delText>10.10.2023</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>17.10.2023</w:t></w:r></w:ins></w:p>'
    )
    inserted_title = (
        '<w:p><w:r><w:t xml:space="preserve">Семинар </w:t></w:r>'
        '<w:ins w:id="3" w:author="A"><w:r><w:t>для родителей</w:t></w:r></w:ins></w:p>'
    )
    data = word_with_body(
        TITLE + tbl(HEADER, tr(tc("1."), tc(inserted_title), tc(changed_date), tc("Психолог")))
    )
    plan = parse_plan(data, "plan.docx")
    assert [(e.title, e.starts_on) for e in plan.events] == [("Семинар для родителей", D("2023-10-17"))]


def test_hidden_text_and_field_codes_are_not_read() -> None:
    title = (
        '<w:p><w:r><w:t xml:space="preserve">Родительский клуб</w:t></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t> (черновик, не показывать)</w:t></w:r>"
        '<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r></w:p>'
    )
    data = word_with_body(TITLE + tbl(HEADER, tr(tc("1."), tc(title), tc("Ноябрь"), tc("Психолог"))))
    assert [e.title for e in parse_plan(data, "plan.docx").events] == ["Родительский клуб"]


def test_a_plan_table_inside_a_layout_table_is_read_as_a_table_of_its_own() -> None:
    inner = tbl(
        HEADER,
        tr(tc("1."), tc("Семинар для педагогов"), tc("Октябрь"), tc("Методист")),
        tr(tc("2."), tc("Родительский клуб"), tc("Ноябрь"), tc("Психолог")),
    )
    layout = tbl(tr(tc(TITLE + inner + p("Директор ____ И.И. Иванов"))))
    plan = parse_plan(word_with_body(layout), "plan.docx")
    assert plan.title == "План мероприятий на 2023/2024 учебный год"
    assert [(e.title, e.starts_on) for e in plan.events] == [
        ("Семинар для педагогов", D("2023-10-01")),
        ("Родительский клуб", D("2023-11-01")),
    ]


def test_a_table_without_a_header_cut_in_two_by_a_page_break_is_read_whole() -> None:
    first = tbl(
        tr(tc("2016 год", '<w:gridSpan w:val="4"/>')),
        tr(tc("1."), tc("Проверка прокуратуры"), tc("Январь 2016 г."), tc("Нарушений не выявлено")),
        tr(tc("2."), tc("Проверка надзора в сфере образования"), tc("Февраль 2016 г."), tc("Нарушений нет")),
    )
    # the second part: the same four columns on a grid of seven (Word saves other column widths), no header
    span = '<w:gridSpan w:val="2"/>'
    second = tbl(
        tr(tc("3."), tc("Проверка МЧС", span), tc("Март 2016 г.", span), tc("Нарушений не выявлено", span)),
        tr(
            tc("4."), tc("Проверка Роспотребнадзора", span), tc("Апрель 2016 г.", span), tc("Устранены", span)
        ),
    )
    plan = parse_plan(word_with_body(p("Информация о проведённых проверках") + first + second), "plan.docx")
    assert [(e.title, e.starts_on) for e in plan.events] == [
        ("Проверка прокуратуры", D("2016-01-01")),
        ("Проверка надзора в сфере образования", D("2016-02-01")),
        ("Проверка МЧС", D("2016-03-01")),
        ("Проверка Роспотребнадзора", D("2016-04-01")),
    ]


def test_a_table_cut_in_two_repeating_its_header_row_reads_the_header_once() -> None:
    first = tbl(HEADER, tr(tc("1."), tc("Семинар для педагогов"), tc("Октябрь"), tc("Методист")))
    second = tbl(HEADER, tr(tc("2."), tc("Родительский клуб"), tc("Ноябрь"), tc("Психолог")))
    document = read_document(word_with_body(TITLE + first + p() + second), "plan.docx")
    assert document.tables == [
        [
            ["№", "Наименование мероприятия", "Сроки", "Ответственный"],
            ["1.", "Семинар для педагогов", "Октябрь", "Методист"],
            ["2.", "Родительский клуб", "Ноябрь", "Психолог"],
        ]
    ]


def test_merged_cells_a_date_spanning_rows_and_a_section_spanning_columns() -> None:
    data = word_with_body(
        TITLE
        + tbl(
            HEADER,
            tr(tc("Работа с родителями", '<w:gridSpan w:val="4"/>')),
            tr(
                tc("1."), tc("Родительский клуб"), tc("Ноябрь", '<w:vMerge w:val="restart"/>'), tc("Психолог")
            ),
            tr(tc("2."), tc("Консультация"), tc(p(), "<w:vMerge/>"), tc("Логопед")),
        )
    )
    document = read_document(data, "plan.docx")
    assert document.tables[0][1:] == [
        ["Работа с родителями"],
        ["1.", "Родительский клуб", "Ноябрь", "Психолог"],
        ["2.", "Консультация", "Ноябрь", "Логопед"],
    ]
    plan = parse_plan(data, "plan.docx")
    assert [(e.section, e.title, e.starts_on) for e in plan.events] == [
        ("Работа с родителями", "Родительский клуб", D("2023-11-01")),
        ("Работа с родителями", "Консультация", D("2023-11-01")),
    ]


def test_a_soft_line_break_and_a_tab_inside_a_cell_keep_the_words_apart() -> None:
    title = "<w:p><w:r><w:t>Семинар</w:t><w:br/><w:t>«Инклюзия»</w:t><w:tab/><w:t>(очно)</w:t></w:r></w:p>"
    data = word_with_body(TITLE + tbl(HEADER, tr(tc("1."), tc(title), tc("Октябрь"), tc("Методист"))))
    assert read_document(data, "plan.docx").tables[0][1][1] == "Семинар\n«Инклюзия» (очно)"


def test_a_header_of_two_rows_is_one_row_as_wide_as_the_rows_below() -> None:
    restart, below = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    data = word_with_body(
        TITLE
        + tbl(
            tr(
                tc("№", restart),
                tc("Наименование мероприятия", restart),
                tc("Объём работы в часах", '<w:gridSpan w:val="2"/>'),
                tc("Срок выполнения", restart),
                tc("Отметка о выполнении", restart),
            ),
            tr(tc(p(), below), tc(p(), below), tc("план"), tc("факт"), tc(p(), below), tc(p(), below)),
            tr(
                tc("1"),
                tc("Переработка лекции"),
                tc("60"),
                tc("40"),
                tc("ноябрь"),
                tc("Пр. от 22.11.2023 № 4"),
            ),
        )
    )
    assert read_document(data, "plan.docx").tables[0] == [
        [
            "№",
            "Наименование мероприятия",
            "Объём работы в часах план",
            "Объём работы в часах факт",
            "Срок выполнения",
            "Отметка о выполнении",
        ],
        ["1", "Переработка лекции", "60", "40", "ноябрь", "Пр. от 22.11.2023 № 4"],
    ]
    plan = parse_plan(data, "plan.docx")
    assert [(e.title, e.starts_on) for e in plan.events] == [("Переработка лекции", D("2023-11-01"))]


def test_a_cell_spanning_two_columns_keeps_the_cells_after_it_under_their_header() -> None:
    span = '<w:gridSpan w:val="2"/>'
    data = word_with_body(
        TITLE
        + tbl(
            tr(tc("№"), tc("Мероприятие"), tc("Участники"), tc("Сроки"), tc("Отметка о выполнении")),
            tr(
                tc("1"),
                tc("Семинар для педагогов"),
                tc("Педагоги"),
                tc("ноябрь"),
                tc("Пр. от 20.11.2023 № 4"),
            ),
            tr(
                tc("2"),
                tc("Открытое занятие для всех желающих", span),
                tc("декабрь"),
                tc("Пр. от 20.12.2023 № 5"),
            ),
        )
    )
    assert read_document(data, "plan.docx").tables[0][-1] == [
        "2",
        "Открытое занятие для всех желающих",
        "",
        "декабрь",
        "Пр. от 20.12.2023 № 5",
    ]
    plan = parse_plan(data, "plan.docx")
    assert [(e.title, e.starts_on) for e in plan.events] == [
        ("Семинар для педагогов", D("2023-11-01")),
        ("Открытое занятие для всех желающих", D("2023-12-01")),
    ]


def test_column_edges_that_wander_from_row_to_row_do_not_shift_the_cells() -> None:
    # each row has four cells, but the edge between the second and third lies on another grid line in each
    two, one = '<w:gridSpan w:val="2"/>', ""
    data = word_with_body(
        TITLE
        + tbl(
            tr(tc("№"), tc("Мероприятие", two), tc("Сроки", one), tc("Ответственный")),
            tr(tc("1"), tc("Семинар для педагогов", one), tc("Октябрь", two), tc("Методист")),
        )
    )
    assert read_document(data, "plan.docx").tables[0] == [
        ["№", "Мероприятие", "Сроки", "Ответственный"],
        ["1", "Семинар для педагогов", "Октябрь", "Методист"],
    ]


def test_an_empty_list_paragraph_outside_the_table_does_not_become_a_heading() -> None:
    data = word_with_body(
        TITLE
        + NUMBERED
        + tbl(HEADER, tr(tc(NUMBERED), tc("Семинар для педагогов"), tc("Октябрь"), tc("Методист")))
    )
    document = read_document(data, "plan.docx")
    assert document.leading_text == "План мероприятий на 2023/2024 учебный год"
    # the empty list item above the table took number 1, as Word shows it: the «№» cell is the second item
    assert document.tables[0][1][0] == "2."
