"""Questionnaires: survey files, rounds, answers and results."""
