"""Every message exists in both languages, parses, and every key the code asks for exists."""

import re
from pathlib import Path

from fluent.syntax import FluentParser
from fluent.syntax.ast import Junk, Message

from services.core.i18n import LOCALES_DIR

ROOT = Path(__file__).resolve().parents[2]


def keys(locale: str) -> set[str]:
    found: set[str] = set()
    for path in (LOCALES_DIR / locale).glob("*.ftl"):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [entry.content for entry in resource.body if isinstance(entry, Junk)]
        assert not junk, f"{path}: cannot parse {junk[0][:80]!r}"
        found |= {entry.id.name for entry in resource.body if isinstance(entry, Message)}
    return found


def test_both_locales_have_the_same_keys():
    ru, en = keys("ru"), keys("en")
    assert ru, "no Russian messages found"
    assert sorted(ru - en) == [], "missing in English"
    assert sorted(en - ru) == [], "missing in Russian"


def test_every_literal_key_used_in_code_exists():
    used: set[str] = set()
    pattern = re.compile(
        r"""(?:\bt|translator\.get\([^,]+,)\(?\s*"([a-z][a-z0-9-]+)"|(?:ValidationFailed|PermissionDenied|NotFound|ServiceError|Outdated|ConsentRequired)\("([a-z][a-z0-9-]+)\""""
    )
    for folder in ("handlers", "services", "bot"):
        for path in (ROOT / folder).rglob("*.py"):
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                used.add(match.group(1) or match.group(2))
    missing = sorted(used - keys("ru"))
    assert used and missing == []


def test_messages_with_numbers_are_formatted_once_and_text_people_typed_is_never_kept():
    from services.core.i18n import Translator

    translator = Translator()
    t_ru, t_en = translator.bind("ru"), translator.bind("en")
    for _ in range(2):
        assert t_ru("schedule-page", page=2, pages=40, total=397) == "Страница 2 из 40 · всего 397"
        assert t_en("schedule-page", page=2, pages=40, total=397) == "Page 2 of 40 · 397 in all"
        assert t_ru("schedule-page", page=3, pages=40, total=397) == "Страница 3 из 40 · всего 397"
    assert len(translator._formatted) == 3
    t_ru("event-responsible", who="Иванова Анна Петровна")
    assert not any("Иванова" in text for text in translator._formatted.values())
