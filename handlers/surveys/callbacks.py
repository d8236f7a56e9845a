"""Survey buttons: answering, and the coordinators' rounds and results."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.ids import CbInt


class SurveyAct(StrEnum):
    LIST = "list"
    OPEN = "open"
    START = "start"
    PICK = "pick"
    TOG = "tog"
    DONE = "done"
    SKIP = "skip"
    BACK = "back"
    NOOTHER = "noother"
    SEND = "send"
    LEAVE = "leave"
    SHARE = "share"  # a link to the open round for a school chat or a website


#: The buttons that move through the questions.
STEPS = (SurveyAct.PICK, SurveyAct.TOG, SurveyAct.DONE, SurveyAct.SKIP, SurveyAct.BACK, SurveyAct.NOOTHER)


class SurveyCb(CallbackData, prefix="sv"):
    act: SurveyAct
    r: CbInt = 0  # round id
    q: CbInt = -1  # the question's place in the survey (a button of another question is refused)
    v: str = ""  # an answer value: option id, 1..5, yes/no, other


class SurveyAdminAct(StrEnum):
    HOME = "home"
    SURVEY = "survey"
    ROUNDS = "rounds"
    AUD = "aud"
    SET_AUD = "set_aud"
    OPENS_NOW = "opens_now"
    CLOSES_IN = "closes_in"
    ROUND = "round"
    RESULTS = "results"
    CHARTS = "charts"
    EXPORT = "export"
    CLOSE_ASK = "close_ask"
    CLOSE_YES = "close_yes"
    SEMINAR = "seminar"  # a most requested topic as a new event
    SHARE = "share"  # a link to an open round for school chats and websites


class SurveyAdminCb(CallbackData, prefix="sa"):
    act: SurveyAdminAct
    id: CbInt = 0  # survey id or round id, as the action says
    v: str = ""
