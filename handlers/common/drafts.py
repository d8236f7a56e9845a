"""The conversation slot where a person's unsent survey answers wait: the surveys fill it, /forget empties it."""

from __future__ import annotations

from dataclasses import replace

from aiogram.fsm.context import FSMContext

DRAFTS = "surveys"


def survey_drafts(state: FSMContext) -> FSMContext:
    """The slot (destiny "surveys") apart from the form state, so /menu, which clears the form, keeps the answers."""
    return FSMContext(storage=state.storage, key=replace(state.key, destiny=DRAFTS))
