"""Files as coordinators bring them: CSV saved from Excel, Word with several tables, text copies with
multi-paragraph cells, workbooks with several sheets, PDF with and without a text layer."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import docx
import matplotlib
import openpyxl
import pytest
from fpdf import FPDF

from services.plan_import import PlanFormatError, parse_plan, parse_when

D = date.fromisoformat
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
HEADER = ["№", "Наименование мероприятия", "Сроки", "Ответственный"]
ROWS = [
    [
        "1.",
        "Семинар для родителей «Особый ребёнок, обычная школа»",
        "20 сентября",
        "Петрова А.А., педагог-психолог",
    ],
    ["2.", "Круглый стол, встреча с ПМПК", "Март-октябрь", "Иванова И.И."],
    ["3.", "Консультации для педагогов", "1 раз в квартал", "Методист"],
]


def excel_csv(rows: list[list[str]], encoding: str, bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["УТВЕРЖДАЮ, директор МБУ ЦППМСП"])
    writer.writerow(["План мероприятий на 2018 год, в том числе для родителей, педагогов, специалистов"])
    writer.writerow([])
    for row in rows:
        writer.writerow(row)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", True), ("cp1251", False), ("utf-8", False)])
def test_csv_from_excel_title_lines_quoted_line_breaks(encoding: str, bom: bool) -> None:
    rows = [HEADER, *ROWS]
    rows[1] = [*rows[1][:3], "Петрова А.А.,\nпедагог-психолог;\nИванова И.И."]  # a cell with breaks and «;»
    plan = parse_plan(excel_csv(rows, encoding, bom), "план.csv")
    assert plan.period is not None and (plan.period.starts_on, plan.period.academic) == (
        D("2018-01-01"),
        False,
    )
    assert [e.title[:20] for e in plan.events] == [
        "Семинар для родителе",
        "Круглый стол, встреч",
        "Консультации для пед",
    ]
    assert (plan.events[0].starts_on, plan.events[0].responsible) == (
        D("2018-09-20"),
        "Петрова А.А.,\nпедагог-психолог;\nИванова И.И.",
    )
    assert (plan.events[1].starts_on, plan.events[1].ends_on) == (D("2018-03-01"), D("2018-10-31"))
    assert plan.events[2].recurrence == "quarterly"


def word(paragraphs_and_tables: list[object]) -> bytes:
    document = docx.Document()
    for part in paragraphs_and_tables:
        if isinstance(part, str):
            document.add_paragraph(part)
            continue
        rows = part
        table = document.add_table(rows=0, cols=len(rows[0]))
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=False):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_every_plan_table_of_a_word_document_is_read_and_others_are_not() -> None:
    data = word(
        [
            [["СОГЛАСОВАНО", "УТВЕРЖДАЮ"], ["Начальник УО", "Директор"]],  # approvals: not a plan
            "План работы на 2023/2024 учебный год",
            [["№", "Содержание", "Стр."], ["1", "Пояснительная записка", "2"]],  # contents: not a plan
            "I. Работа с педагогами",
            [
                HEADER,
                ["1.", "Семинар «Инклюзия»", "Октябрь", "Методист"],
                ["2.", "Мастер-класс", "Ноябрь", "Логопед"],
            ],
            "II. Работа с родителями",
            [
                HEADER,
                ["3.", "Родительский клуб", "Январь", "Психолог"],
                ["4.", "Консультация", "Февраль", "Психолог"],
            ],
            "Сентябрь",
            [HEADER, ["5.", "Собрание", "", "Директор"]],
            [["Директор", "_______", "И.И. Иванов"]],  # signatures: not a plan
        ]
    )
    plan = parse_plan(data, "plan.docx")
    assert [e.title for e in plan.events] == [
        "Семинар «Инклюзия»",
        "Мастер-класс",
        "Родительский клуб",
        "Консультация",
        "Собрание",
    ]
    assert [e.section for e in plan.events] == [
        None,
        None,
        "II. Работа с родителями",
        "II. Работа с родителями",
        "Сентябрь",
    ]
    assert [e.starts_on for e in plan.events] == [
        D(d) for d in ("2023-10-01", "2023-11-01", "2024-01-01", "2024-02-01", "2023-09-01")
    ]


def test_a_workbook_with_a_sheet_per_quarter() -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Титул"
    first.append(["План мероприятий на 2023/2024 учебный год"])
    for title, rows in (
        ("I четверть", [["1.", "Педсовет", "Сентябрь", "Директор"]]),
        ("II четверть", [["2.", "Фестиваль", "Декабрь", "Педагог-организатор"]]),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = parse_plan(buffer.getvalue(), "plan.xlsx")
    # every sheet with a plan header is read; the title sheet gives the period and is not reported
    assert [(e.title, e.starts_on) for e in plan.events] == [
        ("Педсовет", D("2023-09-01")),
        ("Фестиваль", D("2023-12-01")),
    ]
    assert not [w for w in plan.warnings if "ignored" in w]


def test_text_copy_with_paragraphs_in_cells_and_a_lost_number_header() -> None:
    """A Word table copied as text: the «№» header cell came out empty and was dropped, cells hold several
    paragraphs separated by blank lines, and a merged date cell came out empty."""
    lines = ["План работы ДДТ на май 2022 года", ""]
    for cell in ("Мероприятие", "Дата", "Ответственные"):
        lines.append("\t" + cell)
    lines.append("")
    rows = [
        (
            "1.",
            "Праздник, посвящённый Дню Победы:\n\n- митинг\n\n- концерт",
            "09.05.22",
            "Иванова\n\nПетрова",
        ),
        ("2.", "Выставка рисунков", "", "Сидорова"),
        ("3.", "Акция «Мир меняют люди»", "11.05. -20.05.22", "Зинченко"),
    ]
    for row in rows:
        for cell in row:
            first, *rest = cell.split("\n")
            lines.append("\t" + first)
            lines.extend(rest)
        lines.append("")
    plan = parse_plan("\n".join(lines).encode(), "plan.txt")
    assert [e.number for e in plan.events] == ["1", "2", "3"]
    assert plan.events[0].title.startswith("Праздник, посвящённый Дню Победы: - митинг")
    assert plan.events[0].responsible == "Иванова\n\nПетрова"
    assert (plan.events[1].precision, plan.events[1].starts_on, plan.events[1].warnings) == (
        "unknown",
        None,
        ["no date given"],
    )
    assert (plan.events[2].starts_on, plan.events[2].ends_on) == (D("2022-05-11"), D("2022-05-20"))


def pdf(pages: list[list[object]]) -> bytes:
    document = FPDF()
    document.add_font("DejaVu", fname=str(FONT))
    document.set_font("DejaVu", size=10)
    for page in pages:
        document.add_page()
        for part in page:
            if isinstance(part, str):
                document.multi_cell(0, 8, part, new_x="LMARGIN", new_y="NEXT")
                continue
            with document.table(first_row_as_headings=False) as table:
                for row in part:
                    cells = table.row()
                    for text in row:
                        cells.cell(text)
            document.ln(4)
    return bytes(document.output())


def test_a_pdf_with_a_text_layer_and_two_tables() -> None:
    data = pdf(
        [
            ["План мероприятий на 2018 год", [HEADER, ROWS[0], ROWS[1]]],
            ["II. Работа с педагогами", [HEADER, ROWS[2]]],
        ]
    )
    plan = parse_plan(data, "план.pdf")
    assert plan.title == "План мероприятий на 2018 год"
    assert [e.title[:12] for e in plan.events] == ["Семинар для ", "Круглый стол", "Консультации"]
    assert plan.events[0].starts_on == D("2018-09-20")
    assert plan.events[2].section == "II. Работа с педагогами"


def test_a_scanned_pdf_gets_a_clear_answer() -> None:
    image = Path(matplotlib.get_data_path()) / "images" / "matplotlib.png"
    document = FPDF()
    document.add_page()
    document.image(str(image), x=10, y=10, w=150)
    with pytest.raises(PlanFormatError) as caught:
        parse_plan(bytes(document.output()), "скан.pdf")
    assert caught.value.code == "scanned"
    assert "скан" in caught.value.reason


def test_two_tables_in_one_sheet_with_their_own_columns() -> None:
    """A second table further down a sheet, its columns in another order: each row is read by its own header."""
    rows = [
        ["План мероприятий на 2023/2024 учебный год"],
        ["№", "Мероприятие", "Сроки", "Ответственный"],
        ["1", "Педсовет", "Август", "Директор"],
        ["2", "Семинар для педагогов", "Октябрь", "Методист"],
        [],
        ["Работа с родителями"],
        ["Срок", "Ответственный", "Мероприятие"],
        ["Ноябрь", "Психолог", "Родительский клуб «Вместе»"],
        ["Март", "Логопед", "Консультация для родителей"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    plan = parse_plan(buffer.getvalue().encode("cp1251"), "plan.csv")
    assert [(e.title, e.starts_on, e.responsible) for e in plan.events] == [
        ("Педсовет", D("2024-08-01"), "Директор"),
        ("Семинар для педагогов", D("2023-10-01"), "Методист"),
        ("Родительский клуб «Вместе»", D("2023-11-01"), "Психолог"),
        ("Консультация для родителей", D("2024-03-01"), "Логопед"),
    ]
    assert [e.section for e in plan.events] == [None, None, "Работа с родителями", "Работа с родителями"]


def test_a_table_pasted_into_a_text_editor_one_row_a_line() -> None:
    """Copying a Word table into Notepad gives one row a line with tabs between the cells; a title above
    and a one-cell section heading inside are lines without a tab."""
    text = "\n".join(
        [
            "План работы ЦППМСП на 2018 год",
            "\t".join(HEADER),
            "1. Работа с родителями",
            *("\t".join(row) for row in ROWS),
        ]
    )
    plan = parse_plan(text.encode("cp1251"), "план.txt")
    assert [e.title[:20] for e in plan.events] == [row[1][:20] for row in ROWS]
    assert (plan.events[0].starts_on, plan.events[0].responsible) == (
        D("2018-09-20"),
        "Петрова А.А., педагог-психолог",
    )
    assert plan.events[0].section.startswith("1. Работа с родителями")
    assert plan.events[2].recurrence == "quarterly"


def test_a_plan_table_with_no_header_row_is_read_by_its_date_column() -> None:
    """Many pages give a plan as rows of (event, when) with no header; the date column is the one whose
    cells are dates, the event the longest text beside it. A table with no date column is still refused."""
    rows = [
        ["План мероприятий ДДТ на 2022-2023 учебный год"],
        ["Открытие сезона, день открытых дверей для семей", "Сентябрь", "зал"],
        ["Конкурс рисунков «Моя семья»", "10 ноября", "кабинет 5"],
        ["Новогодний праздник для детей с ОВЗ", "Декабрь-январь", "зал"],
        ["Отчётный концерт объединений", "май", "зал"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    plan = parse_plan(buffer.getvalue().encode("cp1251"), "план.csv")
    assert [(e.title[:20], e.starts_on, e.ends_on) for e in plan.events] == [
        ("Открытие сезона, ден", D("2022-09-01"), D("2022-09-30")),
        ("Конкурс рисунков «Мо", D("2022-11-10"), D("2022-11-10")),
        ("Новогодний праздник ", D("2022-12-01"), D("2023-01-31")),
        ("Отчётный концерт объ", D("2023-05-01"), D("2023-05-31")),
    ]
    assert any("no header row" in warning for warning in plan.warnings)
    prose = [["Директор", "И.И. Иванов"], ["Секретарь", "П.П. Петров"], ["Методист", "С.С. Сидоров"]]
    with pytest.raises(PlanFormatError) as refused:
        parse_plan(excel_csv(prose, "cp1251", bom=False), "список.csv")
    assert refused.value.code == "no_table"


def test_a_form_column_before_the_name_column_opens_the_title() -> None:
    """«Форма проведения | Название мероприятия» (a house of culture's year plan): the form is the title's
    first words; a plan whose only item column is «Формы работы» reads it as the title; a form column right of
    the title is not folded into it."""
    rows = [
        ["План работы на 2022 год"],
        ["№ п/п", "Форма проведения", "Название мероприятия", "Место проведения", "Дата проведения"],
        ["1", "Спортивные эстафеты", "Новогодние забавы", "Сквер", "04.01.2022"],
        ["2", "Презентация", "«Рождество: легенды и традиции»", "Инстаграм", "05.01.2022"],
        ["3", "Онлайн мастер класс.", "«Мастерская зимы»", "Инстаграм", "09.01.2022"],
        ["4", "", "Вечер отдыха", "ДК", "10.01.2022"],
    ]
    plan = parse_plan(excel_csv(rows, "utf-8", True), "план.csv")
    assert [e.title for e in plan.events] == [
        "Спортивные эстафеты «Новогодние забавы»",
        "Презентация «Рождество: легенды и традиции»",
        "Онлайн мастер класс «Мастерская зимы»",
        "Вечер отдыха",
    ]
    assert plan.events[0].starts_on == D("2022-01-04")

    only_form = [
        ["Формы работы", "Сроки", "Ответственный"],
        ["Консультации для родителей", "октябрь", "Психолог"],
    ]
    assert [e.title for e in parse_plan(excel_csv(only_form, "utf-8", True), "план.csv").events] == [
        "Консультации для родителей"
    ]
    form_after = [["Тема", "Форма проведения", "Сроки"], ["Адаптация первоклассников", "беседа", "сентябрь"]]
    assert [e.title for e in parse_plan(excel_csv(form_after, "utf-8", True), "план.csv").events] == [
        "Адаптация первоклассников"
    ]


def test_a_month_in_a_plan_that_gives_no_year_is_unknown_like_a_day() -> None:
    """«февраль», «Март-апрель» and «12 марта» in a plan with no year anywhere: none of them can be placed, so
    every one is «срок уточняется» (precision «unknown», no dates), the date as written kept."""
    lines = [
        "План мероприятий, посвященных 65-летию Победы.",
        "\t".join(["№п/п", "Мероприятие", "Дата", "Ответственный"]),
        "\t".join(["1.", "Викторина-беседа", "февраль", "Смирнова Н. Э."]),
        "\t".join(["2.", "Выставка книг", "Март-апрель", "Библиотека"]),
        "\t".join(["3.", "Сценическая композиция", "12 марта", "Прищепа Т. В."]),
    ]
    plan = parse_plan("\n".join(lines).encode(), "план.txt")
    assert [(e.precision, e.starts_on, e.ends_on, e.when_text) for e in plan.events] == [
        ("unknown", None, None, "февраль"),
        ("unknown", None, None, "Март-апрель"),
        ("unknown", None, None, "12 марта"),
    ]
    assert all(e.warnings == ["year not given and no plan period to infer it"] for e in plan.events)


def test_two_plans_on_one_page_the_second_header_worded_for_its_month() -> None:
    """A page with the plan for June and then the plan for May, each with its title and a header naming its
    month: the second header is not an item, and the second title names the section of the rows below it."""
    header = "\t".join(
        [
            "№ п/п",
            "Наименование мероприятия на {} 2015г.",
            "Дата и время проведения",
            "Место проведения",
            "Ф.И.О. ответственного исполнителя, контактный телефон",
        ]
    )
    lines = [
        "План работы МБУ «Белокрестское СКО» на июнь 2015 года",
        header.format("июнь"),
        "\t".join(["1.", "«Ах, эта дивная пора!» Игровая программа", "01.06.2015г.", "Библиотека", ""]),
        "План работы МБУ «Белокрестское СКО» на май 2015 года",
        header.format("май"),
        "\t".join(["1.", "Митинг памяти", "07.05.2015г. 11.00", "д.Марьино обелиск", ""]),
    ]
    plan = parse_plan("\n".join(lines).encode(), "план.txt")
    assert [(e.title[:13], e.starts_on) for e in plan.events] == [
        ("«Ах, эта дивн", D("2015-06-01")),
        ("Митинг памяти", D("2015-05-07")),
    ]
    assert plan.events[1].section == "План работы МБУ «Белокрестское СКО» на май 2015 года"
    assert plan.skipped == []


def test_a_programme_of_one_day_dates_its_times_that_day() -> None:
    """A plan for one day («/1 июня 2015 года/» under its title): cells holding only times («10 часов»,
    «14 часов с 10 до 15 часов», «12.00») are that day; a programme that names no day keeps them unknown."""
    rows = [
        "\t".join(["п/п", "Наименование мероприятия", "Время проведения", "Ответственные"]),
        "\t".join(["1", "Открытие праздника", "10 часов", "Дом культуры"]),
        "\t".join(["2", "Игровая программа", "14 часов с 10 до 15 часов", "Музей"]),
        "\t".join(["3", "Концерт", "12.00", "Центр детского творчества"]),
    ]
    lines = ["П Л А Н", "праздничных мероприятий, посвященных Дню защиты детей", "/1 июня 2015 года/", *rows]
    plan = parse_plan("\n".join(lines).encode(), "план.txt")
    assert plan.period is not None and (plan.period.starts_on, plan.period.ends_on) == (
        D("2015-06-01"),
        D("2015-06-01"),
    )
    assert [(e.starts_on, e.ends_on, e.precision) for e in plan.events] == [
        (D("2015-06-01"), D("2015-06-01"), "day")
    ] * 3
    undated = parse_plan("\n".join(["План праздника", *rows]).encode(), "план.txt")
    assert [(e.starts_on, e.precision) for e in undated.events] == [(None, "unknown")] * 3


@pytest.mark.parametrize("blank", ["", "\n", "\n \n"])
def test_a_text_copy_with_one_cell_a_line_and_nothing_marking_the_cells(blank: str) -> None:
    """Copied from a web page or a PDF viewer: every cell on its own line (blank lines between them or not),
    the header a run of column names, each row opening with its number; a row with more lines than columns
    keeps its extra paragraphs in the title and its second time in the date; a signature ends the table."""
    lines = [
        "ПЛАН",
        "Мероприятий МБУК «Усть-Пристанский РДК»",
        "на 2014 год",
        "№",
        "Наименование",
        "Дата",
        "Ответственный",
        "1",
        "Районный конкурс «Лучший работник культуры»",
        "март",
        "Юрочкина Е.И.",
        "2",
        "Игровая программа «Остров сокровищ».",
        "Концерт.",
        "июль",
        "12.00",
        "Дом культуры",
        "3",
        "Вечер отдыха «Музыка детства»",
        "декабрь",
        "Юрочкина Е.И.",
        "Директор",
        "МБУК «Усть-Пристанский районный Дом культуры» Е.И.Юрочкина",
    ]
    plan = parse_plan(("\n" + blank).join(lines).encode(), "план.txt")
    assert [(e.title, e.starts_on, e.precision, e.responsible) for e in plan.events] == [
        ("Районный конкурс «Лучший работник культуры»", D("2014-03-01"), "month", "Юрочкина Е.И."),
        ("Игровая программа «Остров сокровищ». Концерт.", D("2014-07-01"), "month", "Дом культуры"),
        ("Вечер отдыха «Музыка детства»", D("2014-12-01"), "month", "Юрочкина Е.И."),
    ]
    assert plan.events[1].when_text == "июль\n12.00"
    assert plan.period is not None and plan.period.starts_on == D("2014-01-01")


def test_a_header_cell_with_a_long_explanation_in_brackets_is_still_a_header() -> None:
    """«Участники мероприятий (школьники-возраст, молодежь, пенсионеры, все категории населения)»: the words in
    brackets explain the column; they do not make the header too long to be one."""
    rows = [
        [
            "№ п\\п",
            "Наименование мероприятий (форма проведения)",
            "Сроки исполнения (месяц)",
            "Участники мероприятий (школьники-возраст, молодежь, пенсионеры, все категории населения)",
            "Где проводится, ответственный за проведение (б- ка, Ф. И. О.)",
        ],
        ["1", "«Край наш Забайкальский – родная земля» урок", "1.03", "Дети", "Биб-ка Шкедова А.В."],
    ]
    plan = parse_plan(excel_csv(rows, "cp1251", False), "план.csv")
    assert [(e.title[:25], e.starts_on, e.responsible) for e in plan.events] == [
        ("«Край наш Забайкальский –", D("2018-03-01"), "Биб-ка Шкедова А.В.")  # «на 2018 год» above
    ]


def test_a_cell_of_time_and_place_gives_its_date_from_the_first_line() -> None:
    """«Время и место проведения»: «10.00» and «103 кабинет» as two lines of one cell, in a plan for one day:
    the time dates the row; a cell whose first line is no date stays unknown."""
    rows = [("Кроссворд с ответами", "10.00\n103 кабинет"), ("Мастер-класс", "молодежный центр\n12.00")]
    text = "План проведения шестого школьного дня на 30 октября 2021 года\n\n"
    text += "\tНаименование мероприятия\n\tВремя и место проведения\n\tОтветственный\n"
    for title, when in rows:
        first, second = when.split("\n")
        text += f"\n\t{title}\n\t{first}\n{second}\n\tБакун А.М.\n"
    plan = parse_plan(text.encode(), "план.txt")
    assert [(e.title, e.starts_on, e.precision) for e in plan.events] == [
        ("Кроссворд с ответами", D("2021-10-30"), "day"),
        ("Мастер-класс", None, "unknown"),
    ]
    assert plan.events[0].when_text == "10.00\n103 кабинет"


def test_a_title_spelled_with_spaces_and_standing_alone_names_the_plan() -> None:
    """«П Л А Н» on its own line, a blank line, then what the plan is for: that is the plan's title, not the
    stamp line above it."""
    text = "\n\n".join(
        [
            "Избирательная комиссия",
            "П Л А Н",
            "праздничных мероприятий, посвященных Дню защиты детей",
            "/1 июня 2015 года/",
        ]
    )
    text += (
        "\n"
        + "\n".join(
            [
                "\t".join(["п/п", "Наименование мероприятия", "Время проведения"]),
                "\t".join(["1", "Концерт", "12 часов"]),
            ]
        )
        + "\n"
        + "\t".join(["2", "Дискотека", "15 часов"])
    )
    plan = parse_plan(text.encode(), "план.txt")
    assert plan.title is not None and plan.title.startswith(
        "П Л А Н праздничных мероприятий, посвященных Дню"
    )
    assert plan.events[0].starts_on == D("2015-06-01")


def test_a_table_pasted_one_row_a_line_whose_header_opens_with_an_empty_cell() -> None:
    """Word leaves the «№» header cell blank, so the header line pasted into Notepad opens with a tab; it is
    still a table of one row a line, not a copy with one cell a line."""
    text = "\n".join(
        [
            "План ДДТ на 2020 год",
            "\t" + "\t".join(HEADER[1:]),
            *("\t".join(row) for row in ROWS),
        ]
    )
    plan = parse_plan(text.encode("utf-8"), "план.txt")
    assert [e.title[:20] for e in plan.events] == [row[1][:20] for row in ROWS]
    assert plan.events[0].starts_on == D("2020-09-20")
    assert plan.events[0].responsible == "Петрова А.А., педагог-психолог"


def test_a_header_cell_with_a_long_explanation_after_a_comma_is_still_a_header() -> None:
    """«Наименование и форма проведения мероприятия, ожидаемое количество участников, возрастная категория»
    names the title column by its first clause."""
    header = [
        "№",
        "Дата и время",
        "Наименование и форма проведения мероприятия, ожидаемое количество участников, возрастная категория",
        "Ответственный",
    ]
    rows = [["1", "01.11. 12.00", "Спектакль театра-студии (дети и родители – 48 чел)", "Супрун О.В."]]
    text = "\n".join(["План ДДТ на ноябрь 2020 года", *("\t".join(row) for row in [header, *rows])])
    plan = parse_plan(text.encode("utf-8"), "план.txt")
    assert [(e.title, e.starts_on, e.responsible) for e in plan.events] == [
        ("Спектакль театра-студии (дети и родители – 48 чел)", D("2020-11-01"), "Супрун О.В.")
    ]


def test_one_cell_a_line_with_a_blank_number_header_and_the_month_above_it() -> None:
    """The header's «№» cell was blank, so the copy has only the named columns, and the line above them names
    the month («мероприятий на май месяц»); each row still opens with its number."""
    lines = [
        "План",
        "мероприятий на май 2015 года",
        " ",
        "Наименование мероприятий",
        "Сроки проведения",
        "Место проведения",
        "Ответственные",
        "1.",
        "Праздничный концерт ко Дню солидарности трудящихся 1 Мая.",
        "01.05.15г.",
        "центральная площадь",
        "Дом культуры",
        "2.",
        "Участие в акции «Ночь в музее».",
        "16.05.15г.",
        "Музей",
        "Иванова И.И.,",
        "Петрова П.П.",
    ]
    plan = parse_plan("\n\n".join(lines).encode(), "план.txt")
    assert [(e.title, e.starts_on, e.responsible) for e in plan.events] == [
        ("Праздничный концерт ко Дню солидарности трудящихся 1 Мая.", D("2015-05-01"), "Дом культуры"),
        ("Участие в акции «Ночь в музее».", D("2015-05-16"), "Иванова И.И.,\nПетрова П.П."),
    ]


def test_one_cell_a_line_with_rows_numbered_under_their_sections() -> None:
    """Rows «1.1», «1.2», «2.1» under numbered section rows «1. Организационные мероприятия»: the sections
    are headings, not items."""
    lines = [
        "План мероприятий к Дню Победы",
        "Наименование мероприятия",
        "Срок исполнения",
        "Ответственный",
        "1.",
        "Организационные мероприятия",
        "1.1",
        "Разработка сценариев",
        "До 10.04.2019 г.",
        "Дом культуры",
        "1.2",
        "Подготовка костюмов",
        "До 25.04.2019 г.",
        "Дом культуры",
        "2.",
        "Ремонт",
        "2.1",
        "Ремонт обелиска",
        "До 01.05.2019 г.",
        "Администрация",
    ]
    plan = parse_plan("\n".join(lines).encode(), "план.txt")
    assert [(e.title, e.starts_on, e.section) for e in plan.events] == [
        ("Разработка сценариев", D("2019-04-10"), "1. Организационные мероприятия"),
        ("Подготовка костюмов", D("2019-04-25"), "1. Организационные мероприятия"),
        ("Ремонт обелиска", D("2019-05-01"), "2. Ремонт"),
    ]


def test_a_month_heading_dates_the_weeks_days_and_times_written_under_it() -> None:
    data = word(
        [
            "План работы Дома детского творчества на 2024-2025 учебный год",
            [
                HEADER,
                ["СЕНТЯБРЬ"],
                ["1.", "Консультации для родителей детей с ОВЗ", "в течение месяца", "Педагог-психолог"],
                ["2.", "Выставка рисунков «Моя семья»", "3 неделя", "Педагог ДО"],
                ["3.", "Родительский клуб «Вместе»", "15", "Педагог-психолог"],
                ["Январь 2025"],
                ["4.", "Рождественские встречи", "2 декада", "Методист"],
                ["5.", "Мастер-класс для педагогов", "10.00", "Методист"],
                ["6.", "Круглый стол", "по согласованию", "Методист"],
            ],
        ]
    )
    plan = parse_plan(data, "plan.docx")
    got = [(e.starts_on, e.ends_on, e.precision) for e in plan.events]
    assert got == [
        (D("2024-09-01"), D("2024-09-30"), "month"),
        (D("2024-09-01"), D("2024-09-30"), "month"),
        (D("2024-09-15"), D("2024-09-15"), "day"),
        (D("2025-01-01"), D("2025-01-31"), "month"),
        (D("2025-01-01"), D("2025-01-31"), "month"),
        (D("2025-01-01"), D("2025-01-31"), "month"),  # «по согласованию» in January: the day is agreed later
    ]
    assert plan.events[-1].warnings == ["day not given: the section's month"]


def test_a_month_heading_merged_over_all_but_the_number_column_of_a_sheet() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["План мероприятий ЦППМСП на 2025 год"])
    sheet.append(HEADER)
    sheet.append(["", "МАРТ"])
    sheet.merge_cells("B3:D3")
    sheet.append(["1", "Семинар для родителей", "в течение месяца", "Психолог"])
    sheet.append(["2", "Круглый стол «Инклюзия»", "20 марта", "Методист"])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = parse_plan(buffer.getvalue(), "план.xlsx")
    assert [(e.title, e.section, e.starts_on, e.ends_on) for e in plan.events] == [
        ("Семинар для родителей", "МАРТ", D("2025-03-01"), D("2025-03-31")),
        ("Круглый стол «Инклюзия»", "МАРТ", D("2025-03-20"), D("2025-03-20")),
    ]


def test_a_plan_that_marks_each_items_months_in_a_column_per_month() -> None:
    months = ["IX", "X", "XI", "XII", "I", "II", "III", "IV", "V"]
    data = word(
        [
            "План методической работы ИМЦ на 2024-2025 учебный год",
            [
                ["№", "Мероприятие", *months, "Ответственный"],
                ["1.", "Семинар «Инклюзия в школе»", "+", "", "", "", "", "", "", "", "", "Методист"],
                ["2.", "Мониторинг", "", "", "+", "", "", "", "+", "", "", "Методист"],
                ["3.", "Вебинар для родителей", "", "", "", "", "16", "", "", "", "", "Психолог"],
            ],
        ]
    )
    plan = parse_plan(data, "plan.docx")
    assert [(e.starts_on, e.ends_on, e.precision, e.responsible) for e in plan.events] == [
        (D("2024-09-01"), D("2024-09-30"), "month", "Методист"),
        (D("2024-11-01"), D("2025-03-31"), "months", "Методист"),
        (D("2025-01-16"), D("2025-01-16"), "day", "Психолог"),
    ]
    assert plan.warnings == []


def test_months_under_a_merged_dates_header_cell_keep_the_columns_after_them_in_place() -> None:
    document = docx.Document()
    document.add_paragraph("План работы на 2025 год")
    table = document.add_table(rows=4, cols=6)
    for at, text in enumerate(["№", "Мероприятие", "Сроки проведения", "", "", "Ответственный"]):
        table.cell(0, at).text = text
    table.cell(0, 2).merge(table.cell(0, 4)).text = "Сроки проведения"
    for at in (0, 1, 5):
        table.cell(0, at).merge(table.cell(1, at))
    for at, month in enumerate(["Март", "Апрель", "Май"], start=2):
        table.cell(1, at).text = month
    for r, row in enumerate(
        [["1", "Семинар", "+", "", "", "Иванова"], ["2", "Клуб", "", "х", "х", "Петрова"]], 2
    ):
        for at, text in enumerate(row):
            table.cell(r, at).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    plan = parse_plan(buffer.getvalue(), "plan.docx")
    assert [(e.title, e.starts_on, e.ends_on, e.responsible) for e in plan.events] == [
        ("Семинар", D("2025-03-01"), D("2025-03-31"), "Иванова"),
        ("Клуб", D("2025-04-01"), D("2025-05-31"), "Петрова"),
    ]


def test_a_table_pasted_one_row_a_line_whose_first_column_is_empty_throughout() -> None:
    text = (
        "Программа мероприятий ко Дню защиты детей на 1 июня 2025 года\n"
        "\tДата\tМероприятие\tУчреждение\tВремя\n"
        "\t1 июня\tИгровая программа «Лето»\tДом культуры\t10.00\n"
        "\t\tМастер-класс для детей с ОВЗ\tЦентр «Радуга»\t12.00\n"
        "\t\tКонцерт\tПарк\t17.00\n"
    )
    plan = parse_plan(text.encode(), "программа.txt")
    assert [e.title for e in plan.events] == [
        "Игровая программа «Лето»",
        "Мастер-класс для детей с ОВЗ",
        "Концерт",
    ]
    assert plan.events[0].starts_on == D("2025-06-01")


def test_a_title_column_named_by_its_kind_and_two_columns_for_the_start_and_the_end() -> None:
    data = word(
        [
            "График заездов в реабилитационный центр на 2025 год",
            [
                ["", "Вид группы (заболевание, программа)", "Дата начала", "Дата окончания", "кол. чел."],
                ["1.", "Группа «Открытый мир»", "09.01", "06.02", "15"],
                ["2.", "Группа для детей школьного возраста", "10 февраля", "11 марта", "12"],
            ],
        ]
    )
    plan = parse_plan(data, "график.docx")
    assert [(e.title, e.starts_on, e.ends_on, e.precision) for e in plan.events] == [
        ("Группа «Открытый мир»", D("2025-01-09"), D("2025-02-06"), "days"),
        ("Группа для детей школьного возраста", D("2025-02-10"), D("2025-03-11"), "days"),
    ]


def test_a_header_that_names_no_title_column_is_not_read_as_an_item() -> None:
    rows = [
        ["График заездов в реабилитационный стационар на 2025 год"],
        ["Порядковый номер заезда", "Дата начала заезда", "Дата окончания заезда", "Свободных мест"],
        ["1 заезд", "10 января", "31 января", "21"],
        ["2 заезд", "3 февраля", "28 февраля", "21"],
        ["3 заезд", "3 марта", "28 марта", "21"],
    ]
    plan = parse_plan(excel_csv(rows[1:], "utf-8", True), "график.csv")
    assert [(e.title, e.starts_on, e.ends_on) for e in plan.events] == [
        ("1 заезд", D("2018-01-10"), D("2018-01-31")),  # the CSV's title line says «на 2018 год»
        ("2 заезд", D("2018-02-03"), D("2018-02-28")),
        ("3 заезд", D("2018-03-03"), D("2018-03-28")),
    ]


def test_a_cell_per_line_copy_with_the_column_numbers_under_its_header() -> None:
    text = "\n".join(
        [
            "План основных мероприятий ко Дню матери в 2020 году",
            "№ п/п",
            "Наименование мероприятий",
            "Дата проведения",
            "Место проведения",
            *"1234",
            "1.",
            "Конкурс рисунков «Мама»",
            "1-27 ноября",
            "Дом культуры",
            "2.",
            "Концерт «Сердце мамы»",
            "25 ноября в 13.00",
            "Школа искусств",
        ]
    )
    plan = parse_plan(text.encode(), "план.txt")
    assert [(e.title, e.starts_on, e.ends_on) for e in plan.events] == [
        ("Конкурс рисунков «Мама»", D("2020-11-01"), D("2020-11-27")),
        ("Концерт «Сердце мамы»", D("2020-11-25"), D("2020-11-25")),
    ]


def test_excel_unicode_text_is_read_utf16_with_tabs() -> None:
    rows = [["План мероприятий на 2025 год"], HEADER, *ROWS]
    text = "\r\n".join("\t".join(row) for row in rows) + "\r\n"
    data = text.encode("utf-16")  # with its byte-order mark, as Excel saves «Текст Юникод»
    for filename in ("план.txt", "план.csv"):
        plan = parse_plan(data, filename)
        assert [e.title[:12] for e in plan.events] == ["Семинар для ", "Круглый стол", "Консультации"]
        assert plan.events[0].starts_on == D("2025-09-20")


def test_a_month_column_and_a_day_column_make_one_date() -> None:
    data = word(
        [
            "План работы родительского клуба на 2024-2025 учебный год",
            [
                ["№", "Месяц", "Дата", "Тема встречи", "Ответственный"],
                ["1.", "Октябрь", "15", "Знакомство", "Психолог"],
                ["2.", "Ноябрь", "", "Игры дома", "Логопед"],
                ["3.", "Январь", "21.01.2025", "Режим дня", "Психолог"],
            ],
        ]
    )
    plan = parse_plan(data, "клуб.docx")
    assert [(e.starts_on, e.ends_on, e.precision) for e in plan.events] == [
        (D("2024-10-15"), D("2024-10-15"), "day"),
        (D("2024-11-01"), D("2024-11-30"), "month"),
        (D("2025-01-21"), D("2025-01-21"), "day"),
    ]


def test_a_cell_per_line_copy_with_a_number_typed_twice_and_a_header_cell_of_two_paragraphs() -> None:
    text = "\n".join(
        [
            "План мероприятий ко Дню Победы на 2024 год",
            "№ п/п",
            "Мероприятие",
            "Дата проведения",
            "Категория",
            "участников",
            "Ответственный",
            "1.",
            "Акция «Георгиевская ленточка»",
            "02.05.2024",
            "Учащиеся",
            "Классные руководители",
            "2.",
            "Уроки Мужества",
            "03.05.2024",
            "Учащиеся 1-11 классов",
            "Учителя истории",
            "2.",  # typed twice on the page
            "Праздничный концерт",
            "06.05.2024",
            "Родители",
            "Педагог-организатор",
            "4.",  # and the next one skipped
            "Спортивные эстафеты",
            "07.05.2024",
            "Учащиеся",
            "Учитель физкультуры",
        ]
    )
    plan = parse_plan(text.encode(), "план.txt")
    assert plan.title == "План мероприятий ко Дню Победы на 2024 год"
    assert [(e.title, e.starts_on) for e in plan.events] == [
        ("Акция «Георгиевская ленточка»", D("2024-05-02")),
        ("Уроки Мужества", D("2024-05-03")),
        ("Праздничный концерт", D("2024-05-06")),
        ("Спортивные эстафеты", D("2024-05-07")),
    ]
    assert [e.responsible for e in plan.events] == [
        "Классные руководители",
        "Учителя истории",
        "Педагог-организатор",
        "Учитель физкультуры",
    ]


def test_rows_of_one_calendar_year_with_no_period_in_the_title_are_that_year() -> None:
    data = word(
        [
            "Мероприятия к 105-летию дополнительного образования",
            [
                HEADER,
                ["1.", "Открытие юбилейного года", "Январь 2023", "Комитет"],
                ["2.", "Конкурс «Мой кружок»", "Январь – август 2023", "ДДТ «Жемчужина»"],
                ["3.", "Выставка работ", "В течение года", "ДДТ «Жемчужина»"],
            ],
        ]
    )
    plan = parse_plan(data, "план.docx")
    assert plan.period is not None and (plan.period.starts_on, plan.period.ends_on) == (
        D("2023-01-01"),
        D("2023-12-31"),
    )
    assert (plan.events[2].starts_on, plan.events[2].ends_on) == (D("2023-01-01"), D("2023-12-31"))


def test_the_whole_year_is_not_guessed_when_the_rows_span_two_years_and_the_title_names_none() -> None:
    data = word(
        [
            "Дорожная карта по реализации проекта «Вместе»",
            [
                HEADER,
                ["1.", "Подготовительный этап", "Январь – апрель 2015 года", "Директор"],
                ["2.", "Обучающие семинары", "В течение года", "Методист"],
                ["3.", "Итоговая конференция", "Май 2016 года", "Директор"],
            ],
        ]
    )
    plan = parse_plan(data, "карта.docx")
    assert (plan.events[1].starts_on, plan.events[1].precision) == (None, "unknown")
    assert plan.events[1].warnings == ["no plan period to place it in"]


def test_a_half_year_heading_dates_a_row_it_cannot_read_and_numbers_are_no_items() -> None:
    data = word(
        [
            "План работы кафедры на 2018-2019 учебный год",
            [
                HEADER,
                ["1 ПОЛУГОДИЕ"],
                ["1.", "Участие в заседаниях кафедры", "В течение семестра", "Преподаватель"],
                [
                    "2.",
                    "Семинар для родителей",
                    "01.09\n18.09\n26.09.14г",
                    "Психолог",
                ],  # «.14» typed for «.18»
                ["3.", "266,33", "423,67", "690"],  # a row of hours under the plan: not an item
            ],
        ]
    )
    plan = parse_plan(data, "план.docx")
    assert [e.title for e in plan.events] == ["Участие в заседаниях кафедры", "Семинар для родителей"]
    assert (plan.events[0].starts_on, plan.events[0].ends_on) == (D("2018-09-01"), D("2018-12-31"))
    assert plan.events[1].dates[:2] == [
        D("2014-09-26"),
        D("2018-09-01"),
    ]  # the slip stays as written, flagged
    assert plan.events[1].dates[2:] == [D("2018-09-18")]
    assert [s.reason for s in plan.skipped] == ["empty title"]


def test_items_stacked_in_one_row_each_with_its_date_in_the_same_order() -> None:
    data = word(
        [
            "План работы школы на 2015-2016 учебный год",
            [
                ["№ пп", "Содержание работы", "дата", "Ответственные"],
                [
                    "I",
                    "Педсовет «Задачи на новый учебный год»\n1. Подготовка документации\n2. Составление отчёта"
                    "\nпо форме ОШ-1.\n3. Составление расписания",
                    "30.08\n\nАвгуст- сентябрь\n\n05.09\n\n31.08-15.09",
                    "Директор",
                ],
                ["II", "Семинар «Инклюзия»\n1. Первый этап\n2. Второй этап", "Октябрь", "Методист"],
            ],
        ]
    )
    plan = parse_plan(data, "план.docx")
    assert [(e.number, e.title, e.starts_on, e.ends_on) for e in plan.events] == [
        ("1", "Подготовка документации", D("2015-08-01"), D("2015-09-30")),
        ("2", "Составление отчёта по форме ОШ-1.", D("2015-09-05"), D("2015-09-05")),
        ("3", "Составление расписания", D("2015-08-31"), D("2015-09-15")),
        ("II", "Семинар «Инклюзия» 1. Первый этап 2. Второй этап", D("2015-10-01"), D("2015-10-31")),
    ]
    assert plan.events[0].section == "Педсовет «Задачи на новый учебный год»"


def test_a_day_in_the_number_cell_merged_down_dates_the_times_of_the_rows_below() -> None:
    rows = [
        ["№ п/п", "Наименование мероприятия", "Участники", "Дата и время проведения", "Ответственные"],
        [
            "28.03.2022 понедельник",
            "Соревнования «Здоровье»",
            "V-XI классы",
            "09.30-11.00 Спортзал",
            "Учитель",
        ],
        ["", "Информационный час", "III-IV классы", "14.00-15.00 Библиотека", "Библиотекарь"],
        ["29.03.2022 вторник", "Викторина «Хочу всё знать!»", "VIII класс", "10.00-11.00 Каб.318", "Учитель"],
    ]
    plan = parse_plan(excel_csv(rows, "cp1251", False), "каникулы.csv")
    assert [(e.starts_on, e.precision, e.number) for e in plan.events] == [
        (D("2022-03-28"), "day", None),
        (D("2022-03-28"), "day", None),
        (D("2022-03-29"), "day", None),
    ]


def test_a_day_line_above_each_table_dates_the_times_under_it() -> None:
    text = (
        "План работы Центральной библиотеки на май 2017 года\n"
        "Дата- 03.05.2017\n"
        "Время\tКатегория\tНаименование\tМесто проведения\n"
        "9-00\t\tПатриотический час «Животные на войне»\tЦентральная библиотека\n"
        "Дата - 04.05.2017\n"
        "Время\tКатегория\tНаименование\tМесто проведения\n"
        "11-00\t\tГромкие чтения «Читаем детям о войне»\tЦентральная библиотека\n"
    )
    plan = parse_plan(text.encode(), "план.txt")
    assert [(e.starts_on, e.ends_on, e.precision) for e in plan.events] == [
        (D("2017-05-03"), D("2017-05-03"), "day"),
        (D("2017-05-04"), D("2017-05-04"), "day"),
    ]


def test_a_list_of_months_with_a_range_inside_and_a_direction_column_naming_the_items() -> None:
    data = word(
        [
            "План мероприятий на 2009 год",
            [
                ["№", "Направления деятельности", "Сроки", "Ответственные"],
                ["1.", "Информирование участников экзамена", "апрель, май - июнь, июль", "Министерство"],
                ["2.", "Консультации для родителей", "в течение года", "Центр"],
            ],
        ]
    )
    plan = parse_plan(data, "план.docx")
    assert [(e.title, e.starts_on, e.ends_on, e.precision) for e in plan.events] == [
        ("Информирование участников экзамена", D("2009-04-01"), D("2009-07-31"), "months"),
        ("Консультации для родителей", D("2009-01-01"), D("2009-12-31"), "year"),
    ]


def test_numbered_events_run_together_in_one_cell_are_items_but_a_meetings_questions_are_not() -> None:
    text = (
        "План мероприятий на летний период 2025 года\n"
        "Месяц\tМероприятие\tОтветственные\n"
        "Июнь\t1.Праздник, посвящённый Дню защиты детей 2.Физкультурный досуг «В поисках клада». "
        "3.Конкурс рисунка на асфальте\tВоспитатели\n"
        "Июль\t1. О подготовке к новому учебному году. 2. Отчёт о летней кампании.\tЗаведующий\n"
    )
    plan = parse_plan(text.encode(), "план.txt")
    assert [(e.title, e.starts_on) for e in plan.events] == [
        ("Праздник, посвящённый Дню защиты детей", D("2025-06-01")),
        ("Физкультурный досуг «В поисках клада».", D("2025-06-01")),
        ("Конкурс рисунка на асфальте", D("2025-06-01")),
        ("1. О подготовке к новому учебному году. 2. Отчёт о летней кампании.", D("2025-07-01")),
    ]


def test_a_numbered_row_with_only_a_name_over_its_sub_rows_is_their_section() -> None:
    rows = [
        ["План мероприятий на 2019 год"],
        ["№ п/п", "Наименование мероприятия", "Ответственный", "Срок"],
        ["1", "Организационные и методические мероприятия", "", ""],
        ["1.1", "Семинар для специалистов", "Министерство", "март 2019"],
        ["1.2", "Обучение помощников по уходу", "Центр", "до 1 июня 2019"],
    ]
    plan = parse_plan(excel_csv(rows[1:], "cp1251", False), "план.csv")
    assert [(e.number, e.section, e.title) for e in plan.events] == [
        ("1.1", "1 Организационные и методические мероприятия", "Семинар для специалистов"),
        ("1.2", "1 Организационные и методические мероприятия", "Обучение помощников по уходу"),
    ]


def test_times_in_a_camp_of_some_days_are_every_day_of_it_and_a_time_range_is_no_date() -> None:
    text = (
        "Режим дня лагеря с дневным пребыванием детей с ОВЗ\n"
        "График смены:\n"
        "26.05.2025-17.06.2025\n"
        "Время\tМероприятие\tОтветственный\n"
        "8.30\tСбор детей, зарядка\tВоспитатели\n"
        "9.20 - 12.10\tЗанятия в кружках\tПедагоги\n"
    )
    plan = parse_plan(text.encode(), "режим.txt")
    assert plan.period is not None and (plan.period.starts_on, plan.period.ends_on) == (
        D("2025-05-26"),
        D("2025-06-17"),
    )
    assert [(e.starts_on, e.ends_on, e.precision) for e in plan.events] == [
        (D("2025-05-26"), D("2025-06-17"), "days"),
        (D("2025-05-26"), D("2025-06-17"), "days"),  # «9.20 - 12.10» is not the 12th of October
    ]


def test_a_sentence_ending_with_a_colon_above_a_cell_per_line_header_is_not_a_column() -> None:
    text = "\n".join(
        [
            "День семьи, воспитывающей ребёнка-инвалида, 2023 год",
            "К этому дню пройдут следующие мероприятия:",
            "№",
            "Мероприятие",
            "Место проведения",
            "Дата, время",
            "1",
            "Мастер-класс «Невозможное возможно»",
            "п. Бохан, Дом культуры",
            "27.10.2023года, 10.00 час",
            "2",
            "Концерт для семей",
            "Дом культуры",
            "28.10.2023, 12.00",
        ]
    )
    plan = parse_plan(text.encode(), "план.txt")
    assert [(e.title, e.starts_on) for e in plan.events] == [
        ("Мастер-класс «Невозможное возможно»", D("2023-10-27")),
        ("Концерт для семей", D("2023-10-28")),
    ]


def _unruled_pdf(rows: list[list[str]], xs: list[int]) -> bytes:
    document = FPDF()
    document.add_page()
    document.add_font("DejaVu", fname=str(FONT))
    document.set_font("DejaVu", size=10)
    document.cell(0, 8, "План мероприятий на 2025 год", new_x="LMARGIN", new_y="NEXT")
    for row in rows:
        y = document.get_y()
        for x, text in zip(xs, row, strict=False):
            document.set_xy(x, y)
            document.cell(0, 6, text)
        document.set_y(y + 6)
    return bytes(document.output())


def test_a_pdf_table_typed_without_borders_is_read_by_where_its_words_stand() -> None:
    rows = [
        ["№", "Мероприятие", "Срок", "Ответственный"],
        ["1.", "Семинар для родителей детей с ОВЗ", "20 сентября", "Петрова А.А."],
        ["", "«Особый ребёнок»", "", "педагог-психолог"],  # the second line of row 1's cells
        ["2.", "Круглый стол", "Март-октябрь", "Иванова И.И."],
    ]
    plan = parse_plan(_unruled_pdf(rows, [10, 22, 110, 150]), "план.pdf")
    assert plan.title == "План мероприятий на 2025 год"
    assert [(e.title, e.starts_on, e.responsible) for e in plan.events] == [
        (
            "Семинар для родителей детей с ОВЗ «Особый ребёнок»",
            D("2025-09-20"),
            "Петрова А.А.\nпедагог-психолог",
        ),
        ("Круглый стол", D("2025-03-01"), "Иванова И.И."),
    ]


def test_a_borderless_pdf_whose_guessed_columns_would_cut_words_gets_the_no_table_answer() -> None:
    rows = [
        ["№", "Мероприятие", "Срок", "Ответственный"],
        ["1.", "Семинар", "20 сентября", "Петрова"],
        ["2.", "Круглый стол «Инклюзия: опыт и перспективы»", "Март", "Иванова"],
    ]
    data = _unruled_pdf(rows, [10, 22, 60, 150])  # the long title runs under the «Срок» column
    with pytest.raises(PlanFormatError) as error:
        parse_plan(data, "план.pdf")
    assert error.value.code == "no_table"


def test_day_rows_in_a_plan_for_a_week_date_the_times_under_them() -> None:
    text = (
        "План спортивных мероприятий с 23 по 29 октября 2017 года\n"
        "Время проведения\tМероприятие\tМесто\n"
        "23.10 Понедельник\n"
        "10-00\tТурнир по мини-футболу\tСтадион\n"
        "24.10 Вторник\n"
        "8-00\tЛыжная эстафета\tПарк\n"
        "15.15.-15.30\tФизкультминутка\tСпортзал\n"
    )
    plan = parse_plan(text.encode(), "неделя.txt")
    assert [(e.starts_on, e.ends_on, e.precision) for e in plan.events] == [
        (D("2017-10-23"), D("2017-10-23"), "day"),
        (D("2017-10-24"), D("2017-10-24"), "day"),
        (D("2017-10-24"), D("2017-10-24"), "day"),  # a stray dot after the first time: still a time
    ]


def test_a_cyclogram_by_weekday_is_weekly_and_an_hours_column_is_the_time() -> None:
    text = (
        "Циклограмма работы педагога-психолога на 2015-2016 учебный год\n"
        "Дни недели\tЧасы\tВиды работы\n"
        "Вторник\t9.00 – 9.30\tДиагностика младших дошкольников\n"
        "\t9.30 – 10.00\tКоррекционно-развивающие занятия\n"
    )
    plan = parse_plan(text.encode(), "циклограмма.txt")
    assert [(e.title, e.precision, e.recurrence, e.starts_on, e.ends_on) for e in plan.events] == [
        ("Диагностика младших дошкольников", "recurring", "weekly", D("2015-09-01"), D("2016-08-31")),
        ("Коррекционно-развивающие занятия", "recurring", "weekly", D("2015-09-01"), D("2016-08-31")),
    ]


def test_a_responsible_line_like_a_signature_inside_a_row_does_not_end_the_table() -> None:
    text = "\n".join(
        [
            "План мероприятий к 75-летию Победы на 2020 год",
            "№",
            "Мероприятие",
            "Дата",
            "Ответственный",
            "1.",
            "Акция «Бессмертный полк»",
            "09.05.2020",
            "Классные руководители",
            "2.",
            "Спортивный праздник",
            "с 28.01. по-31.01.",
            "Руководитель физ. воспитания,",
            "Зав. по ВР",
            "3.",
            "Выставка рисунков",
            "05.05.2020",
            "Учитель ИЗО",
        ]
    )
    plan = parse_plan(text.encode(), "план.txt")
    assert [(e.title, e.starts_on, e.ends_on, e.precision) for e in plan.events] == [
        ("Акция «Бессмертный полк»", D("2020-05-09"), D("2020-05-09"), "day"),
        ("Спортивный праздник", D("2020-01-28"), D("2020-01-31"), "days"),
        ("Выставка рисунков", D("2020-05-05"), D("2020-05-05"), "day"),
    ]


def test_a_semicolon_csv_with_many_commas_in_its_cells_and_ongoing_rows_of_a_plan_with_no_year() -> None:
    text = (
        "Мероприятия ко Дню матери\r\n"
        'N;Мероприятия;"Дата (срок),\r\nместо проведения";Ответственные\r\n'
        '1.;"Акция «Мама, я тебя люблю»,\r\nконкурс рисунков, стихов,\r\nфотографий, поделок";'
        '"до 27 ноября,\r\nшколы, детские сады";"Управление образования,\r\nруководители"\r\n'
        '2.;"Информация в СМИ о Дне матери,\r\nо семьях, о мамах";постоянно;"Пресс-служба,\r\nотдел"\r\n'
    )
    plan = parse_plan(text.encode("cp1251"), "мамы.csv")
    assert [(e.title[:14], e.starts_on, e.precision) for e in plan.events] == [
        ("Акция «Мама, я", None, "unknown"),  # no year anywhere: «до 27 ноября» is not placed
        ("Информация в С", None, "unknown"),  # «постоянно» over no period is no date either
    ]
    assert plan.events[0].responsible == "Управление образования,\nруководители"


def test_a_list_of_months_not_in_calendar_order_spans_the_first_to_the_latest() -> None:
    when = parse_when("Апрель 2017г. Май, сентябрь 2017 г. Июнь–август 2017 г.")
    assert (when.starts_on, when.ends_on, when.precision) == (D("2017-04-01"), D("2017-09-30"), "months")
