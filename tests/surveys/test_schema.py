"""The YAML format: the shipped surveys are valid, and a wrong file gets every error with its line."""

import pytest

from services.surveys.schema import FILE_MAX_BYTES, SurveyFileInvalid, parse_survey
from tests.surveys.helpers import SURVEYS

GOOD = """\
key: tiny
title: {ru: Опрос, en: Survey}
description: {ru: Коротко, en: Short}
audience: parents
anonymous: true
questions:
  - id: q1
    kind: yesno
    text: {ru: "Да или нет?", en: "Yes or no?"}
  - id: q2
    kind: text
    show_if: {question: q1, equals: yes}
    text: {ru: "Почему?", en: "Why?"}
"""


def errors(text: str | bytes) -> list[tuple[int | None, str, str]]:
    with pytest.raises(SurveyFileInvalid) as caught:
        parse_survey(text)
    return [(e.line, e.path, e.key) for e in caught.value.errors]


def test_shipped_surveys_are_valid_and_cover_every_kind():
    kinds = set()
    loaded = {}
    for path in sorted(SURVEYS.glob("*.yaml")):
        survey = parse_survey(path.read_bytes())
        loaded[survey.key] = survey
        kinds |= {q.kind for q in survey.questions}
    assert set(loaded) == {"teacher-needs", "parent-monitoring", "event-feedback"}
    assert kinds == {"single", "multiple", "scale", "yesno", "text"}
    needs = loaded["teacher-needs"]
    topics = needs.question("topics")
    assert topics.topics and topics.other and (topics.min, topics.max) == (1, 3)
    assert {"aoop", "behaviour", "parents", "assistive", "pmpk"} <= {o.id for o in topics.options}
    assert {o.id for o in needs.question("format").options} == {
        "seminar",
        "master_class",
        "consultation",
        "online",
    }
    assert loaded["parent-monitoring"].anonymous and loaded["parent-monitoring"].kind == "monitoring"
    assert not loaded["event-feedback"].anonymous


def test_yes_in_a_condition_means_the_answer_yes():
    survey = parse_survey(GOOD)
    assert survey.question("q2").show_if.values == ("yes",)


def test_syntax_error_points_at_its_line():
    broken = GOOD.replace("  - id: q2\n", "  - id: q2\n   kind: [oops\n")
    [(line, _, key)] = errors(broken)
    assert key == "survey-err-yaml" and line in (11, 12, 13)


def test_shape_errors_each_with_the_line_of_their_node():
    text = GOOD.replace("audience: parents", "audience: grandparents").replace(
        "    kind: text\n", "    kind: essay\n    colour: red\n"
    )
    text = text.replace("title: {ru: Опрос, en: Survey}\n", "")
    found = errors(text)
    assert (1, "title", "survey-err-missing") in found  # a missing field points at its parent: the top
    assert (3, "audience", "survey-err-choice") in found
    assert (10, "questions[1].kind", "survey-err-choice") in found
    assert (11, "questions[1].colour", "survey-err-unknown-field") in found


def test_rules_across_questions_are_checked_with_lines():
    text = """\
key: rules
title: {ru: Т, en: T}
description: {ru: Т, en: T}
audience: teachers
anonymous: false
questions:
  - id: a
    kind: single
    text: {ru: А, en: A}
    options:
      - id: one
        text: {ru: Один, en: One}
  - id: b
    kind: multiple
    min: 3
    max: 2
    text: {ru: Б, en: B}
    options:
      - id: x
        text: {ru: X, en: X}
      - id: x
        text: {ru: Y, en: Y}
  - id: c
    kind: yesno
    show_if: {question: d, equals: yes}
    text: {ru: В, en: C}
  - id: a
    kind: scale
    show_if: {question: a, equals: seven}
    labels:
      9: {ru: много, en: a lot}
    text: {ru: Г, en: D}
"""
    found = errors(text)
    assert (10, "questions[0].options", "survey-err-options-needed") in found
    assert (16, "questions[1].max", "survey-err-min-max") in found
    assert (21, "questions[1].options[1].id", "survey-err-duplicate-id") in found
    assert (25, "questions[2].show_if.question", "survey-err-condition-question") in found
    assert (27, "questions[3].id", "survey-err-duplicate-id") in found
    assert (29, "questions[3].show_if.equals", "survey-err-condition-value") in found
    assert (31, "questions[3].labels[9]", "survey-err-label-point") in found


def test_not_a_survey_too_big_and_not_utf8():
    assert errors("- just\n- a list\n") == [(1, "", "survey-err-not-mapping")]
    assert errors(b"x" * (FILE_MAX_BYTES + 1)) == [(None, "", "survey-err-too-big")]
    assert errors("title: Опрос".encode("cp1251")) == [(None, "", "survey-err-encoding")]
