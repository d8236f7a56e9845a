"""Settings: language, role, organization, reminders."""
