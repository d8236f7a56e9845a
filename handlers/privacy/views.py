"""What is kept about a person, and the /forget confirmation."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from handlers.common.ui import button, column, h
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.privacy.callbacks import PrivacyAct, PrivacyCb
from services.core.i18n import L
from services.people.privacy import StoredData
from services.registration.registrations import parse_needs

_READING_LABELS = {"screen_reader": "btn-a11y-screen-reader", "plain_language": "btn-a11y-plain-language"}


def _reading_words(t: L, value: str) -> str:
    """«screen_reader=on, plain_language=off» as the person reads it: «Для экранного диктора: включено, …»."""
    parts = []
    for pair in value.split(", "):
        name, _, state = pair.partition("=")
        if name in _READING_LABELS:
            parts.append(t(_READING_LABELS[name], state=t("on" if state == "on" else "off")))
    return ", ".join(parts)


def mydata_text(t: L, data: StoredData) -> str:
    lines = [t("mydata-title"), ""]
    translated = {"mydata-role": "role-", "mydata-language": "language-"}
    lines += [
        f"{t(key)}: {h(_reading_words(t, value))}"
        if key == "mydata-a11y"
        else f"{t(key)}: {h(t(translated[key] + value) if key in translated and value != '—' else value)}"
        for key, value in data.rows
    ]
    if data.registrations:
        lines += ["", t("mydata-registrations")]
        for registration, event in data.registrations:
            parts = [h(event.title), t(f"mydata-reg-{registration.status}")]
            needs = [t(f"need-{need}") for need in parse_needs(registration.needs)]
            if registration.needs_other:
                needs.append(h(registration.needs_other))
            if needs:
                parts.append(t("mydata-reg-needs", needs=", ".join(needs)))
            if registration.display_name:
                parts.append(t("mydata-reg-name", name=h(registration.display_name)))
            lines.append("• " + " · ".join(parts))
    if data.clubs:
        lines += ["", t("mydata-clubs", clubs=", ".join(h(title) for title in data.clubs))]
    lines += ["", t("mydata-footer")]
    return "\n".join(lines)


def mydata_kb(t: L) -> InlineKeyboardMarkup:
    return column(
        button(t("btn-forget"), PrivacyCb(act=PrivacyAct.ASK)), button(t("btn-menu"), MenuCb(to=MenuTo.MAIN))
    )


def forget_kb(t: L) -> InlineKeyboardMarkup:
    return column(
        button(t("btn-forget-yes"), PrivacyCb(act=PrivacyAct.YES)),
        button(t("btn-forget-no"), PrivacyCb(act=PrivacyAct.NO)),
    )
