"""The /skills page shows the skill matrix a window of members at a time (issue 9: a page
renders what it shows, not thousands of rows), with links to the previous and next ones."""

import re

import pytest

from app.web.routes import division
from app.web.window import Window
from tests.api.division_helpers import make_role, make_skill
from tests.api.helpers import make_member
from tests.factories import Caller
from tests.web.conftest import Browser

ROW = re.compile(r'<th scope="row"><a href="/w/[^/]+/members/[^"]+">([^<]+)</a>')
NEXT = re.compile(r'<a href="([^"]+)#skill-matrix">Next people</a>')
PREVIOUS = re.compile(r'<a href="([^"]+)#skill-matrix">Previous people</a>')


def test_the_skill_matrix_shows_a_window_of_members_and_walks_to_the_rest(
    web: Browser, owner: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(division, "MEMBERS_SHOWN", 4)
    for i in range(6):
        make_member(owner, display_name=f"Skilled {i:02d}")

    first = web.get(web.page("/skills")).text
    shown = ROW.findall(first)
    following = NEXT.search(first)
    assert following is not None
    assert following.group(1).startswith("/w/")  # the page's own host, never an absolute URL
    second = web.get(following.group(1).replace("&amp;", "&")).text
    rest = ROW.findall(second)

    assert len(shown) == 4
    assert "People 1–4 of" in first
    assert PREVIOUS.search(first) is None
    assert set(shown).isdisjoint(rest)
    assert {f"Skilled {i:02d}" for i in range(6)} <= set(shown + rest)
    assert PREVIOUS.search(second) is not None


def test_who_qualifies_names_members_outside_the_window(
    web: Browser, owner: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(division, "MEMBERS_SHOWN", 2)
    deals = make_skill(owner, "deals")
    make_role(owner, (deals, 3), name="Negotiator")
    for i in range(3):
        make_member(owner, display_name=f"Aaron {i:02d}")
    make_member(owner, display_name="Zhou Closer", skills=[{"skill_id": deals["id"], "level": 4}])

    page = web.get(web.page("/skills")).text

    assert "Zhou Closer" not in ROW.findall(page)
    assert re.search(r"<strong>Negotiator</strong>.*?Zhou Closer", page, re.S)


def test_a_small_team_gets_the_whole_matrix_without_a_pager(web: Browser, owner: Caller) -> None:
    make_member(owner, display_name="Only Ouyang")

    page = web.get(web.page("/skills")).text

    assert "Only Ouyang" in ROW.findall(page)
    assert "Next people" not in page
    assert "Previous people" not in page


def test_a_window_past_the_end_moves_back_to_the_last_item() -> None:
    window = Window.at(99, 4, 10)

    assert (window.first, window.end) == (9, 10)
    assert window.next is None
    assert window.previous == 5


def test_a_window_names_where_the_previous_and_next_ones_start() -> None:
    middle = Window.at(4, 4, 10)

    assert middle.of(list(range(10))) == [4, 5, 6, 7]
    assert (middle.previous, middle.next) == (0, 8)
    assert Window.at(0, 4, 10).previous is None
    assert Window.at(0, 4, 0).of([]) == []
