"""The "Show more" address of a list shown a page at a time."""

from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import URL

from app.web.paging import next_page_url


def test_the_next_page_keeps_the_filters_and_replaces_the_cursor() -> None:
    current = URL("http://testserver/w/acme/contracts?status=active&cursor=first")

    following = next_page_url(current, "se cond/=")

    assert following is not None
    parts = urlsplit(following)
    assert (parts.scheme, parts.netloc, parts.path) == ("", "", "/w/acme/contracts")
    assert parse_qs(parts.query) == {"status": ["active"], "cursor": ["se cond/="]}


def test_the_last_page_has_no_next_address() -> None:
    assert next_page_url(URL("http://testserver/w/acme/contracts"), None) is None
    assert next_page_url(URL("http://testserver/w/acme/contracts"), "") is None
