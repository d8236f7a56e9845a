"""Handlers take this update's services from `Ctx` (services/provider.py) and never build one themselves: an
inline `SomeService(ctx.session, …)` would bypass the notifier, the cache or the settings the provider passes. So
no handler module constructs a service or a repository, hands the session to anything, or reaches past a service
into its repository (`ctx.surveys.repo.get(…)`): what a handler needs is a service method."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BUILT_BY_THE_PROVIDER = ("Service", "Repo", "Repository")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_session(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "session") or (
        isinstance(node, ast.Name) and node.id == "session"
    )


def service_constructions(path: Path) -> list[str]:
    """Calls that build a service or a repository, or pass a session along (`open_round(ctx.session, …)`), and
    a service's repository reached into."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "repo":
            found.append((node.lineno, f"{path.name}:{node.lineno} .repo"))
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
        if name.endswith(BUILT_BY_THE_PROVIDER) or any(_is_session(argument) for argument in arguments):
            found.append((node.lineno, f"{path.name}:{node.lineno} {name}"))
    return [hit for _, hit in sorted(found)]


def handler_modules() -> list[Path]:
    """Every module under handlers/ but the one that builds the provider."""
    return sorted(
        path
        for path in (ROOT / "handlers").rglob("*.py")
        if path != ROOT / "handlers" / "common" / "context.py"
    )


def test_the_check_sees_a_construction(tmp_path: Path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "async def f(ctx, session):\n"
        "    await ClubService(ctx.session).all(ctx.user)\n"
        "    await plans.PlanService(ctx.session, ctx.settings.tz).page(ctx.user, 0)\n"
        "    await EventRepo(db).get(1)\n"
        "    await open_round_and_invite(ctx.session, ctx.user, 1)\n"
        "    await invite_to_round(session=session)\n"
        "    await ctx.surveys.repo.get(1)\n"
        "    await ctx.clubs.all(ctx.user)\n",
        encoding="utf-8",
    )
    assert service_constructions(probe) == [
        "probe.py:2 ClubService",
        "probe.py:3 PlanService",
        "probe.py:4 EventRepo",
        "probe.py:5 open_round_and_invite",
        "probe.py:6 invite_to_round",
        "probe.py:7 .repo",
    ]


def test_every_handler_module_is_checked():
    names = {path.relative_to(ROOT).as_posix() for path in handler_modules()}
    assert {"handlers/admin/orgs.py", "handlers/broadcast/router.py", "handlers/surveys/manage.py"} <= names
    assert "handlers/common/context.py" not in names


def test_handlers_build_no_services():
    found = [
        f"{path.relative_to(ROOT)}: {hit}"
        for path in handler_modules()
        for hit in service_constructions(path)
    ]
    assert found == []
