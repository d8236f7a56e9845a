"""The locale holds what a screen reader and a plain-language reader need: buttons that begin with a word, states
said in words, no meaning carried by a pictogram alone, and short sentences in the easy-to-read texts."""

from __future__ import annotations

import ast
import fnmatch
import functools
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, visitor
from fluent.syntax.ast import Message, Placeable, TextElement, VariableReference

from services.core.a11y import PICTOGRAMS, sentences, starts_with_word, strip_pictograms, word_count
from services.core.i18n import LOCALES_DIR, PLAIN_SUFFIX, Translator

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("ru", "en")
MAX_WORDS = 15
# Abbreviations a parent may not know (Inclusion Europe: explain or avoid them). The easy-to-read texts never use
# them; the usual texts may, for coordinators.
ABBREVIATIONS = (
    "ЦППМСП",
    "ЦКРОиР",
    "АООП",
    "АОП",
    "ОВЗ",
    "ПМПК",
    "ППк",
    "ИПРА",
    "ДДТ",
    "ИМЦ",
    "ФГОС",
    "СИПР",
    "ООП",
)
# Messages that are labels of buttons without the btn- prefix (the handlers' scan below finds them too).
OTHER_LABELS = ("role-*-button", "broadcast-aud-*", "need-*", "survey-other-given", "choice-*")
# Families of messages that show one state each: with pictograms taken out they must still differ.
STATE_FAMILIES = (
    ("on", "off"),
    ("choice-on", "choice-off"),
    ("attendance-person-present", "attendance-person-absent", "attendance-person-unmarked"),
    ("roster-mark-present", "roster-mark-absent"),
    ("surveys-item-answered", "surveys-item-open"),
    ("clubs-item-member", "clubs-item"),
    ("reg-you-confirmed", "reg-you-waiting"),
    ("mine-confirmed", "mine-waiting"),
    ("survey-round-open", "survey-round-closed-mark", "survey-round-planned"),
)


@functools.cache
def messages(locale: str) -> dict[str, Message]:
    found: dict[str, Message] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        found.update({entry.id.name: entry for entry in resource.body if isinstance(entry, Message)})
    return found


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: VariableReference) -> None:
        self.names.add(node.id.name)


def variables(message: Message) -> set[str]:
    found = _Variables()
    found.visit(message)
    return found.names


def sample_args(message: Message) -> dict[str, object]:
    """Every variable as one word (numbers where a plural needs one), so a sentence counts it as one word."""
    return {name: (3 if name in NUMERIC else "Слово") for name in variables(message)}


NUMERIC = {
    "count",
    "n",
    "number",
    "total",
    "position",
    "left",
    "waiting",
    "limit",
    "page",
    "pages",
    "days",
    "min",
    "max",
}


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator(variables={"operator": "none", "contact": "none"})


def plain_keys(locale: str) -> list[str]:
    return sorted(key for key in messages(locale) if key.endswith(PLAIN_SUFFIX))


# Buttons


def _t_keys(node: ast.AST) -> set[str]:
    keys = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "t" and sub.args:
            arg = sub.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                keys.add(arg.value)
            elif isinstance(arg, ast.JoinedStr):
                keys.add("".join(v.value if isinstance(v, ast.Constant) else "*" for v in arg.values))
            elif isinstance(arg, ast.IfExp):
                keys |= {b.value for b in (arg.body, arg.orelse) if isinstance(b, ast.Constant)}
    return keys


def button_label_patterns() -> set[str]:
    """Message ids (or patterns such as `btn-filter-*`) the handlers put into a button's text, directly or through
    a variable assigned in the same function."""
    patterns: set[str] = set()
    for path in (ROOT / "handlers").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            assigned: dict[str, list[ast.AST]] = {}
            for sub in ast.walk(function):
                if isinstance(sub, ast.Assign):
                    for target in sub.targets:
                        if isinstance(target, ast.Name):
                            assigned.setdefault(target.id, []).append(sub.value)
                elif isinstance(sub, ast.For):
                    for target in ast.walk(sub.target):
                        if isinstance(target, ast.Name):
                            assigned.setdefault(target.id, []).append(sub.iter)
            for call in ast.walk(function):
                if not isinstance(call, ast.Call):
                    continue
                func = call.func
                name = (
                    func.id
                    if isinstance(func, ast.Name)
                    else func.attr
                    if isinstance(func, ast.Attribute)
                    else ""
                )
                if name not in ("button", "InlineKeyboardButton"):
                    continue
                text = (
                    call.args[0]
                    if call.args
                    else next((k.value for k in call.keywords if k.arg == "text"), None)
                )
                if text is None:
                    continue
                patterns |= _t_keys(text)
                for node in ast.walk(text):
                    if isinstance(node, ast.Name):
                        for value in assigned.get(node.id, ()):
                            patterns |= _t_keys(value)
    return patterns


def test_the_handlers_scan_finds_the_buttons():
    patterns = button_label_patterns()
    assert {"btn-schedule", "btn-reg-join", "btn-consent-yes", "btn-filter-*", "role-*-button"} <= patterns


