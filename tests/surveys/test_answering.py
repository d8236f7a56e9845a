"""Answering one question at a time, as pure steps over a survey and a person's progress."""

import pytest

from services.core.errors import ValidationFailed
from services.surveys.schema import parse_survey
from services.surveys.surveys import (
    ChoiceExpected,
    Progress,
    StaleButton,
    answer_rows,
    back,
    choose,
    finish_multiple,
    missing_required,
    position,
    skip,
    toggle,
    type_text,
    visible_questions,
)
from tests.surveys.helpers import SURVEYS


def survey(name):
    return parse_survey((SURVEYS / f"{name}.yaml").read_bytes())


def start(defn):
    return Progress(round_id=1, survey_id=1, current=defn.questions[0].id)


def at(defn, progress):
    return defn.index(progress.current)


def test_single_choice_scale_and_yes_no_move_on_with_progress_numbers():
    defn = survey("parent-monitoring".replace("-", "_"))
    p = start(defn)
    assert position(defn, p) == (1, 9)  # the question under a condition is not counted until it applies
    p = choose(defn, p, 0, "primary")
    assert p.current == "likes_going" and position(defn, p) == (2, 9)
    p = choose(defn, p, 1, "5")
    p = choose(defn, p, 2, "4")
    p = choose(defn, p, 3, "1")
    assert p.current == "support"
    with pytest.raises(StaleButton):
        choose(defn, p, 4, "9")  # not a value of this question
    with pytest.raises(StaleButton):
        choose(defn, p, 0, "primary")  # a button of an earlier question
    assert p.answers["likes_going"] == {"v": ["5"], "t": None}


def test_condition_shows_a_question_and_a_changed_answer_hides_it_again():
    defn = survey("parent_monitoring")
    p = start(defn)
    for value in ("primary", "4", "4", "4"):
        p = choose(defn, p, at(defn, p), value)
    p = skip(defn, p, at(defn, p))  # support is optional
    assert p.current == "bullying"
    p = choose(defn, p, at(defn, p), "yes")
    assert p.current == "bullying_handled" and position(defn, p) == (7, 10)
    p = choose(defn, p, at(defn, p), "partly")
    p = back(defn, back(defn, p))
    assert p.current == "bullying"
    p = choose(defn, p, at(defn, p), "no")
    assert p.current == "heard"  # the follow-up is skipped now
    assert "bullying_handled" not in [q.id for q in visible_questions(defn, p.answers)]
    rows = answer_rows(defn, p, "r1")
    assert "bullying_handled" not in {r.question_id for r in rows}  # its old answer is not stored


def test_multiple_choice_with_min_max_and_other():
    defn = survey("teacher_needs")
    p = choose(defn, start(defn), 0, "tutor")
    assert p.current == "topics"
    with pytest.raises(ValidationFailed) as few:
        finish_multiple(defn, p, 1)
    assert few.value.key == "survey-too-few"
    for value in ("aoop", "pmpk"):
        p = toggle(defn, p, 1, value)
    p = toggle(defn, p, 1, "other")
    assert p.awaiting_other and p.current == "topics"
    p = type_text(defn, p, "  Ранняя   помощь ")
    assert p.answers["topics"] == {"v": ["aoop", "pmpk", "other"], "t": "Ранняя помощь"}
    with pytest.raises(ValidationFailed) as many:
        toggle(defn, p, 1, "parents")
    assert many.value.kwargs == {"max": 3}
    p = toggle(defn, p, 1, "pmpk")  # untick
    p = finish_multiple(defn, p, 1)
    assert p.current == "format"
    rows = {(r.question_id, r.value): r.text for r in answer_rows(defn, p, "x")}
    assert rows[("topics", "other")] == "Ранняя помощь" and ("topics", "pmpk") not in rows


def test_single_choice_other_asks_for_text_then_moves_on():
    defn = survey("teacher_needs")
    p = choose(defn, start(defn), 0, "other")
    assert p.awaiting_other and p.current == "position"
    with pytest.raises(ValidationFailed) as long:
        type_text(defn, p, "я" * 201)
    assert long.value.kwargs["limit"] == 200
    p = type_text(defn, p, "Методист")
    assert p.answers["position"] == {"v": ["other"], "t": "Методист"} and p.current == "topics"


def test_free_text_limit_empty_and_text_where_a_choice_is_expected():
    defn = survey("teacher_needs")
    p = start(defn)
    with pytest.raises(ChoiceExpected):
        type_text(defn, p, "учитель")
    p.current = "wish"
    with pytest.raises(ValidationFailed) as long:
        type_text(defn, p, "а" * 501)
    assert long.value.key == "survey-text-too-long" and long.value.kwargs == {"limit": 500, "length": 501}
    with pytest.raises(ValidationFailed):
        type_text(defn, p, "   ")
    p = type_text(defn, p, "Больше практики")
    assert p.current is None and p.answers["wish"] == {"v": ["text"], "t": "Больше практики"}


def test_required_cannot_be_skipped_and_missing_answers_are_found():
    defn = survey("event_feedback")
    p = start(defn)
    with pytest.raises(ValidationFailed) as required:
        skip(defn, p, 0)
    assert required.value.key == "survey-required"
    p = choose(defn, p, 0, "5")
    p = back(defn, p)
    assert p.current == "overall"
    p = skip(defn, p, 0)  # «next» keeps the answer given
    assert p.current == "useful" and p.answers["overall"]["v"] == ["5"]
    assert [q.id for q in missing_required(defn, p)] == ["useful", "accessible"]


def test_progress_survives_a_round_trip_through_json():
    import json

    defn = survey("teacher_needs")
    p = toggle(defn, choose(defn, start(defn), 0, "tutor"), 1, "aoop")
    again = Progress.from_state(json.loads(json.dumps(p.to_state())))
    assert again == p
