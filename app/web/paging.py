"""Lists shown one page at a time: the address of the next page (issue 9: a page never walks
a whole collection; templates/partials/more.html draws the "Show more" link)."""

from starlette.datastructures import URL

PAGE_SIZE = 50


def next_page_url(current: URL, next_cursor: str | None) -> str | None:
    """The page's own address with `cursor` set to `next_cursor`; None on the last page."""
    if not next_cursor:
        return None
    following = current.include_query_params(cursor=next_cursor)
    return f"{following.path}?{following.query}"
