"""The command line, run as a person would: `python -m bot ...` in a subprocess."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL", "ADMIN_IDS"}}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_a_token_it_says_what_to_put_in_env(tmp_path):
    result = run(env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}", "BOT_TOKEN": ""})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "BOT_TOKEN" in lines[0] and ".env" in lines[0]


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("run", "migrate", "seed-demo", "create-invite"):
        assert command in result.stdout


def test_seed_demo_twice_and_an_invite(tmp_path):
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}"}
    first = run("seed-demo", env=env)
    assert first.returncode == 0, first.stderr
    assert "8 organizations and 15 events added" in first.stdout
    assert "surveys: 3 added" in first.stdout
    second = run("seed-demo", env=env)
    assert "0 organizations and 0 events added" in second.stdout
    assert "surveys: 3 unchanged" in second.stdout
    invite = run("create-invite", "coordinator", "--org", "1", env=env)
    assert invite.returncode == 0 and invite.stdout.startswith("/start inv_")
    missing_org = run("create-invite", "coordinator", "--org", "999", env=env)
    assert missing_org.returncode == 1 and "cannot create the invite" in missing_org.stderr
