"""The languages offered at onboarding and in the settings, each named in itself."""

# Words first: a flag at the start is read aloud («флаг: Россия») before the name.
LANGUAGES = (("Русский", "ru"), ("English", "en"))
