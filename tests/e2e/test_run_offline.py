"""`scripts/run` installs only when the dependencies changed since the last install: after a first install, a
restart with the package index unreachable starts the bot at once (here: without BOT_TOKEN it stops with its one
line, after pip would have run). A changed pyproject.toml makes it install again, which then fails offline.

The project is a copy (its code linked, scripts/run and pyproject.toml copied) with a new .venv that sees this
one's installed libraries, so the first install adds only the project itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
LINKED = ("bot", "db", "handlers", "services", "locales", "surveys", "seeds", "alembic.ini", "README.md")


def run_script(project: Path, offline: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL", "ADMIN_IDS"}}
    if offline:
        env = {k: v for k, v in env.items() if not k.startswith("PIP_")}
        env.update(
            PIP_CONFIG_FILE=os.devnull,  # no index, extra index or local wheels from the machine's pip config
            PIP_INDEX_URL="http://127.0.0.1:9/simple",  # nothing listens there
            PIP_RETRIES="0",
            PIP_TIMEOUT="2",
        )
    return subprocess.run(
        ["bash", str(project / "scripts" / "run")], env=env, capture_output=True, text=True, timeout=600
    )


def test_a_restart_needs_no_package_index(tmp_path: Path) -> None:
    project = tmp_path / "vmeste"
    (project / "scripts").mkdir(parents=True)
    for name in LINKED:
        (project / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "scripts" / "run", project / "scripts" / "run")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    subprocess.run([sys.executable, "-m", "venv", str(project / ".venv")], check=True, timeout=300)
    [site] = (project / ".venv" / "lib").glob("python*/site-packages")
    (site / "libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    first = run_script(project, offline=False)  # the first install, with the package index
    assert "installing the dependencies" in first.stderr, first.stderr
    assert first.returncode == 2, first.stderr  # installed, then stopped: no BOT_TOKEN
    assert (project / ".venv.installed").is_file()

    offline = run_script(project, offline=True)
    assert offline.returncode == 2, offline.stderr
    [line] = offline.stderr.strip().splitlines()  # the one line about BOT_TOKEN, nothing from pip
    assert "BOT_TOKEN" in line

    with (project / "pyproject.toml").open("a") as f:
        f.write("\n# a dependency changed\n")
    changed = run_script(project, offline=True)
    assert "installing the dependencies" in changed.stderr
    assert changed.returncode not in (0, 2), changed.stderr  # it tried the index, which is not there
