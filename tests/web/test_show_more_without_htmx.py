"""Without htmx (no script, a link opened in a new tab) a list's "Show more" opens the page
at the next rows, keeping the list's filter — never the first page again."""

import pytest

from app.web import paging
from tests.factories import Caller
from tests.money.test_contracts import make_contract
from tests.web.conftest import Browser
from tests.web.test_business_page_lists import SHOWN, TABLES, Listed, more_url


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "PAGE_SIZE", SHOWN)


@pytest.mark.parametrize("listed", TABLES.values(), ids=TABLES.keys())
def test_without_htmx_show_more_opens_the_list_at_its_next_rows(
    web: Browser, owner: Caller, listed: Listed
) -> None:
    names = listed.add_many(owner, range(5))

    first = web.get(web.page(listed.path)).text
    following = web.get(more_url(first))

    assert following.status_code == 200
    assert "<html" in following.text
    assert sorted(listed.names(first) + listed.names(following.text)) == names


def test_without_htmx_the_contract_registers_next_rows_keep_its_status_filter(
    web: Browser, owner: Caller
) -> None:
    for i in range(5):
        make_contract(owner, title=f"Item {i:02d}")
    other = make_contract(owner, title="Item 99")
    moved = owner.patch(f"contracts/{other['id']}", json={"status": "in_review"})
    assert moved.status_code == 200, moved.text

    first = web.get(web.page("/contracts"), params={"status": "draft"}).text
    link = more_url(first)
    following = web.get(link).text

    assert "status=draft" in link
    shown = TABLES["contracts"].names(first) + TABLES["contracts"].names(following)
    assert sorted(shown) == [f"Item {i:02d}" for i in range(5)]
