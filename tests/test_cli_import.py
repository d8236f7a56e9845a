"""`python -m bot import-plan`: a fixed interface other tools read. Run as a person would, in a subprocess."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from tests.plan_import.builders import seed_path
from tests.test_cli import run

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PRECISIONS = {
    "day",
    "days",
    "dates",
    "month",
    "months",
    "quarter",
    "year",
    "academic_year",
    "recurring",
    "ongoing",
    "on_request",
    "unknown",
}
RECURRENCE = re.compile(r"^(?:weekly|monthly|quarterly|yearly|n_per_year:\d+)$")
AUDIENCES = {"parents", "teachers", "children", "specialists", "all", "unknown"}
KINDS = {
    "seminar",
    "club",
    "master_class",
    "conference",
    "competition",
    "festival",
    "consultation",
    "meeting",
    "training",
    "survey",
    "monitoring",
    "other",
}
EVENT_KEYS = {
    "index",
    "number",
    "section",
    "title",
    "goal",
    "result",
    "responsible",
    "venue",
    "when_text",
    "starts_on",
    "ends_on",
    "precision",
    "recurrence",
    "dates",
    "audience",
    "kind",
    "warnings",
}


def is_day_or_none(value: object) -> bool:
    return value is None or (isinstance(value, str) and bool(DAY.match(value)))


def is_str_or_none(value: object) -> bool:
    return value is None or isinstance(value, str)


def check_schema(plan: dict) -> None:
    """The JSON object of issue 3, exactly: these keys and nothing else, with these types and values."""
    assert set(plan) == {"source", "title", "period", "events", "skipped", "warnings"}
    assert isinstance(plan["source"], str) and is_str_or_none(plan["title"])
    assert set(plan["period"]) == {"starts_on", "ends_on"}
    assert is_day_or_none(plan["period"]["starts_on"]) and is_day_or_none(plan["period"]["ends_on"])
    assert isinstance(plan["events"], list) and isinstance(plan["skipped"], list)
    for event in plan["events"]:
        assert set(event) == EVENT_KEYS, sorted(set(event) ^ EVENT_KEYS)
        assert type(event["index"]) is int and isinstance(event["title"], str) and event["title"]
        for key in ("number", "section", "goal", "result", "responsible", "venue"):
            assert is_str_or_none(event[key]), key
        assert isinstance(event["when_text"], str)
        assert is_day_or_none(event["starts_on"]) and is_day_or_none(event["ends_on"])
        assert event["precision"] in PRECISIONS
        assert event["recurrence"] is None or RECURRENCE.match(event["recurrence"])
        assert isinstance(event["dates"], list) and all(DAY.match(day) for day in event["dates"])
        assert event["audience"] in AUDIENCES and event["kind"] in KINDS
        assert isinstance(event["warnings"], list) and all(isinstance(w, str) for w in event["warnings"])
        if event["precision"] == "dates":
            assert event["dates"] and (event["starts_on"], event["ends_on"]) == (
                event["dates"][0],
                event["dates"][-1],
            )
    for skip in plan["skipped"]:
        assert set(skip) == {"index", "reason", "text"}
        assert (
            type(skip["index"]) is int and isinstance(skip["reason"], str) and isinstance(skip["text"], str)
        )
    assert isinstance(plan["warnings"], list) and all(isinstance(w, str) for w in plan["warnings"])
    indices = sorted([e["index"] for e in plan["events"]] + [s["index"] for s in plan["skipped"]])
    assert indices == list(range(len(indices)))  # every data row is an event or a skip


# (seed, events, period, precision of the first row)
SEEDS = [
    ("000", 13, ("2019-09-01", "2020-08-31"), "recurring"),
    ("002", 12, ("2019-01-01", "2020-12-31"), "month"),
    ("003", 27, ("2023-09-01", "2024-08-31"), "month"),
    ("004", 13, ("2020-01-01", "2024-12-31"), "dates"),
]


@pytest.mark.parametrize(("prefix", "events", "period", "first_precision"), SEEDS)
def test_dry_run_json_matches_the_schema(prefix, events, period, first_precision, tmp_path):
    path = seed_path(prefix)
    result = run(
        "import-plan",
        str(path),
        "--dry-run",
        "--json",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'untouched.sqlite3'}"},
    )
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)  # exactly one JSON object, nothing else on stdout
    check_schema(plan)
    assert plan["source"] == path.name
    assert len(plan["events"]) == events and plan["skipped"] == []
    assert (plan["period"]["starts_on"], plan["period"]["ends_on"]) == period
    assert plan["events"][0]["precision"] == first_precision
    assert not (tmp_path / "untouched.sqlite3").exists()  # a dry run does not touch the database


def test_dry_run_without_json_prints_a_summary():
    result = run("import-plan", str(seed_path("002")), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "events: 12, schedule entries: 12, skipped: 0, warnings: 0" in result.stdout
    assert "1. [month] Участие в информационном совещании" in result.stdout


def test_import_writes_rows_and_a_second_import_updates_them(tmp_path):
    db = tmp_path / "import.sqlite3"
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{db}"}
    assert run("seed-demo", env=env).returncode == 0
    first = run("import-plan", str(seed_path("000")), "--org", "1", env=env)
    assert first.returncode == 0, first.stderr
    assert "added 23, updated 0, skipped 0, removed 0 (23 schedule entries)" in first.stdout
    second = run("import-plan", str(seed_path("000")), "--org", "1", "--json", env=env)
    assert second.returncode == 0, second.stderr
    counts = json.loads(second.stdout)
    assert (counts["added"], counts["updated"], counts["events"]) == (0, 23, 23)
    with sqlite3.connect(db) as conn:
        events = conn.execute("SELECT count(*) FROM events WHERE plan_id IS NOT NULL").fetchone()[0]
        plans = conn.execute("SELECT title, organization_id, imported_by, events_count FROM plans").fetchall()
    assert events == 23
    assert plans == [("Перспективный план работы", 1, None, 23)]


def test_errors_are_one_line_on_stderr(tmp_path):
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'errors.sqlite3'}"}
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    for args, words in (
        (["import-plan", str(tmp_path / "missing.txt")], "cannot read"),
        (["import-plan", str(seed_path("001")), "--dry-run", "--json"], "no_table"),
        (["import-plan", str(broken), "--dry-run"], "corrupt"),
        (["import-plan", str(seed_path("002")), "--org", "999"], "error-not-found"),
    ):
        result = run(*args, env=env)
        assert result.returncode == 1, args
        assert result.stdout == "", args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], (args, result.stderr)


def test_help_lists_import_plan():
    result = run("import-plan", "--help")
    assert result.returncode == 0
    for option in ("PATH", "--dry-run", "--json", "--org"):
        assert option in result.stdout
