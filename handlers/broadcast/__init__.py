"""Coordinators' broadcasts and everyone's «Ознакомлен» button."""

from handlers.broadcast.views import progress_view  # the scheduler edits the progress message with it

__all__ = ["progress_view"]
