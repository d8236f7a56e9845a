"""/start: consent, language, role, organization, and invite deep links."""
