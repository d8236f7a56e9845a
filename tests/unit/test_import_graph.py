"""The layers, checked on the source: every module's imports are read with `ast` (those inside functions and under
TYPE_CHECKING too), so a lazy import cannot hide a cycle or a wrong-way dependency."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "services", "db")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


MODULES = source_modules()


def imports_of(name: str, path: Path) -> set[str]:
    """Every module `name` imports; `from a import b` counts as `a.b` when that is a module of ours."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:
                    found.add(f"{base}.{alias.name}")
    return found


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def offenders(source: str, target: str) -> set[tuple[str, str]]:
    return {
        (name, imported)
        for name, imported_set in GRAPH.items()
        if within(name, source)
        for imported in imported_set
        if within(imported, target)
    }


def services_unit(name: str) -> str:
    """The unit the cycle rule is about: a services sub-package, or a top-level services module."""
    parts = name.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else name


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the directed graph, as a path that returns to its start; None when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)) is not None:
            return cycle
    return None


def test_the_graph_sees_lazy_imports(tmp_path: Path):
    """The reader itself: an import inside a function counts (the old users → registrations cycle hid there)."""
    path = tmp_path / "probe.py"
    path.write_text("def f():\n    from services.core import errors\n", encoding="utf-8")
    assert {"services.core", "services.core.errors"} <= imports_of("probe", path)


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_cycle_among_services_packages():
    edges: dict[str, set[str]] = defaultdict(set)
    for name, imported in GRAPH.items():
        if not within(name, "services"):
            continue
        for target in imported:
            if (
                target in MODULES
                and within(target, "services")
                and services_unit(name) != services_unit(target)
            ):
                edges[services_unit(name)].add(services_unit(target))
    assert find_cycle(edges) is None


def test_no_cycle_among_services_modules():
    """Inside a package too (package `__init__` files only carry a docstring, so they are left out)."""

    def plain(name: str) -> bool:
        return name in MODULES and within(name, "services") and MODULES[name].name != "__init__.py"

    edges = {
        name: {t for t in imported if plain(t) and t != name}
        for name, imported in GRAPH.items()
        if plain(name)
    }
    assert find_cycle(edges) is None


def test_services_import_no_aiogram():
    assert offenders("services", "aiogram") == set()


def test_services_import_no_bot_or_handlers():
    assert offenders("services", "bot") | offenders("services", "handlers") == set()


#: SQL stays in db/: services may name a session (sqlalchemy.ext.asyncio) and catch its errors (sqlalchemy.exc),
#: nothing else.
SERVICES_SQLALCHEMY_ALLOWED = {"sqlalchemy.ext.asyncio", "sqlalchemy.exc"}


def test_services_write_no_sql():
    found = {
        (name, imported)
        for name, imported in offenders("services", "sqlalchemy")
        if imported not in SERVICES_SQLALCHEMY_ALLOWED
    }
    assert found == set()


def test_db_imports_nothing_from_services():
    assert offenders("db", "services") == set()


def test_db_imports_no_aiogram_or_handlers():
    assert offenders("db", "aiogram") | offenders("db", "handlers") == set()


def test_handlers_import_nothing_from_bot():
    """Handlers get settings through a narrow protocol and the sender through the `Notifier`: never from bot/."""
    assert offenders("handlers", "bot") == set()


def test_handlers_take_from_db_only_the_model_types():
    """Handlers may name the rows services hand them (`db.models`, for annotations and attribute reads); every
    query, repository and session helper stays behind a service."""
    assert {
        (module, imported) for module, imported in offenders("handlers", "db") if imported != "db.models"
    } == set()
