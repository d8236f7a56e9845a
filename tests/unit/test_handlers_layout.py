"""The handler packages keep to their layout: a feature's modules import the shared pieces (handlers/common,
handlers/views), any feature's callback data and their own feature, never another feature's handlers or views;
views hold no handlers."""

from __future__ import annotations

import ast
from pathlib import Path

HANDLERS = Path(__file__).resolve().parents[2] / "handlers"
SHARED = {"common", "views"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {name for name in found if name.startswith("handlers.")}


def _allowed(importer: tuple[str, ...], imported: str) -> bool:
    parts = imported.split(".")
    if len(parts) < 2 or parts[1] in SHARED:
        return True
    if parts[1] == importer[0]:  # its own feature
        return True
    return len(parts) >= 3 and parts[2] == "callbacks"  # a button that opens another feature's screen


def test_no_feature_reaches_into_another_features_handlers_or_views() -> None:
    wrong = []
    for path in HANDLERS.rglob("*.py"):
        relative = path.relative_to(HANDLERS).with_suffix("").parts
        if len(relative) < 2 or relative[-1] == "__init__" or relative[0] in SHARED:
            continue
        wrong += [
            f"{'/'.join(relative)} imports {name}" for name in _imports(path) if not _allowed(relative, name)
        ]
    assert wrong == []


def test_shared_pieces_import_no_feature_but_its_callback_data() -> None:
    wrong = []
    for folder in SHARED:
        for path in (HANDLERS / folder).rglob("*.py"):
            for name in _imports(path):
                parts = name.split(".")
                if len(parts) >= 2 and parts[1] not in SHARED and (len(parts) < 3 or parts[2] != "callbacks"):
                    wrong.append(f"{folder}/{path.name} imports {name}")
    assert wrong == []


def test_views_register_no_handlers() -> None:
    views = [p for p in HANDLERS.rglob("*.py") if "views" in p.stem or p.parent.name == "views"]
    assert views
    for path in views:
        text = path.read_text(encoding="utf-8")
        assert ".register(" not in text and "Router(" not in text and "FSMContext" not in text, path
