"""Gettext catalogs (English source strings, Simplified Chinese translation)."""

import gettext
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale as BabelLocale
from babel import UnknownLocaleError, negotiate_locale

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
SUPPORTED_LOCALES = ("en", "zh-CN")
DEFAULT_LOCALE = "en"
BABEL_LOCALES = {"en": "en", "zh-CN": "zh_Hans_CN"}


def _catalog_name(locale: str) -> str:
    return "zh_Hans_CN" if locale == "zh-CN" else "en"


@lru_cache
def translations(locale: str) -> gettext.NullTranslations:
    return gettext.translation(
        "messages", LOCALES_DIR, languages=[_catalog_name(locale)], fallback=True
    )


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for "mark, translate later")
    """Mark `message` for the catalog; it is translated later, in the caller's language."""
    return message


def babel_locale(locale: str) -> str:
    """Babel's (CLDR's) name of one of our locales: `zh-CN` → `zh_Hans_CN`."""
    return BABEL_LOCALES.get(locale, DEFAULT_LOCALE)


def translate(message: str, locale: str) -> str:
    return translations(locale).gettext(message)


class Message(str):
    """A catalog message passed as a parameter of another: translated along with it."""

    __slots__ = ()


def fill(template: str, params: dict[str, Any], locale: str) -> str:
    """`template` translated, its `{placeholders}` filled (`Message` values translated too)."""
    translated = {
        name: translate(value, locale) if isinstance(value, Message) else value
        for name, value in params.items()
    }
    return translate(template, locale).format(**translated)


def locale_from_accept_language(header: str | None) -> str:
    """Pick `en` or `zh-CN` from an Accept-Language header (`zh`, `zh-Hans`, `zh-CN`…)."""
    if not header:
        return DEFAULT_LOCALE
    preferred: list[str] = []
    for part in header.split(","):
        tag = part.split(";")[0].strip()
        if not tag or tag == "*":
            continue
        try:
            parsed = BabelLocale.parse(tag, sep="-")
        except (ValueError, UnknownLocaleError):
            continue
        preferred.append("zh_CN" if parsed.language == "zh" else parsed.language)
    chosen = negotiate_locale(preferred, ["en", "zh_CN"])
    return "zh-CN" if chosen == "zh_CN" else DEFAULT_LOCALE
