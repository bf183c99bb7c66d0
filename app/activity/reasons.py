"""Reasons chosen by the system, stored as a code and parameters, translated when shown.

A reason a person typed is stored as typed (`Activity.reason`). A reason Troupe gives
(a staffing suggestion applied, a cascade) is stored as `reason_code` + `reason_params`
and shown in the reader's language, not the actor's. Features add their codes with
`register_reason`.
"""

from collections.abc import Mapping
from typing import Any

from app.core.i18n import N_, translate

REASONS: dict[str, str] = {
    "staffing_applied": N_("Applied a staffing suggestion."),
    "scope_deleted": N_("Removed with the scope {scope}, deleted by {actor}."),
    "campaign_deleted": N_("Removed with the campaign {campaign}, deleted by {actor}."),
}


def register_reason(code: str, message: str) -> str:
    """Add a reason code (its message marked with N_); returns the code."""
    if REASONS.get(code, message) != message:
        raise ValueError(f"the reason code {code!r} is taken")
    REASONS[code] = message
    return code


def reason_text(
    *, reason: str, code: str | None, params: Mapping[str, Any] | None, locale: str
) -> str:
    """What to show as the reason: the typed text, else the code's message in `locale`."""
    if reason or code is None:
        return reason
    message = REASONS.get(code)
    if message is None:
        return code
    return _format(translate(message, locale), params or {})


def _format(template: str, params: Mapping[str, Any]) -> str:
    try:
        return template.format_map({key: str(value) for key, value in params.items()})
    except (KeyError, IndexError, ValueError):
        return template
