"""Pydantic's own validation errors in the caller's language, on the field they are about.

Pydantic writes its messages in English before any request's language is known. The
problem handler (`app.core.problems`) passes each error through `message()`, which
chooses a translatable template by the error's type and fills it from the error's
context, in the request's language. An error raised for a whole object that names a
`field` in its context (`invalid(..., field="ends_on")`) is reported on that field.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from app.core.i18n import N_, fill

REQUIRED = N_("This field is required.")

BY_TYPE: dict[str, str] = {
    "missing": REQUIRED,
    "string_too_long": N_("Use at most {max_length} characters."),
    "too_short": N_("Give at least {min_length} items."),
    "too_long": N_("Give at most {max_length} items."),
    "greater_than_equal": N_("Use a number of at least {ge}."),
    "less_than_equal": N_("Use a number of at most {le}."),
    "greater_than": N_("Use a number above {gt}."),
    "less_than": N_("Use a number below {lt}."),
    "string_pattern_mismatch": N_("This does not have the expected form."),
    "enum": N_("Choose one of: {expected}."),
    "literal_error": N_("Choose one of: {expected}."),
    "date_parsing": N_("Enter a date like 2026-03-01."),
    "date_from_datetime_parsing": N_("Enter a date like 2026-03-01."),
    "date_type": N_("Enter a date like 2026-03-01."),
    "datetime_parsing": N_("Enter a date and time like 2026-03-01T09:00:00Z."),
    "datetime_from_date_parsing": N_("Enter a date and time like 2026-03-01T09:00:00Z."),
    "datetime_type": N_("Enter a date and time like 2026-03-01T09:00:00Z."),
    "int_parsing": N_("Enter a whole number."),
    "int_type": N_("Enter a whole number."),
    "int_from_float": N_("Enter a whole number."),
    "float_parsing": N_("Enter a number."),
    "float_type": N_("Enter a number."),
    "decimal_parsing": N_("Enter a number."),
    "uuid_parsing": N_("Choose an option from the list."),
    "uuid_type": N_("Choose an option from the list."),
    "bool_parsing": N_("Enter true or false."),
    "extra_forbidden": N_("This field is not expected here."),
    "string_type": N_("Enter text."),
    "list_type": N_("Give a list."),
}

# Messages of `ValueError`s raised by the schemas' own checks (translated by their text).
VALUE_ERRORS: dict[str, str] = {
    "each skill may appear only once": N_("Each skill may appear only once."),
    "each role may appear only once": N_("Each role may appear only once."),
    "scope names must be unique within a campaign": N_(
        "Scope names must be unique within a campaign."
    ),
    "ends_on must not be before starts_on": N_("The end date must not be before the start date."),
    "a new campaign starts as draft, planning or active": N_(
        "A new campaign starts as draft, planning or active."
    ),
    "scope_id needs campaign_id": N_("A scope needs its campaign."),
    "value is not a valid email address": N_("Enter a valid email address."),
}

# An object-level check is reported on the field it is about.
VALUE_ERROR_FIELDS: dict[str, str] = {
    "each skill may appear only once": "skills",
    "each role may appear only once": "required_roles",
    "scope names must be unique within a campaign": "scopes",
    "ends_on must not be before starts_on": "ends_on",
    "scope_id needs campaign_id": "campaign_id",
}


def _value_error_text(error: Mapping[str, Any]) -> str:
    text = str(error.get("msg", "")).removeprefix("Value error, ")
    return text.split(":", 1)[0].strip() if text.startswith("value is not a valid email") else text


def message(error: Mapping[str, Any], locale: str) -> str | None:
    """The error's message in `locale`, or None to keep pydantic's own."""
    kind = str(error.get("type", ""))
    context = dict(error.get("ctx") or {})
    if kind == "string_too_short":
        minimum = context.get("min_length", 1)
        if minimum <= 1:
            return fill(REQUIRED, {}, locale)
        return fill(N_("Use at least {min_length} characters."), context, locale)
    if kind == "value_error":
        template = VALUE_ERRORS.get(_value_error_text(error))
        return None if template is None else fill(template, {}, locale)
    template = BY_TYPE.get(kind)
    if template is None:
        return None
    try:
        return fill(template, {k: _shown(v) for k, v in context.items()}, locale)
    except (KeyError, IndexError):  # a context without the template's placeholder
        return None


def location(error: Mapping[str, Any]) -> list[str | int]:
    """Where the error is; an object's own check names its field (`[body, ends_on]`)."""
    loc: Sequence[str | int] = error.get("loc", ())
    named = (error.get("ctx") or {}).get("field")
    if named is None and error.get("type") == "value_error":
        named = VALUE_ERROR_FIELDS.get(_value_error_text(error))
    if isinstance(named, str) and (not loc or loc[-1] != named):
        return [*loc, named]
    return list(loc)


def _shown(value: Any) -> Any:
    return str(value) if not isinstance(value, int | float | str) else value
