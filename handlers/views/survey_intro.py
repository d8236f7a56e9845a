"""A survey round's first screen, shown from the list of open surveys and by a shared link (`/start sv_<round>`),
and the way dates and times of rounds are written."""

from __future__ import annotations

from datetime import datetime

from aiogram.types import InlineKeyboardMarkup

from db.models import SurveyRound
from handlers.common.context import HandlerSettings
from handlers.common.ui import button, h, keyboard
from handlers.surveys.callbacks import SurveyAct, SurveyCb
from services.core.i18n import L
from services.core.when import moment_for
from services.surveys.schema import SurveyDef
from services.surveys.surveys import Progress, position, visible_questions


def local(settings: HandlerSettings, instant: datetime, t: L | None = None) -> str:
    """«05.12.2026 18:00»; in words for a screen-reader or plain-language reader (`t` given)."""
    if t is not None and (t.screen_reader or t.plain):
        return moment_for(t, settings.tz, instant)
    return f"{instant.astimezone(settings.tz):%d.%m.%Y %H:%M}"


def round_intro_view(
    t: L, settings: HandlerSettings, defn: SurveyDef, round_: SurveyRound, progress: Progress, resuming: bool
) -> tuple[str, InlineKeyboardMarkup]:
    """A round's first screen: what it is about, until when, how many questions, and start (or resume)."""
    lines = [
        f"<b>{h(defn.title.get(t.locale))}</b>",
        h(defn.description.get(t.locale)),
        "",
        t("survey-anonymous-note") if defn.anonymous else t("survey-named-note"),
        t("surveys-until", when=local(settings, round_.closes_at, t)),
        t("survey-question-count", count=len(visible_questions(defn, progress.answers))),
    ]
    if resuming:
        number, total = position(defn, progress)
        start = t("btn-survey-resume", number=number, total=total)
    elif progress.editing:
        lines.append(t("survey-already-sent-named"))
        start = t("btn-survey-change")
    else:
        start = t("btn-survey-start")
    rows = [
        [button(start, SurveyCb(act=SurveyAct.START, r=round_.id))],
        [button(t("btn-share"), SurveyCb(act=SurveyAct.SHARE, r=round_.id))],
        [button(t("btn-surveys-list"), SurveyCb(act=SurveyAct.LIST))],
    ]
    return "\n".join(lines), keyboard(*rows)


def share_text(t: L, title: str, link: str) -> str:
    """«Поделиться»: the link to post in school chats and on websites."""
    return t("share-survey", title=h(title), link=h(link))
