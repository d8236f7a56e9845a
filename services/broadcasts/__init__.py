"""Coordinators' announcements to an audience."""
