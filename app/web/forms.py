"""Turning HTML forms into API payloads, and API validation problems into field messages."""

from collections.abc import Collection, Mapping
from urllib.parse import urlsplit

from starlette.datastructures import FormData, ImmutableMultiDict, UploadFile

from app.web.client import ApiError

FORM = "form"  # the key of a message about the whole form
# The API's answers that are the user's to fix (a field, a conflict, a stale or gone
# object): shown next to the form. Anything else (401, 403, 5xx) is left to the app's
# handlers: the sign-in page, the error page.
FORM_REFUSALS = (404, 409, 412, 422)

Fields = ImmutableMultiDict[str, UploadFile | str]
# What a form shows in its fields again: a name's text, or the chosen values of a list
FormValues = Mapping[str, str | list[str]]


def text(form: Fields, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional(form: Fields, name: str) -> str | None:
    return text(form, name) or None


def safe_next(target: str | None, default: str = "/", *, within: str = "/") -> str:
    r"""`target` if it is a path on this site, else `default`: never an open redirect.

    Refused: absolute URLs (`https://evil.example`), scheme-relative ones
    (`//evil.example`), and what browsers turn into them: a backslash (`/\evil.example`
    is read as `//evil.example`) or a tab, newline or other control character (dropped
    by browsers, so `/\t/evil.example` becomes `//evil.example`). `within` narrows the
    accepted paths further (`/w/<slug>/`: back to a page of the same workspace).
    """
    if not target or not target.startswith(within) or target.startswith("//"):
        return default
    if "\\" in target or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in target):
        return default
    parsed = urlsplit(target)
    return default if parsed.scheme or parsed.netloc else target


def field_messages(
    error: ApiError,
    *,
    aliases: Mapping[str, str] | None = None,
    shown: Collection[str] | None = None,
) -> dict[str, str]:
    """`{"display_name": "This field is required."}` from a problem's `errors[].loc`.

    The API writes every message in the language the page asked for (`Accept-Language`
    is the page's `locale`), field errors included. `aliases` rename the API's fields to
    the form's (`audience.channels` -> `channels`); an error on a field the form does not
    show (`shown`), without a field, or a refusal without field errors, becomes the form's
    own message (`FORM`), so nothing is lost.
    """
    messages: dict[str, str] = {}
    unplaced: list[str] = []
    for item in error.field_errors:
        loc = [str(part) for part in item.get("loc", []) if part not in ("body", "query", "path")]
        message = str(item.get("msg", "")).removeprefix("Value error, ")
        name = _alias(".".join(loc), aliases or {})
        if not loc or (shown is not None and not _shown(name, shown)):
            unplaced.append(message)
            continue
        messages.setdefault(name, message)
        messages.setdefault(name.split(".", 1)[0], message)
    if unplaced:
        messages[FORM] = " ".join(dict.fromkeys(unplaced))
    if not messages and error.detail:
        messages[FORM] = error.detail
    return messages


def problem_message(error: ApiError) -> str:
    """One line for a refusal shown without a form (a cell, a board card, a flash)."""
    messages = field_messages(error)
    return messages.get(FORM) or next(iter(messages.values()), error.detail)


def _alias(name: str, aliases: Mapping[str, str]) -> str:
    for api_name, form_name in aliases.items():
        if name == api_name or name.startswith(api_name + "."):
            return form_name
    return name


def _shown(name: str, shown: Collection[str]) -> bool:
    return any(name == field or name.startswith(field + ".") for field in shown)


def form_values(form: FormData) -> dict[str, str]:
    """What was typed, to show the form again (files cannot be shown again)."""
    return {key: value for key in form if isinstance(value := form.get(key), str)}
