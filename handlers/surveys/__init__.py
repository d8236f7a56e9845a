"""Surveys: answering (everyone), loading surveys, rounds and results (coordinators)."""
