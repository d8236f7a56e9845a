"""The numbers a button may carry. Every integer field of every callback data class is `CbInt`: the database's id
columns are 32-bit on PostgreSQL, so a forged or mangled button with a number beyond that range does not unpack
and is answered as an outdated menu before any handler (or query) sees it. A field packed as text that holds an
id is read with `id_from`, bounded the same way."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

ID_MIN = -(2**31)
ID_MAX = 2**31 - 1

CbInt = Annotated[int, Field(ge=ID_MIN, le=ID_MAX)]


def id_from(value: str) -> int | None:
    """A non-negative number written in ASCII digits and within the id range; None for anything else."""
    if not value.isascii() or not value.isdigit() or len(value) > len(str(ID_MAX)):
        return None
    number = int(value)
    return number if number <= ID_MAX else None
