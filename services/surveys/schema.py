"""A survey as data: the YAML format, its pydantic models, and errors that point at the file's lines.

A file is checked in three passes: YAML syntax (the parser's mark), the shape (pydantic), then the rules that tie
questions together (unique ids, options for choices, conditions that point at an earlier question). Every error
carries the line of the YAML node it is about, found by composing the document and walking the error's path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from services.core.errors import ValidationFailed

FILE_MAX_BYTES = 256 * 1024
TEXT_LIMIT = 2000
DEFAULT_TEXT_LENGTH = 500
SCALE = (1, 2, 3, 4, 5)
YES_NO = ("yes", "no")
OTHER = "other"

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]{0,23}$")]
SurveyKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{1,63}$")]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_LIMIT)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(_Strict):
    ru: Line
    en: Line

    def get(self, locale: str) -> str:
        return self.en if locale == "en" else self.ru


class Option(_Strict):
    id: Slug
    text: LocalText


class ShowIf(_Strict):
    """Show a question only when an earlier answer is one of the values («show if q3 = yes»)."""

    question: Slug
    equals: str | None = None
    any_of: list[str] | None = None

    @field_validator("equals", mode="before")
    @classmethod
    def _plain(cls, value: object) -> object:
        return _as_value(value)

    @field_validator("any_of", mode="before")
    @classmethod
    def _plain_list(cls, value: object) -> object:
        return [_as_value(v) for v in value] if isinstance(value, list) else value

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self.any_of or ()) + ((self.equals,) if self.equals is not None else ())


def _as_value(value: object) -> object:
    """YAML reads `yes` as true and `3` as a number; a condition compares with answers kept as strings."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    return value


class Question(_Strict):
    id: Slug
    kind: Literal["single", "multiple", "scale", "yesno", "text"]
    text: LocalText
    hint: LocalText | None = None
    required: bool = True
    options: list[Option] = Field(default_factory=list, max_length=20)
    other: bool = False  # adds «Другое: …», answered with a short text
    min: int | None = Field(default=None, ge=0, le=20)
    max: int | None = Field(default=None, ge=1, le=20)
    labels: dict[int, LocalText] = Field(default_factory=dict)  # scale: words for some of 1..5
    max_length: int = Field(default=DEFAULT_TEXT_LENGTH, ge=1, le=TEXT_LIMIT)
    show_if: ShowIf | None = None
    topics: bool = (
        False  # its options are training topics: ranked in the summary, a seminar can be made of one
    )

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def values(self) -> tuple[str, ...]:
        """Every value an answer to this question may hold."""
        if self.kind in ("single", "multiple"):
            return tuple(o.id for o in self.options) + ((OTHER,) if self.other else ())
        if self.kind == "scale":
            return tuple(str(n) for n in SCALE)
        if self.kind == "yesno":
            return YES_NO
        return ()


class SurveyDef(_Strict):
    key: SurveyKey
    kind: Literal["needs", "monitoring", "feedback", "general"] = "general"
    title: LocalText
    description: LocalText
    audience: Literal["parents", "teachers", "all"]
    anonymous: bool
    questions: list[Question] = Field(min_length=1, max_length=60)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def index(self, question_id: str) -> int:
        return next(i for i, q in enumerate(self.questions) if q.id == question_id)


@dataclass(frozen=True, slots=True)
class FileError:
    """One thing wrong with a survey file: where (line, path) and what (a locale key and its values)."""

    line: int | None
    path: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


class SurveyFileInvalid(ValidationFailed):
    key = "survey-file-invalid"

    def __init__(self, errors: list[FileError]) -> None:
        super().__init__("survey-file-invalid", count=len(errors))
        self.errors = errors


