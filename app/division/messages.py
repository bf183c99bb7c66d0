"""Finding messages: English templates marked for the catalog, said in the caller's language."""

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from babel import Locale

from app.core.i18n import N_, translate

NO_ACCOUNTABLE_SCOPE = N_("Nobody is accountable for “{scope}”.")
NO_ACCOUNTABLE_CAMPAIGN = N_("Nobody is accountable for this campaign.")
NO_RESPONSIBLE_SCOPE = N_("Nobody is responsible for “{scope}”.")
NO_RESPONSIBLE_CAMPAIGN = N_("Nobody is responsible for this campaign.")
MULTIPLE_ACCOUNTABLE_SCOPE = N_("{names} are accountable for “{scope}” at the same time; keep one.")
MULTIPLE_ACCOUNTABLE_CAMPAIGN = N_(
    "{names} are accountable for this campaign at the same time; keep one."
)
MULTIPLE_ACCOUNTABLE_STANDING = N_(
    "{names} are accountable as {role} across the workspace at the same time; keep one."
)
UNCOVERED_ROLE = N_("The campaign needs a {role}, but nobody holds that role in it.")
OVERLAP_SCOPE = N_(
    "{names} are responsible for “{scope}” as {role} at the same time; split the scope "
    "or make one of them consulted."
)
OVERLAP_CAMPAIGN = N_(
    "{names} are responsible for this campaign as {role} at the same time; split the work "
    "or make one of them consulted."
)
OVER_ALLOCATED = N_("{name} is booked for up to {percent}% of their week.")
SKILL_GAP = N_("{name} has {skill} at level {level} as {role}, which needs {min_level}.")
SKILL_GAP_HELPERS = N_("{helpers} could cover or mentor.")
SKILL_GAP_NOBODY = N_("Nobody else has it at that level; plan training.")
SPOF_ACCOUNTABLE = N_("{name} is accountable for {count} of the {total} scopes; share the load.")
SPOF_SKILL = N_("Only {names} can do {skill} at level {min_level} or above, which {role} needs.")
IDLE = N_("{name} has no active assignment.")
IDLE_BELOW = N_("{name} is booked for only {percent}% of their week.")
LEAD_NOT_ASSIGNED = N_("The lead, {name}, holds no assignment in this campaign.")
IN_WEEKS = N_("Weeks: {weeks}.")

_BABEL_LOCALES = {"zh-CN": "zh_Hans_CN"}
_SPACE = {"zh-CN": ""}


@lru_cache
def _list_patterns(locale: str) -> dict[str, str]:
    patterns: dict[str, str] = Locale.parse(_BABEL_LOCALES.get(locale, "en")).list_patterns[
        "standard"
    ]
    return patterns


def names(items: Sequence[str], locale: str) -> str:
    """`A, B, and C` / `A、B和C`: Babel's (CLDR's) list patterns, looked up once."""
    if len(items) < 2:
        return "".join(items)
    patterns = _list_patterns(locale)
    if len(items) == 2:
        return patterns["2"].format(*items)
    joined = patterns["start"].format(items[0], items[1])
    for item in items[2:-1]:
        joined = patterns["middle"].format(joined, item)
    return patterns["end"].format(joined, items[-1])


def say(locale: str, template: str, **params: Any) -> str:
    return translate(template, locale).format(**params)


def join(locale: str, *sentences: str) -> str:
    return _SPACE.get(locale, " ").join(s for s in sentences if s)
