"""Shared by every feature: the domain's vocabulary, errors, permissions, texts, dates in words, the notifier seam."""