@pytest.mark.parametrize("locale", LOCALES)
def test_every_button_label_begins_with_a_word(locale, translator):
    found = messages(locale)
    patterns = button_label_patterns() | {"btn-*", *OTHER_LABELS}
    labels = sorted(key for key in found if any(fnmatch.fnmatchcase(key, p) for p in patterns))
    assert len(labels) > 150
    t = translator.bind(locale)
    bad = [
        f"{key} = {text}" for key in labels if not starts_with_word(text := t(key, **sample_args(found[key])))
    ]
    assert bad == []


# States


@pytest.mark.parametrize("locale", LOCALES)
def test_no_state_is_told_by_a_pictogram_alone(locale, translator):
    t = translator.bind(locale)
    found = messages(locale)
    for family in STATE_FAMILIES:
        texts = [strip_pictograms(t(key, **sample_args(found[key]))) for key in family]
        assert len(set(texts)) == len(texts), f"{family}: {texts}"
    # Every toggle button says its state with the words of `on` and `off`.
    toggles = [
        key for key, message in found.items() if "state" in variables(message) and key.startswith("btn-")
    ]
    assert len(toggles) >= 5
    for key in toggles:
        on, off = (
            strip_pictograms(t(key, **sample_args(found[key]) | {"state": t(word)})) for word in ("on", "off")
        )
        assert on != off and t("on") in on and t("off") in off


def _text_lines(message: Message) -> list[str]:
    """The message's source line by line, each variable written as {}."""
    parts = []
    for element in message.value.elements if message.value else ():
        parts.append(
            element.value
            if isinstance(element, TextElement)
            else "{}"
            if isinstance(element, Placeable)
            else ""
        )
    return "".join(parts).split("\n")


@pytest.mark.parametrize("locale", LOCALES)
def test_no_line_means_something_by_a_pictogram_alone(locale):
    """«🗓 { $when }» says «when» only to those who see the calendar: a line with a pictogram has words too."""
    bad = []
    for key, message in messages(locale).items():
        for line in _text_lines(message):
            if PICTOGRAMS.search(line) and not re.search(
                r"[^\W\d_]", strip_pictograms(line).replace("{}", "")
            ):
                bad.append(f"{key}: {line.strip()}")
    assert bad == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_reads_without_pictograms(locale, translator):
    """Screen-reader mode: every message still says something, and no pictogram of ours is left in it."""
    reader = translator.bind(locale, screen_reader=True)
    for key, message in messages(locale).items():
        text = reader(key, **sample_args(message))
        assert text.strip(), key
        assert not PICTOGRAMS.search(text), f"{key}: {text}"


# Plain language


@pytest.mark.parametrize("locale", LOCALES)
def test_plain_texts_cover_what_parents_meet_most(locale):
    keys = set(plain_keys(locale))
    for base in (
        "consent-text",
        "schedule-empty",
        "event-when",
        "reg-done-confirmed",
        "reg-done-waiting",
        "notify-event-24h",
        "notify-event-2h",
        "survey-anonymous-note",
        "notify-survey-invite",
    ):
        assert base + PLAIN_SUFFIX in keys


@pytest.mark.parametrize("locale", LOCALES)
def test_plain_texts_replace_a_text_and_need_no_other_values(locale):
    """A plain version stands in for its usual text, so it may use only the values the code already passes."""
    found = messages(locale)
    # The code passes the same values whatever the language (a quarter as «II» and as 2, say).
    every = [messages(each) for each in LOCALES]
    passed = {key: set().union(*(variables(each[key]) for each in every if key in each)) for key in found}
    for key in plain_keys(locale):
        base = key.removesuffix(PLAIN_SUFFIX)
        assert base in found, f"{key} has no usual text {base}"
        assert variables(found[key]) <= passed[base] | {"operator", "contact"}, key


@pytest.mark.parametrize("locale", LOCALES)
def test_plain_sentences_are_short(locale, translator):
    t = translator.bind(locale, plain=True)
    found = messages(locale)
    long = []
    for key in plain_keys(locale):
        for sentence in sentences(t(key.removesuffix(PLAIN_SUFFIX), **sample_args(found[key]))):
            if word_count(sentence) > MAX_WORDS:
                long.append(f"{key}: {sentence} ({word_count(sentence)} words)")
    assert long == []


def test_the_sentence_check_catches_a_long_sentence():
    long = "Мы храним ваш номер в Telegram, язык, роль, организацию, настройки напоминаний и ещё кое-что важное для вас."
    assert [word_count(s) for s in sentences(f"<b>Коротко.</b> {long}\nИ всё.")] == [1, 17, 2]


@pytest.mark.parametrize("locale", LOCALES)
def test_plain_texts_spell_things_out(locale, translator):
    t = translator.bind(locale, plain=True)
    found = messages(locale)
    for key in plain_keys(locale):
        text = t(key.removesuffix(PLAIN_SUFFIX), **sample_args(found[key]))
        assert not [a for a in ABBREVIATIONS if re.search(rf"\b{a}\b", text)], key
        assert "(а)" not in text and "(на)" not in text, key
