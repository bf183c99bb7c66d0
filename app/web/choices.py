"""Search pickers (issue 9): one field for choosing a member, campaign, partner, metric or
role in a workspace of any size. A picker shows the chosen one and, for the kinds that are
worth browsing, the first `PICKER_SIZE` of the API's list; typing asks `/w/{slug}/choices/
{kind}?q=` for at most `PICKER_SIZE` matches (`templates/partials/search_picker.html`).
A page therefore makes the same calls for a workspace of one campaign as of a thousand."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.web.client import ApiError
from app.web.context import Page

PICKER_SIZE = 20


class ChoiceKind(StrEnum):
    member = "member"
    campaign = "campaign"
    partner = "partner"
    metric = "metric"
    metric_key = "metric_key"  # a metric, sent by its key (goals' key results)
    role = "role"


@dataclass(frozen=True)
class Kind:
    """Where a kind's choices come from: the API list, the reply field a form sends, the
    one it shows, fixed filters, and whether the first page is offered before typing."""

    collection: str
    value: str = "id"
    label: str = "name"
    filters: Mapping[str, str] = field(default_factory=dict)
    browse: bool = True


KINDS: Mapping[ChoiceKind, Kind] = {
    # A team is found by name, never listed (the first 20 of a large team help nobody).
    ChoiceKind.member: Kind(
        "members", label="display_name", filters={"status": "active"}, browse=False
    ),
    ChoiceKind.campaign: Kind("campaigns"),
    ChoiceKind.partner: Kind("partners"),
    ChoiceKind.metric: Kind("metrics"),
    ChoiceKind.metric_key: Kind("metrics", value="key"),
    ChoiceKind.role: Kind("roles"),
}


@dataclass(frozen=True)
class Choice:
    """One option: the value a form sends, the name shown."""

    id: str
    name: str


@dataclass(frozen=True)
class Picker:
    """What a picker shows: its kind (the address typing asks), the chosen one, the rest."""

    kind: ChoiceKind
    chosen: Choice | None
    offered: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class ManyPicker:
    """A picker of several (checkboxes): the chosen ones, then the first others offered."""

    kind: ChoiceKind
    chosen: tuple[Choice, ...]
    offered: tuple[Choice, ...]


def named(value: str | None, name: str | None) -> tuple[Choice, ...]:
    """The choice a reply names, if it names one (e.g. a goal's `campaign_id` and
    `campaign_name`), as `known` for `picker`."""
    return (Choice(id=value, name=name or ""),) if value and name else ()


async def search_items(page: Page, slug: str, kind: ChoiceKind, q: str) -> list[dict[str, Any]]:
    """At most `PICKER_SIZE` items of the API's list matching `q` (the first ones when `q`
    is empty), as the API gives them (for a page that needs more of them than a choice)."""
    how = KINDS[kind]
    reply = await page.api.get(
        f"/workspaces/{slug}/{how.collection}", q=q.strip(), limit=PICKER_SIZE, **how.filters
    )
    items: list[dict[str, Any]] = reply["items"]
    return items


def choices_of(kind: ChoiceKind, items: Iterable[Mapping[str, Any]]) -> list[Choice]:
    how = KINDS[kind]
    return [Choice(id=str(item[how.value]), name=str(item[how.label])) for item in items]


async def search(page: Page, slug: str, kind: ChoiceKind, q: str) -> list[Choice]:
    """At most `PICKER_SIZE` choices matching `q` (the first ones when `q` is empty)."""
    return choices_of(kind, await search_items(page, slug, kind, q))


async def picker(
    page: Page,
    slug: str,
    kind: ChoiceKind,
    value: str | None,
    *,
    known: Iterable[Choice] = (),
    offered: Iterable[Choice] | None = None,
) -> Picker:
    """A picker with `value` chosen: the first choices of a browsable kind (one call, or
    `offered` when the page already asked), the chosen one named by `known` or by them,
    else read alone (a value no longer there is not chosen)."""
    first = tuple(offered) if offered is not None else ()
    if offered is None and KINDS[kind].browse:
        first = tuple(await search(page, slug, kind, ""))
    among = (*first, *known)
    return Picker(kind, await chosen(page, slug, kind, value, among), first)


async def many_picker(
    page: Page,
    slug: str,
    kind: ChoiceKind,
    values: Iterable[str],
    *,
    known: Iterable[Choice] = (),
    offered: Iterable[Choice] | None = None,
) -> ManyPicker:
    """A picker of several with `values` chosen, named by `known` or the first choices (one
    call, or `offered` when the page already asked), else each read alone (as many reads as
    chosen ones the page could not name)."""
    first = tuple(offered) if offered is not None else tuple(await search(page, slug, kind, ""))
    among = (*first, *known)
    found = [await chosen(page, slug, kind, value, among) for value in dict.fromkeys(values)]
    picked = tuple(choice for choice in found if choice is not None)
    return ManyPicker(kind, picked, first)


async def chosen(
    page: Page, slug: str, kind: ChoiceKind, value: str | None, among: Iterable[Choice] = ()
) -> Choice | None:
    """The choice `value` names: one of `among` (what the page already knows) or read
    alone, never by listing; None when nothing (or something no longer here) is chosen."""
    if not value:
        return None
    for choice in among:
        if choice.id == value:
            return choice
    how = KINDS[kind]
    if how.value != "id":
        found = await search(page, slug, kind, value)
        return next((choice for choice in found if choice.id == value), None)
    try:
        item = await page.api.get(f"/workspaces/{slug}/{how.collection}/{value}")
    except ApiError as missing:
        if missing.status not in (404, 422):
            raise
        return None
    return Choice(id=str(item[how.value]), name=str(item[how.label]))
