"""Fluent translations from `locales/<lang>/*.ftl`, usable in handlers, scheduler jobs and the CLI alike."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
SUPPORTED_LOCALES = ("ru", "en")
FORMATTED_CACHE_SIZE = 10_000
_NUMBERS = (int, float)


def pick_locale(language_code: str | None, default: str = "ru") -> str:
    """A Telegram `language_code` mapped onto a locale we have: Russian speakers get Russian, others English."""
    if not language_code:
        return default
    code = language_code.split("-")[0].lower()
    if code in SUPPORTED_LOCALES:
        return code
    return "ru" if code in {"uk", "be", "kk", "ky", "uz", "tg", "hy", "az"} else "en"


class Translator:
    def __init__(
        self,
        root: Path = LOCALES_DIR,
        locales: Iterable[str] = SUPPORTED_LOCALES,
        default: str = "ru",
    ) -> None:
        self.default = default
        # Messages without arguments, or with numbers only (seats left, page 2 of 40), are formatted once: the same
        # few values recur, and Fluent's formatting costs more than the rest of a screen. Text people typed is never
        # kept here.
        self._formatted: dict[tuple[object, ...], str] = {}
        self.bundles: dict[str, FluentBundle] = {}
        self.keys: dict[str, set[str]] = {}
        for locale in locales:
            bundle = FluentBundle([locale], use_isolating=False)
            keys: set[str] = set()
            for path in sorted((root / locale).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                bundle.add_resource(resource)
                keys.update(entry.id.name for entry in resource.body if hasattr(entry, "id"))
            self.bundles[locale] = bundle
            self.keys[locale] = keys

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self.bundles)

    def get(self, locale: str, key: str, **kwargs: object) -> str:
        if not all(type(value) in _NUMBERS for value in kwargs.values()):
            return self._format(locale, key, kwargs)
        cache_key = (locale, key, *kwargs.items())
        text = self._formatted.get(cache_key)
        if text is None:
            if len(self._formatted) >= FORMATTED_CACHE_SIZE:
                self._formatted.clear()
            text = self._formatted[cache_key] = self._format(locale, key, kwargs)
        return text

    def _format(self, locale: str, key: str, kwargs: dict[str, object]) -> str:
        for candidate in (locale, self.default):
            bundle = self.bundles.get(candidate)
            if bundle is not None and bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    break
                text, errors = bundle.format_pattern(message.value, kwargs)
                if errors:
                    log.warning("fluent errors in %s/%s: %s", candidate, key, errors)
                return text
        log.error("missing translation %s/%s", locale, key)
        return key

    def bind(self, locale: str) -> L:
        return L(self, locale if locale in self.bundles else self.default)


class L:
    """A translator bound to one locale: `t(message_id, name=value)`."""

    __slots__ = ("locale", "translator")

    def __init__(self, translator: Translator, locale: str) -> None:
        self.translator = translator
        self.locale = locale

    def __call__(self, key: str, **kwargs: object) -> str:
        return self.translator.get(self.locale, key, **kwargs)
