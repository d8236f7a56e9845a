"""The time now, as the database stores it (aware UTC), for code above the services that must not reach into db/."""

from __future__ import annotations

from db.base import utcnow

__all__ = ["utcnow"]
