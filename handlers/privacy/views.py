"""What is kept about a person, and the /forget confirmation."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from handlers.common.ui import MESSAGE_MAX, button, column, fit, h, keyboard, page_of, pager, short
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.privacy.callbacks import MyDataPageCb, PrivacyAct, PrivacyCb
from services.core.i18n import L
from services.people.privacy import StoredData
from services.registration.registrations import parse_needs

#: Sign-ups on one page of /mydata, and how much of a title or a typed value a line shows.
REGISTRATIONS_PER_PAGE = 8
VALUE_SHOWN = 60
NEEDS_SHOWN = 150
CLUBS_SHOWN = 8
_READING_LABELS = {"screen_reader": "btn-a11y-screen-reader", "plain_language": "btn-a11y-plain-language"}


def _reading_words(t: L, value: str) -> str:
    """«screen_reader=on, plain_language=off» as the person reads it: «Для экранного диктора: включено, …»."""
    parts = []
    for pair in value.split(", "):
        name, _, state = pair.partition("=")
        if name in _READING_LABELS:
            parts.append(t(_READING_LABELS[name], state=t("on" if state == "on" else "off")))
    return ", ".join(parts)


def mydata_text(t: L, data: StoredData, page: int = 0) -> str:
    """Everything kept about the person; the sign-ups a page at a time."""
    lines = [t("mydata-title"), ""]
    translated = {"mydata-role": "role-", "mydata-language": "language-"}
    lines += [
        f"{t(key)}: {h(_reading_words(t, value))}"
        if key == "mydata-a11y"
        else f"{t(key)}: {h(t(translated[key] + value) if key in translated and value != '—' else value)}"
        for key, value in data.rows
    ]
    if data.registrations:
        shown = page_of(data.registrations, page, REGISTRATIONS_PER_PAGE)
        lines += ["", t("mydata-registrations")]
        for registration, event in shown.items:
            parts = [h(short(event.title, VALUE_SHOWN)), t(f"mydata-reg-{registration.status}")]
            needs = [t(f"need-{need}") for need in parse_needs(registration.needs)]
            if registration.needs_other:
                needs.append(h(short(registration.needs_other, VALUE_SHOWN)))
            if needs:
                parts.append(t("mydata-reg-needs", needs=short(", ".join(needs), NEEDS_SHOWN)))
            if registration.display_name:
                parts.append(t("mydata-reg-name", name=h(short(registration.display_name, VALUE_SHOWN))))
            lines.append("• " + " · ".join(parts))
        if shown.count > 1:
            lines.append(t("page-of", page=shown.number + 1, pages=shown.count))
    if data.clubs:
        clubs = ", ".join(h(short(title, VALUE_SHOWN)) for title in data.clubs[:CLUBS_SHOWN])
        lines += ["", t("mydata-clubs", clubs=clubs)]
        if len(data.clubs) > CLUBS_SHOWN:
            lines.append(t("list-more", count=len(data.clubs) - CLUBS_SHOWN))
    footer = "\n\n" + t("mydata-footer")
    return fit("\n".join(lines), MESSAGE_MAX - len(footer)) + footer


def mydata_kb(t: L, data: StoredData | None = None, page: int = 0) -> InlineKeyboardMarkup:
    shown = page_of(data.registrations if data else [], page, REGISTRATIONS_PER_PAGE)
    return keyboard(
        pager(t, shown, lambda p: MyDataPageCb(p=p)),
        [button(t("btn-forget"), PrivacyCb(act=PrivacyAct.ASK))],
        [button(t("btn-menu"), MenuCb(to=MenuTo.MAIN))],
    )


def forget_kb(t: L) -> InlineKeyboardMarkup:
    return column(
        button(t("btn-forget-yes"), PrivacyCb(act=PrivacyAct.YES)),
        button(t("btn-forget-no"), PrivacyCb(act=PrivacyAct.NO)),
    )
