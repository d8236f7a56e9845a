"""Answering screens: the open rounds, one question per screen, the review (a round's first screen is shared:
handlers/views/survey_intro.py, also opened by a shared link)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from db.models import Survey, User
from handlers.common.context import HandlerSettings
from handlers.common.ids import id_from
from handlers.common.ui import button, h, keyboard, short
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.surveys.callbacks import SurveyAct, SurveyAdminAct, SurveyAdminCb, SurveyCb
from handlers.views.survey_intro import local
from services.core.i18n import L
from services.core.permissions import is_staff
from services.surveys.results import option_label
from services.surveys.schema import OTHER, Question, SurveyDef
from services.surveys.surveys import OTHER_MAX, Progress, RoundItem, position, visible_questions


def title_of(survey: Survey, t: L) -> str:
    return survey.title_en if t.locale == "en" else survey.title_ru


def list_view(
    t: L, settings: HandlerSettings, user: User, items: list[RoundItem]
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("surveys-title"), ""]
    rows = []
    if not items:
        lines.append(t("surveys-none"))
    for item in items:
        key = "surveys-item-answered" if item.answered else "surveys-item-open"  # the state in words
        title = title_of(item.survey, t)
        until = t("surveys-until", when=local(settings, item.round.closes_at, t))
        lines.append(f"{t(key, title=f'<b>{h(title)}</b>')} — {until}")
        rows.append(
            [button(short(t(key, title=short(title, 40))), SurveyCb(act=SurveyAct.OPEN, r=item.round.id))]
        )
    if is_staff(user):
        rows.append([button(t("btn-surveys-manage"), SurveyAdminCb(act=SurveyAdminAct.HOME))])
    rows.append([button(t("btn-menu"), MenuCb(to=MenuTo.MAIN))])
    return "\n".join(lines), keyboard(*rows)


def to_list_kb(t: L, with_menu: bool = False) -> InlineKeyboardMarkup:
    rows = [[button(t("btn-surveys-list"), SurveyCb(act=SurveyAct.LIST))]]
    if with_menu:
        rows.append([button(t("btn-menu"), MenuCb(to=MenuTo.MAIN))])
    return keyboard(*rows)


def question_text(t: L, defn: SurveyDef, progress: Progress, q: Question) -> str:
    number, total = position(defn, progress)
    lines = [
        f"<b>{h(defn.title.get(t.locale))}</b>",
        t("survey-progress", number=number, total=total),
        "",
        f"<b>{h(q.text.get(t.locale))}</b>",
    ]
    if q.hint:
        lines.append(h(q.hint.get(t.locale)))
    if progress.awaiting_other:
        lines += ["", t("survey-type-other", limit=OTHER_MAX)]
        return "\n".join(lines)
    if q.kind == "multiple":
        low = max(q.min or 0, 1 if q.required else 0)
        if q.max is not None:
            lines.append(t("survey-pick-between", min=low, max=q.max))
        else:
            lines.append(t("survey-pick-many"))
    elif q.kind == "text":
        lines.append(t("survey-type-answer", limit=q.max_length))
        given = progress.text(q.id)
        if given:
            lines += ["", t("survey-your-answer", text=h(given))]
    elif q.kind == "scale" and q.labels:
        lines.append(t("survey-scale-hint"))
    if not q.required:
        lines.append(t("survey-optional"))
    return "\n".join(lines)


def answer_label(t: L, q: Question, value: str) -> str:
    """An answer as its button says it: an unlabelled scale point is «2 из 5» (read aloud, it says what it is),
    on the question's buttons and in the review alike."""
    if q.kind == "scale" and (point := id_from(value)) is not None and point not in q.labels:
        return t("survey-scale-point", point=value)
    return option_label(t, q, value)


def question_kb(t: L, defn: SurveyDef, progress: Progress, q: Question) -> InlineKeyboardMarkup:
    r, qi = progress.round_id, defn.index(q.id)
    rows: list[list[InlineKeyboardButton]] = []
    chosen = progress.values(q.id)
    if progress.awaiting_other:
        rows.append([button(t("btn-survey-other-cancel"), SurveyCb(act=SurveyAct.NOOTHER, r=r, q=qi))])
        rows.append([button(t("btn-survey-leave"), SurveyCb(act=SurveyAct.LEAVE, r=r))])
        return keyboard(*rows)
    if q.kind in ("single", "scale", "yesno", "multiple"):
        act = SurveyAct.TOG if q.kind == "multiple" else SurveyAct.PICK
        for value in q.values():
            label = answer_label(t, q, value)
            if value == OTHER:
                other_text = progress.text(q.id) if OTHER in chosen else None
                label = t("survey-other-given", text=other_text) if other_text else t("btn-survey-other")
            # The state in words, after a label cut short first (so «— выбрано» is never cut off).
            if q.kind == "multiple":
                label = t("choice-on" if value in chosen else "choice-off", label=short(label, 45))
            elif value in chosen:
                label = t("choice-on", label=short(label, 45))
            rows.append([button(short(label), SurveyCb(act=act, r=r, q=qi, v=value))])
    if q.kind == "multiple":
        rows.append([button(t("btn-survey-done"), SurveyCb(act=SurveyAct.DONE, r=r, q=qi))])
    nav = []
    number, _ = position(defn, progress)
    if number > 1:
        nav.append(button(t("btn-back"), SurveyCb(act=SurveyAct.BACK, r=r, q=qi)))
    if q.id in progress.answers and q.kind != "multiple":
        nav.append(button(t("btn-survey-next"), SurveyCb(act=SurveyAct.SKIP, r=r, q=qi)))
    elif not q.required and q.id not in progress.answers:
        nav.append(button(t("btn-skip"), SurveyCb(act=SurveyAct.SKIP, r=r, q=qi)))
    rows.append(nav)
    rows.append([button(t("btn-survey-leave"), SurveyCb(act=SurveyAct.LEAVE, r=r))])
    return keyboard(*rows)


def review_text(t: L, defn: SurveyDef, progress: Progress) -> str:
    lines = [f"<b>{h(defn.title.get(t.locale))}</b>", t("survey-review"), ""]
    for number, q in enumerate(visible_questions(defn, progress.answers), start=1):
        values = progress.values(q.id)
        if not values:
            answer = t("survey-no-answer")
        elif q.kind == "text":
            answer = h(progress.text(q.id) or "")
        else:
            parts = []
            for value in values:
                label = answer_label(t, q, value)
                if value == OTHER and progress.text(q.id):
                    label = f"{label}: {progress.text(q.id)}"
                parts.append(h(label))
            answer = ", ".join(parts)
        lines.append(f"{number}. {h(short(q.text.get(t.locale), 80))}\n    → {answer}")
    lines += ["", t("survey-send-anonymous") if defn.anonymous else t("survey-send-named")]
    return "\n".join(lines)


def review_kb(t: L, progress: Progress) -> InlineKeyboardMarkup:
    r = progress.round_id
    return keyboard(
        [button(t("btn-survey-send"), SurveyCb(act=SurveyAct.SEND, r=r))],
        [button(t("btn-back"), SurveyCb(act=SurveyAct.BACK, r=r, q=-1))],
        [button(t("btn-survey-leave"), SurveyCb(act=SurveyAct.LEAVE, r=r))],
    )
