"""Fluent translations from `locales/<lang>/*.ftl`, usable in handlers, scheduler jobs and the CLI alike."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource

from services.core.a11y import strip_pictograms

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
SUPPORTED_LOCALES = ("ru", "en")
FORMATTED_CACHE_SIZE = 10_000
PLAIN_SUFFIX = "-plain"  # `consent-text-plain`: the easy-to-read version of `consent-text`
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
        variables: Mapping[str, object] | None = None,
    ) -> None:
        self.default = default
        # Values every message may use (the data operator's name and contact); a call's own arguments win.
        self.variables = dict(variables or {})
        self._root = root
        self._screen_reader: dict[str, FluentBundle] = {}
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

    def get(self, locale: str, key: str, /, **kwargs: object) -> str:
        if not all(type(value) in _NUMBERS for value in kwargs.values()):
            return self._format(locale, key, kwargs)
        cache_key = (locale, key, *kwargs.items())
        text = self._formatted.get(cache_key)
        if text is None:
            if len(self._formatted) >= FORMATTED_CACHE_SIZE:
                self._formatted.clear()
            text = self._formatted[cache_key] = self._format(locale, key, kwargs)
        return text

    def render(
        self,
        locale: str,
        key: str,
        kwargs: Mapping[str, object] | None = None,
        *,
        plain: bool = False,
        screen_reader: bool = False,
    ) -> str:
        """A message for a person's reading settings. `plain`: the easy-to-read version (`<key>-plain`) when there
        is one, else the usual text. `screen_reader`: without decorative pictograms (only the locale's own text
        loses them; values passed in, such as titles people typed, are kept as they are)."""
        if plain:
            plain_key = key + PLAIN_SUFFIX
            if plain_key in self.keys.get(locale, ()):
                key = plain_key
        kwargs = dict(kwargs or {})
        if not screen_reader:
            return self.get(locale, key, **kwargs)
        if not all(type(value) in _NUMBERS for value in kwargs.values()):
            return self._format(locale, key, kwargs, reader=True)
        cache_key = ("reader", locale, key, *kwargs.items())
        text = self._formatted.get(cache_key)
        if text is None:
            if len(self._formatted) >= FORMATTED_CACHE_SIZE:
                self._formatted.clear()
            text = self._formatted[cache_key] = self._format(locale, key, kwargs, reader=True)
        return text

    def has_plain(self, locale: str, key: str) -> bool:
        """Whether `key` has an easy-to-read version in `locale`."""
        return key + PLAIN_SUFFIX in self.keys.get(locale, ())

    def _reader_bundle(self, locale: str) -> FluentBundle | None:
        """The locale's messages with decorative pictograms taken out of the text, built on first use."""
        bundle = self._screen_reader.get(locale)
        if bundle is None and locale in self.bundles:
            bundle = FluentBundle([locale], use_isolating=False)
            for path in sorted((self._root / locale).glob("*.ftl")):
                bundle.add_resource(FluentResource(strip_pictograms(path.read_text(encoding="utf-8"))))
            self._screen_reader[locale] = bundle
        return bundle

    def _format(self, locale: str, key: str, kwargs: dict[str, object], reader: bool = False) -> str:
        if self.variables:
            kwargs = {**self.variables, **kwargs}
        for candidate in (locale, self.default):
            bundle = self._reader_bundle(candidate) if reader else self.bundles.get(candidate)
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

    def bind(self, locale: str, *, plain: bool = False, screen_reader: bool = False) -> L:
        """A translator for one person: their language and, when they chose them, plain language (easy-to-read
        versions where we have them) and screen-reader mode (no decorative pictograms)."""
        return L(self, locale if locale in self.bundles else self.default, plain, screen_reader)

    def for_person(self, person: object | None, locale: str | None = None) -> L:
        """A translator bound to a stored person's language and reading settings (`screen_reader`,
        `plain_language`); `locale` overrides their language (a new choice not yet reloaded), None: the default."""
        if locale is None:
            locale = getattr(person, "language", None) or self.default
        return self.bind(
            locale,
            plain=bool(getattr(person, "plain_language", False)),
            screen_reader=bool(getattr(person, "screen_reader", False)),
        )


class L:
    """A translator bound to one locale and reading settings: `t(message_id, name=value)`."""

    __slots__ = ("locale", "plain", "screen_reader", "translator")

    def __init__(
        self, translator: Translator, locale: str, plain: bool = False, screen_reader: bool = False
    ) -> None:
        self.translator = translator
        self.locale = locale
        self.plain = plain
        self.screen_reader = screen_reader

    def __call__(self, key: str, /, **kwargs: object) -> str:
        if not (self.plain or self.screen_reader):
            return self.translator.get(self.locale, key, **kwargs)
        return self.translator.render(
            self.locale, key, kwargs, plain=self.plain, screen_reader=self.screen_reader
        )

    def shown(self, text: str) -> str:
        """Text composed outside the locale (a mark put before a label) as this person should get it: without
        decorative pictograms in screen-reader mode, unchanged otherwise."""
        return strip_pictograms(text) if self.screen_reader else text
