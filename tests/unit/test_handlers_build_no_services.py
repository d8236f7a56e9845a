"""Handlers take this update's services from `Ctx` (services/provider.py) and never build one themselves: an
inline `SomeService(ctx.session, …)` would bypass the notifier, the cache or the settings the provider passes."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Routers moved onto the provider; the rest follow.
CONVERTED = (
    "handlers/admin/orgs.py",
    "handlers/admin/staff.py",
    "handlers/broadcast/router.py",
    "handlers/clubs/router.py",
    "handlers/events/form.py",
    "handlers/events/schedule.py",
    "handlers/menu/router.py",
    "handlers/organizations/router.py",
    "handlers/plan_import/plans.py",
    "handlers/plan_import/router.py",
    "handlers/privacy/router.py",
    "handlers/registration/roster.py",
    "handlers/registration/signup.py",
    "handlers/settings/router.py",
    "handlers/start/router.py",
    "handlers/surveys/answering.py",
    "handlers/surveys/manage.py",
)


def service_constructions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        f"{path.name}:{node.lineno} {node.func.id}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.endswith("Service")
    ]


def test_the_check_sees_a_construction(tmp_path: Path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "async def f(ctx):\n    await ClubService(ctx.session).all(ctx.user)\n", encoding="utf-8"
    )
    assert service_constructions(probe) == ["probe.py:2 ClubService"]


def test_converted_routers_build_no_services():
    found = [f"{name}: {hit}" for name in CONVERTED for hit in service_constructions(ROOT / name)]
    assert found == []
