"""All models, imported here so that `Base.metadata` knows every table (Alembic and the tests rely on it)."""

from db.base import Base
from db.models.event import Event
from db.models.invite import Invite
from db.models.organization import Organization
from db.models.processed_update import ProcessedUpdate
from db.models.user import User

__all__ = ["Base", "Event", "Invite", "Organization", "ProcessedUpdate", "User"]
