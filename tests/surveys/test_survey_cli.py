"""`python -m bot survey-load FILE` and `python -m bot survey-export ROUND_ID --out PATH`, run as a person would."""

from openpyxl import load_workbook

from db.engine import create_engine, create_session_factory
from tests.factories import make_user
from tests.surveys.helpers import NEEDS_OK, SURVEYS, open_round, respond
from tests.test_cli import run


def test_help_lists_the_survey_commands():
    result = run("--help")
    assert "survey-load" in result.stdout and "survey-export" in result.stdout


async def test_load_twice_a_bad_file_and_export(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    env = {"DATABASE_URL": url}
    first = run("survey-load", str(SURVEYS / "teacher_needs.yaml"), env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("added: teacher-needs version 1")
    again = run("survey-load", str(SURVEYS / "teacher_needs.yaml"), env=env)
    assert again.stdout.startswith("unchanged: teacher-needs version 1")

    bad = tmp_path / "bad.yaml"
    bad.write_text((SURVEYS / "teacher_needs.yaml").read_text().replace("kind: scale", "kind: stars", 1))
    failed = run("survey-load", str(bad), env=env)
    assert failed.returncode == 1
    assert "строка 74, questions[3].kind: недопустимое значение" in failed.stderr
    assert "Ничего не сохранено" in failed.stderr
    missing = run("survey-load", str(tmp_path / "nothing.yaml"), env=env)
    assert missing.returncode == 2

    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        from db.models import Survey

        survey = await session.get(Survey, 1)
        round_ = await open_round(session, survey, audience="teachers")
        for i in range(5):
            await respond(session, await make_user(session, 9100 + i, "teacher"), round_.id, NEEDS_OK)
        round_id = round_.id
    await engine.dispose()

    out = tmp_path / "round.xlsx"
    exported = run("survey-export", str(round_id), "--out", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["Сводка", "Ответы"] and book["Ответы"].max_row == 7
    unknown = run("survey-export", "999", "--out", str(tmp_path / "x.xlsx"), env=env)
    assert unknown.returncode == 1 and "cannot export round 999" in unknown.stderr