def parse_survey(text: str | bytes) -> SurveyDef:
    """The survey a YAML file describes, or SurveyFileInvalid listing every error with its line."""
    if isinstance(text, bytes):
        if len(text) > FILE_MAX_BYTES:
            raise SurveyFileInvalid(
                [FileError(None, "", "survey-err-too-big", {"kb": FILE_MAX_BYTES // 1024})]
            )
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SurveyFileInvalid([FileError(None, "", "survey-err-encoding")]) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        line = mark.line + 1 if mark is not None else None
        raise SurveyFileInvalid([FileError(line, "", "survey-err-yaml", {"detail": problem})]) from None
    if not isinstance(data, dict) or root is None:
        raise SurveyFileInvalid([FileError(1, "", "survey-err-not-mapping")])
    try:
        survey = SurveyDef.model_validate(data)
    except ValidationError as error:
        raise SurveyFileInvalid(
            sorted(
                (_from_pydantic(root, e) for e in error.errors(include_url=False)),
                key=lambda e: (e.line or 0, e.path),
            )
        ) from None
    problems = check_rules(survey)
    if problems:
        raise SurveyFileInvalid(
            [FileError(line_of(root, loc), dotted(loc), key, params) for loc, key, params in problems]
        )
    return survey


PYDANTIC_KEYS = {
    "missing": "survey-err-missing",
    "extra_forbidden": "survey-err-unknown-field",
    "literal_error": "survey-err-choice",
    "string_pattern_mismatch": "survey-err-id-format",
    "string_too_long": "survey-err-too-long",
    "string_too_short": "survey-err-empty",
    "too_short": "survey-err-too-few",
    "too_long": "survey-err-too-many",
}


def _from_pydantic(root: yaml.Node, error: Any) -> FileError:
    loc = tuple(error["loc"])
    key = PYDANTIC_KEYS.get(error["type"], "survey-err-invalid")
    ctx = error.get("ctx") or {}
    params: dict[str, Any] = {"field": str(loc[-1]) if loc else "", "detail": error["msg"]}
    if "expected" in ctx:
        params["expected"] = str(ctx["expected"])
    if "max_length" in ctx:
        params["limit"] = ctx["max_length"]
    if "min_length" in ctx:
        params["limit"] = ctx["min_length"]
    return FileError(line_of(root, loc), dotted(loc), key, params)


def dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def line_of(root: yaml.Node, loc: tuple[Any, ...]) -> int:
    """The line (1-based) of the deepest YAML node along a path (a field's key line); a missing field points at
    the line of its parent."""
    node, line = root, root.start_mark.line
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if str(key_node.value) == str(part):
                    child, line = value_node, key_node.start_mark.line
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line
        if child is None:
            break
        node = child
    return line + 1


Problem = tuple[tuple[Any, ...], str, dict[str, Any]]


def check_rules(survey: SurveyDef) -> list[Problem]:
    """What pydantic cannot see: rules across fields and questions."""
    problems: list[Problem] = []
    seen: dict[str, Question] = {}
    for i, q in enumerate(survey.questions):
        at = ("questions", i)
        if q.id in seen:
            problems.append(((*at, "id"), "survey-err-duplicate-id", {"id": q.id}))
        choice = q.kind in ("single", "multiple")
        if choice and len(q.options) + int(q.other) < 2:
            problems.append(((*at, "options"), "survey-err-options-needed", {}))
        if not choice and (q.options or q.other):
            problems.append(((*at, "options" if q.options else "other"), "survey-err-options-unexpected", {}))
        option_ids = [o.id for o in q.options]
        for j, option_id in enumerate(option_ids):
            if option_id in option_ids[:j] or (q.other and option_id == OTHER):
                problems.append(((*at, "options", j, "id"), "survey-err-duplicate-id", {"id": option_id}))
        if (q.min is not None or q.max is not None) and q.kind != "multiple":
            problems.append(((*at, "min" if q.min is not None else "max"), "survey-err-min-max-kind", {}))
        if q.kind == "multiple":
            count = len(q.options) + int(q.other)
            low, high = q.min or 0, q.max or count
            if low > high or high > count:
                problems.append(
                    ((*at, "max" if q.max is not None else "min"), "survey-err-min-max", {"count": count})
                )
        if q.labels and q.kind != "scale":
            problems.append(((*at, "labels"), "survey-err-labels-kind", {}))
        for point in q.labels:
            if point not in SCALE:
                problems.append(((*at, "labels", point), "survey-err-label-point", {"point": point}))
        if q.topics and not choice:
            problems.append(((*at, "topics"), "survey-err-topics-kind", {}))
        if q.show_if is not None:
            target = seen.get(q.show_if.question)
            if target is None:
                problems.append(
                    (
                        (*at, "show_if", "question"),
                        "survey-err-condition-question",
                        {"id": q.show_if.question},
                    )
                )
            elif not q.show_if.values:
                problems.append(((*at, "show_if"), "survey-err-condition-value", {"values": ""}))
            else:
                allowed = target.values()
                for value in q.show_if.values:
                    if value not in allowed:
                        problems.append(
                            (
                                (*at, "show_if", "equals" if q.show_if.equals == value else "any_of"),
                                "survey-err-condition-value",
                                {"values": ", ".join(allowed) or "—"},
                            )
                        )
        seen.setdefault(q.id, q)
    return problems
