"""Coordinators import a plan file."""
