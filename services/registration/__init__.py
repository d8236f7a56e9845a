"""Signing up for events, the waitlist, rosters and their exports."""
