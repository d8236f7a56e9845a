"""The command line for replicas: copy-db is listed, webhook mode refuses to start without its secret."""

from tests.test_cli import run


def test_help_lists_copy_db():
    result = run("--help")
    assert result.returncode == 0 and "copy-db" in result.stdout
    usage = run("copy-db", "--help")
    assert "FROM_URL" in usage.stdout and "--force" in usage.stdout


def test_webhook_mode_without_a_secret_says_what_to_set(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}",
        "BOT_TOKEN": "123456:TEST",
        "BOT_MODE": "webhook",
        "WEBHOOK_SECRET": "",
    }
    result = run(env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "WEBHOOK_SECRET" in lines[0]
