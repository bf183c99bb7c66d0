"""Lists shown one page at a time: the address of the next page (issue 9: a page never walks
a whole collection; templates/partials/more.html draws the "Show more" link)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from starlette.datastructures import URL

from app.web.client import ApiClient, QueryValue

PAGE_SIZE = 50
# A list bounded by one parent and small by nature (a deal's moves, a contract's obligations):
# one call shows it all; "Show more" only appears past this many.
ONE_PARENT_SIZE = 200


def next_page_url(current: URL, next_cursor: str | None, name: str = "cursor") -> str | None:
    """The page's own address with `cursor` (or `name`, for a page of several lists) set to
    `next_cursor`; None on the last page."""
    if not next_cursor:
        return None
    following = current.include_query_params(**{name: next_cursor})
    return f"{following.path}?{following.query}"


T = TypeVar("T")
V = TypeVar("V")


@dataclass(frozen=True)
class Shown(Generic[T]):
    """One page of an API list and the address of the page's next rows (None: the last)."""

    items: list[T]
    more_url: str | None

    @property
    def count(self) -> str:
        """How many: exact on the list's last page, "50+" while more remain (a page never
        counts a list it has not read to its end)."""
        return f"{len(self.items)}+" if self.more_url else str(len(self.items))

    def of(self, view: Callable[[T], V]) -> "Shown[V]":
        """The same page with each item made a view model (`Task.model_validate`)."""
        return Shown([view(item) for item in self.items], self.more_url)


# A page of the API's items as they came (before they are made views).
Replies = Shown[dict[str, Any]]


async def one_page(
    api: ApiClient,
    current: URL,
    path: str,
    cursor: str | None = None,
    *,
    name: str = "cursor",
    of_one_parent: bool = False,
    **params: QueryValue,
) -> Replies:
    """`PAGE_SIZE` items (`ONE_PARENT_SIZE` for a list `of_one_parent`) of the API list at
    `path` from `cursor` (the first page without one; one API call), and the "Show more"
    address: `current` with the next cursor in its query parameter `name`."""
    size = ONE_PARENT_SIZE if of_one_parent else PAGE_SIZE
    reply = await api.get(path, limit=size, cursor=cursor or None, **params)
    return Shown(reply["items"], next_page_url(current, reply.get("next_cursor"), name))
