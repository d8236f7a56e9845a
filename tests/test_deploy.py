"""The deployment files work as they are: the systemd unit passes systemd's own check, compose parses without a
.env (with the documented defaults) and takes the database password from one, and the image ships what the bot
reads at run time and checks its own health."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def compose_command() -> list[str]:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("neither `docker compose` nor `docker-compose` is installed")


def compose_config(env_file: Path | None, folder: Path) -> dict:
    args = [*compose_command(), "-f", str(folder / "compose.yaml")]
    if env_file is not None:
        args += ["--env-file", str(env_file)]
    result = subprocess.run([*args, "config"], capture_output=True, text=True, timeout=120, cwd=folder)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_parses_without_a_env_file_and_takes_the_password_from_one(tmp_path: Path):
    folder = tmp_path / "deploy"  # a copy, so that no .env of the checkout is anywhere near
    folder.mkdir()
    shutil.copy(ROOT / "deploy" / "compose.yaml", folder / "compose.yaml")
    config = compose_config(None, folder)
    bot = config["services"]["bot-1"]
    assert bot["environment"]["DATABASE_URL"] == "postgresql+asyncpg://vmeste:vmeste@postgres:5432/vmeste"
    assert config["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"] == "vmeste"
    for name in ("bot-1", "bot-2", "postgres", "redis"):
        logging = config["services"][name]["logging"]
        assert logging["driver"] == "json-file" and logging["options"]["max-size"] == "10m"

    env = tmp_path / "my.env"
    env.write_text("BOT_TOKEN=123:abc\nPOSTGRES_PASSWORD=s3cret\nWEBHOOK_SECRET=hook_secret\n")
    config = compose_config(env, folder)
    bot = config["services"]["bot-2"]["environment"]
    assert bot["DATABASE_URL"] == "postgresql+asyncpg://vmeste:s3cret@postgres:5432/vmeste"
    assert bot["BOT_TOKEN"] == "123:abc" and bot["WEBHOOK_SECRET"] == "hook_secret"
    assert config["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"] == "s3cret"


def test_the_systemd_unit_passes_systemds_check(tmp_path: Path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    text = (ROOT / "deploy" / "vmeste.service").read_text()
    assert "Restart=on-failure" in text and "EnvironmentFile=/opt/vmeste/.env" in text
    assert "ExecStart=/opt/vmeste/scripts/run" in text
    unit = tmp_path / "vmeste.service"
    unit.write_text(text.replace("/opt/vmeste", str(ROOT)))  # as installed in this checkout
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    problems = [line for line in result.stderr.splitlines() if "vmeste.service" in line]
    assert result.returncode == 0 and problems == [], result.stderr


def test_the_image_ships_surveys_and_seeds_and_checks_its_health():
    text = (ROOT / "Dockerfile").read_text()
    for folder in ("bot", "db", "handlers", "services", "locales", "surveys", "seeds"):
        assert f"COPY {folder} ./{folder}" in text
    assert "HEALTHCHECK" in text and 'CMD ["python", "-m", "bot", "healthcheck"]' in text
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "surveys" not in ignored and "seeds" not in ignored
