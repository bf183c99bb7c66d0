"""Turning HTML forms into API payloads, and API validation problems into field messages."""

from typing import Any

from starlette.datastructures import FormData

from app.web.client import ApiError

FORM = "form"  # the key of a message about the whole form


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional(form: FormData, name: str) -> str | None:
    return text(form, name) or None


def field_messages(error: ApiError) -> dict[str, str]:
    """`{"display_name": "This field is required."}` from a problem's `errors[].loc`.

    The API writes every message in the language the page asked for (`Accept-Language`
    is the page's `locale`), field errors included; an error without a field, and a
    refusal without field errors, is the form's own message (`FORM`), so nothing is lost.
    """
    messages: dict[str, str] = {}
    for item in error.field_errors:
        loc = [part for part in item.get("loc", []) if part not in ("body", "query", "path")]
        message = str(item.get("msg", "")).removeprefix("Value error, ")
        if not loc:
            messages.setdefault(FORM, message)
            continue
        messages.setdefault(".".join(str(part) for part in loc), message)
        messages.setdefault(str(loc[0]), message)
    if not messages and error.detail:
        messages[FORM] = error.detail
    return messages


def form_values(form: FormData) -> dict[str, Any]:
    return {key: form.get(key) for key in form}
