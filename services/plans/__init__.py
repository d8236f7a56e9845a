"""Imported network plans as schedule events (the parsing lives in services.plan_import)."""
