"""Turning HTML forms into API payloads, and API validation problems into field messages."""

from typing import Any

from starlette.datastructures import FormData

from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.templating import current_locale

_BY_TYPE = {
    "missing": N_("This field is required."),
    "string_too_short": N_("This field is required."),
    "string_too_long": N_("This is too long."),
    "string_pattern_mismatch": N_("Use lowercase letters, digits and _ only."),
    "value_error": N_("This value is not valid."),
    "uuid_parsing": N_("Choose an option from the list."),
    "date_from_datetime_parsing": N_("Enter a date like 2026-03-01."),
    "date_parsing": N_("Enter a date like 2026-03-01."),
    "datetime_parsing": N_("Enter a date and time."),
    "float_parsing": N_("Enter a number."),
    "int_parsing": N_("Enter a whole number."),
    "greater_than_equal": N_("This number is too small."),
    "less_than_equal": N_("This number is too large."),
    "enum": N_("Choose an option from the list."),
}


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional(form: FormData, name: str) -> str | None:
    return text(form, name) or None


def field_messages(error: ApiError) -> dict[str, str]:
    """`{"display_name": "This field is required."}` from a problem's `errors[].loc`.

    Problems the service raised already carry a translated `msg`; framework validation
    messages are English, so those are replaced by a translated message for their type.
    """
    messages: dict[str, str] = {}
    for item in error.field_errors:
        loc = [part for part in item.get("loc", []) if part != "body"]
        if not loc:
            continue
        name = ".".join(str(part) for part in loc)
        kind = str(item.get("type", ""))
        template = _BY_TYPE.get(kind)
        if template is not None and kind != "value_error":
            message = translate(template, current_locale.get())
        else:
            message = str(item.get("msg", "")).removeprefix("Value error, ")
        messages.setdefault(name, message)
        messages.setdefault(str(loc[0]), message)
    return messages


def form_values(form: FormData) -> dict[str, Any]:
    return {key: form.get(key) for key in form}
