"""Reordering a meeting's agenda from its page: the editor offers drag and drop (wired to
the same move as the arrows), and a move the API refuses is explained, not an error page."""

from tests.factories import Caller
from tests.web.conftest import Browser


def plan_with_agenda(web: Browser, *titles: str) -> str:
    planned = web.post(
        web.page("/meetings"), {"title": "Weekly sync", "starts_at": "2026-12-07T10:00"}
    )
    url: str = planned.headers["location"]
    for title in titles:
        web.post(f"{url}/agenda", {"title": title})
    return url


def test_agenda_items_can_be_dragged_onto_one_another(web: Browser, owner: Caller) -> None:
    url = plan_with_agenda(web, "Numbers", "Sponsor")
    items = owner.get(f"meetings/{url.rsplit('/', 1)[1]}").json()["agenda"]

    page = web.get(url).text

    assert 'data-reorder="agenda-reorder"' in page
    assert '<form id="agenda-reorder" method="post" hidden>' in page
    for item in items:
        assert (
            f'data-position="{item["position"]}" data-move="{url}/agenda/{item["id"]}/move"' in page
        )


def test_moving_an_item_someone_removed_is_explained(web: Browser, owner: Caller) -> None:
    url = plan_with_agenda(web, "Numbers", "Sponsor")
    meeting_id = url.rsplit("/", 1)[1]
    sponsor = owner.get(f"meetings/{meeting_id}").json()["agenda"][1]
    owner.delete(f"meetings/{meeting_id}/agenda-items/{sponsor['id']}")

    moved = web.post(f"{url}/agenda/{sponsor['id']}/move", {"position": "0"})
    nowhere = web.post(f"{url}/agenda/{sponsor['id']}/move", {"position": "up"})
    page = web.get(url)

    assert (moved.status_code, nowhere.status_code) == (303, 303)
    assert "Agenda item not found." in page.text
    assert "Choose where the item goes." in page.text


def test_a_position_that_is_not_plain_digits_is_explained(web: Browser, owner: Caller) -> None:
    url = plan_with_agenda(web, "Numbers", "Sponsor")
    meeting_id = url.rsplit("/", 1)[1]
    before = owner.get(f"meetings/{meeting_id}").json()["agenda"]

    for position in ("²", "٣", "9" * 5000):
        moved = web.post(f"{url}/agenda/{before[1]['id']}/move", {"position": position})
        assert moved.status_code == 303, position
        assert "Choose where the item goes." in web.get(url).text

    after = owner.get(f"meetings/{meeting_id}").json()["agenda"]
    assert [item["id"] for item in after] == [item["id"] for item in before]
