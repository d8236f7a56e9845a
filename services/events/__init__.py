"""The schedule: events, their cards and calendar files."""
