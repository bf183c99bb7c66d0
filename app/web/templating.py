"""Jinja with gettext in the reader's language, and dates and numbers formatted for it."""

from collections.abc import Mapping
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.core.i18n import translate, translations
from app.core.money import Money, format_money
from app.core.paths import bundled
from app.web import labels

TEMPLATES_DIR = bundled("templates")
BABEL_LOCALES = {"en": "en", "zh-CN": "zh_Hans_CN"}
LANGUAGES = (("en", "English"), ("zh-CN", "简体中文"))

current_locale: ContextVar[str] = ContextVar("current_locale", default="en")


def _gettext(message: str) -> str:
    return translate(message, current_locale.get())


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale.get()).ngettext(singular, plural, n)


def _babel_locale() -> str:
    return BABEL_LOCALES.get(current_locale.get(), "en")


def _parse(value: object) -> object:
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    return value


def date_filter(value: object, format: str = "medium") -> str:
    parsed = _parse(value)
    if isinstance(parsed, datetime):
        parsed = parsed.date()
    if not isinstance(parsed, date):
        return "" if value is None else str(value)
    return format_date(parsed, format=format, locale=_babel_locale())


def datetime_filter(value: object, timezone: str = "UTC", format: str = "medium") -> str:
    parsed = _parse(value)
    if not isinstance(parsed, datetime):
        return "" if value is None else str(value)
    return format_datetime(parsed, format=format, tzinfo=ZoneInfo(timezone), locale=_babel_locale())


Number = int | float | Decimal | str  # a reply's number, or one as a form sent it


def number_filter(value: Number | None, digits: int = 2) -> str:
    if value is None or value == "":
        return "–"
    number = round(float(value), digits)
    return format_decimal(
        number, format=f"#,##0.{'#' * digits}" if digits else "#,##0", locale=_babel_locale()
    )


def percent_filter(value: Number | None) -> str:
    if value is None:
        return "–"
    return format_percent(float(value) / 100, locale=_babel_locale())


def money_filter(value: object, compact: bool = False) -> str:
    """`{"amount_minor": 1234500, "currency": "CNY"}` as `¥12,345.00` (or `¥1.23万`)."""
    if value is None:
        return ""
    return format_money(Money.model_validate(value), current_locale.get(), compact=compact)


def load_class(percent: int, threshold: int = 100) -> str:
    """The heatmap shade of a week's load."""
    if percent > threshold:
        return "load-over"
    if percent == 0:
        return "load-0"
    return "load-1" if percent <= 50 else "load-2" if percent <= 80 else "load-3"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        date=date_filter,
        datetime=datetime_filter,
        number=number_filter,
        percent=percent_filter,
        lookup=lambda key, mapping: mapping.get(key, key),
        load_class=load_class,
        money=money_filter,
    )
    env.globals.update(
        LANGUAGES=LANGUAGES,
        label=lambda group, value: labels.label(group, value, current_locale.get()),
        options=lambda group: labels.options(group, current_locale.get()),
    )
    return env


environment = _environment()


def render_template(name: str, locale: str, context: Mapping[str, object]) -> str:
    token = current_locale.set(locale)
    try:
        return environment.get_template(name).render(**context)
    finally:
        current_locale.reset(token)
