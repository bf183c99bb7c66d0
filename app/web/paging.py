"""Lists shown one page at a time: the address of the next page (issue 9: a page never walks
a whole collection; templates/partials/more.html draws the "Show more" link)."""

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import URL

from app.web.client import ApiClient, QueryValue

PAGE_SIZE = 50
# A list bounded by one parent and small by nature (a deal's moves, a contract's obligations):
# one call shows it all; "Show more" only appears past this many.
ONE_PARENT_SIZE = 200


def next_page_url(current: URL, next_cursor: str | None) -> str | None:
    """The page's own address with `cursor` set to `next_cursor`; None on the last page."""
    if not next_cursor:
        return None
    following = current.include_query_params(cursor=next_cursor)
    return f"{following.path}?{following.query}"


@dataclass(frozen=True)
class Shown:
    """One page of a list's items and the address of the next page (None on the last)."""

    items: list[dict[str, Any]]
    more_url: str | None


async def one_page(
    api: ApiClient,
    current: URL,
    path: str,
    cursor: str = "",
    *,
    of_one_parent: bool = False,
    **params: QueryValue,
) -> Shown:
    """`PAGE_SIZE` items (`ONE_PARENT_SIZE` for a list `of_one_parent`) of the API list at
    `path` from `cursor` (the first page without one); "Show more" opens `current` at the
    next cursor."""
    size = ONE_PARENT_SIZE if of_one_parent else PAGE_SIZE
    found = await api.get(path, limit=size, cursor=cursor or None, **params)
    return Shown(found["items"], next_page_url(current, found.get("next_cursor")))
