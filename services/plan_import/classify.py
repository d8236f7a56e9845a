"""Guess an event's audience and kind from its wording.

Kind: the title of a plan row leads with its main noun («Семинар…», «Проведение конкурса…», «Участие в
совещании…»), so the keyword found EARLIEST in the title wins (ties: order of ``_KINDS``). Titles that lead
with a non-event noun («Разработка…», «Создание…», «Сотрудничество…») are "other" whatever follows, so
«Сотрудничество с … клубом «Эрудит»» is not a club.

Audience, in order of precedence:
1. an explicit «для родителей / педагогов / специалистов / детей …» in the title;
2. the groups named in the title: three or more → "all"; else parents > specialists > teachers > children
   (children are usually named as the subject: «родителей обучающихся», «качества образования обучающихся»);
3. when only children are named and the format is a professional one (seminar, conference, meeting,
   training, consultation), the audience is the teachers;
4. when the title names no group, an explicit «для …» in the goal column; else "unknown".
"""

from __future__ import annotations

import re

from services.plan_import.models import Audience, Kind

_KINDS: tuple[tuple[Kind, str], ...] = (
    ("master_class", r"мастер\s*-?\s*класс"),
    ("seminar", r"семинар|вебинар|практикум"),
    ("club", r"\bклуб|\bкружк|\bкружок"),
    ("conference", r"конференц|\bфорум"),
    ("competition", r"конкурс|соревнован|олимпиад|состязан"),
    ("festival", r"фестивал"),
    ("consultation", r"консультац"),
    ("meeting", r"совещани|заседани|круглы\w*\s+стол|собрани|педсовет|\bвстреч"),
    ("training", r"\bкурс|\bобучени|тренинг|повышени\w*\s+квалификац"),
    ("survey", r"анкетир|\bопрос|\bанкет"),
    ("monitoring", r"мониторинг|диагностик"),
)
_KIND_RES = tuple((kind, re.compile(pattern)) for kind, pattern in _KINDS)
_NON_EVENT_LEAD = re.compile(
    r"^(?:разработк|создани|сотрудничеств|размещени|издани|оформлени|администрировани|корректировк"
    r"|подготовк|определени|актуализаци|осуществлени|расширени|информировани|реализаци|заключени"
    r"|формировани|анализ|изучени)"
)

_GROUPS: tuple[tuple[Audience, str], ...] = (
    ("parents", r"родител|родительск|семей|семьи|семьям"),
    ("specialists", r"специалист|руководител|администрац|\bпсихолог(?:и|а|ов|ам)?\b|логопед|дефектолог"),
    (
        "teachers",
        r"педагог(?!ическ)|педагогическ\w*\s+(?:совет|коллектив|работник|сообществ)|учител|воспитател",
    ),
    ("children", r"\bдет(?:ей|и|ям|ьми)\b|обучающ|учащ|школьник|воспитанник|подрост"),
)
_GROUP_RES = tuple((group, re.compile(pattern)) for group, pattern in _GROUPS)
_FOR_RE = re.compile(r"\bдля(?:\s+\w+){1,3}")
_PROFESSIONAL_KINDS = {"seminar", "conference", "meeting", "training", "consultation"}


def classify_kind(title: str) -> Kind:
    text = _norm(title)
    if _NON_EVENT_LEAD.match(text):
        return "other"
    best: tuple[int, int, Kind] | None = None
    for order, (kind, pattern) in enumerate(_KIND_RES):
        match = pattern.search(text)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, kind)
    return best[2] if best else "other"


def classify_audience(title: str, goal: str | None = None, kind: Kind | None = None) -> Audience:
    kind = kind or classify_kind(title)
    audience = _audience_of(_norm(title), kind)
    if audience == "unknown" and goal:
        audience = _explicit_audience(_norm(goal)) or "unknown"
    return audience


def _audience_of(text: str, kind: Kind) -> Audience:
    explicit = _explicit_audience(text)
    if explicit:
        return explicit
    named = [group for group, pattern in _GROUP_RES if pattern.search(text)]
    if len(named) >= 3:
        return "all"
    if named == ["children"] and kind in _PROFESSIONAL_KINDS:
        return "teachers"
    return named[0] if named else "unknown"


def _explicit_audience(text: str) -> Audience | None:
    for match in _FOR_RE.finditer(text):
        group = _group_of(match.group(0))
        if group:
            return group
    return None


def _group_of(fragment: str) -> Audience | None:
    found = [(m.start(), group) for group, pattern in _GROUP_RES if (m := pattern.search(fragment))]
    return min(found)[1] if found else None


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())
