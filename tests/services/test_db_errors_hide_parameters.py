"""A database error never carries what was being written: statement parameters are hidden in every error the
engine raises, so a logged failure of a write (a person's text in it) shows the SQL but not the values."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import DBAPIError

from db.models import Organization

MARKER = "Личное-сообщение-Марии-8-999-123-45-67"

log = logging.getLogger("tests.db_errors")


async def test_a_failing_write_logs_its_statement_without_the_values(session_factory, caplog) -> None:
    async with session_factory() as session:
        session.add(Organization(name="ГБУ ДО ЦППМСП", short_name="ЦППМСП", network_role="resource"))
        await session.commit()
    caplog.set_level(logging.INFO)
    async with session_factory() as session:
        # The same short name (it is unique), with the marker in the other columns: the write fails.
        session.add(Organization(name=MARKER, short_name="ЦППМСП", network_role="resource", address=MARKER))
        with pytest.raises(DBAPIError) as caught:
            await session.commit()
        log.exception("write failed", exc_info=caught.value)
    text = str(caught.value) + "\n" + caplog.text
    assert "INSERT INTO organizations" in text  # the statement is there, for whoever reads the log
    assert "hidden due to hide_parameters" in text
    assert MARKER not in text
    assert MARKER not in repr(caught.value) and all(MARKER not in str(a) for a in caught.value.args)
