"""The languages offered at onboarding and in the settings, each named in itself."""

LANGUAGES = (("🇷🇺 Русский", "ru"), ("🇬🇧 English", "en"))
