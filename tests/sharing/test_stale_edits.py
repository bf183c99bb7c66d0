"""Meetings, agenda items, outcomes and announcements refuse a stale edit (`If-Match` of a
version someone else has since changed) with 412, whatever the change was, and every
change moves `updated_at` and the ETag on."""

from datetime import timedelta
from typing import Any

from app.core.clock import SettableClock
from tests.factories import Caller, created
from tests.sharing.helpers import announce

MONDAY_10 = "2026-11-30T10:00:00+08:00"


def _meeting(owner: Caller) -> dict[str, Any]:
    return created(owner.post("meetings", json={"title": "Weekly sync", "starts_at": MONDAY_10}))


def _stale_edit_is_refused(
    owner: Caller,
    url: str,
    first: dict[str, Any],
    second: dict[str, Any],
    later: SettableClock,
    etag: str = '"1"',
) -> None:
    """Two people open the object at one version; the first saves, the second is refused."""
    opened = int(etag.strip('"'))
    saved = owner.patch(url, json=first, headers={"If-Match": etag})
    assert saved.status_code == 200, saved.text
    assert saved.headers["ETag"] == f'"{opened + 1}"'

    stale = owner.patch(url, json=second, headers={"If-Match": etag})

    assert stale.status_code == 412, stale.text
    later.advance(timedelta(minutes=1))  # (a real clock always moves between two saves)
    fresh = owner.patch(url, json=second, headers={"If-Match": saved.headers["ETag"]})
    assert fresh.status_code == 200, fresh.text
    assert fresh.headers["ETag"] == f'"{opened + 2}"'


def test_a_stale_meeting_edit_is_refused_even_after_a_change_of_attendees_only(
    owner: Caller, clock: SettableClock
) -> None:
    meeting = _meeting(owner)
    attendees = [{"member_id": str(owner.member_id)}]
    clock.advance(timedelta(minutes=5))

    _stale_edit_is_refused(
        owner, f"meetings/{meeting['id']}", {"attendees": attendees}, {"attendees": []}, clock
    )

    after = owner.get(f"meetings/{meeting['id']}").json()
    assert after["updated_at"] > meeting["updated_at"]


def test_a_stale_agenda_item_edit_is_refused(owner: Caller, clock: SettableClock) -> None:
    meeting = _meeting(owner)
    item = created(owner.post(f"meetings/{meeting['id']}/agenda-items", json={"title": "Numbers"}))
    url = f"meetings/{meeting['id']}/agenda-items/{item['id']}"

    _stale_edit_is_refused(owner, url, {"minutes": "Up 10%"}, {"title": "Figures"}, clock)


def test_a_stale_outcome_edit_is_refused(owner: Caller, clock: SettableClock) -> None:
    meeting = _meeting(owner)
    outcome = created(
        owner.post(f"meetings/{meeting['id']}/outcomes", json={"kind": "decision", "text": "A"})
    )
    url = f"meetings/{meeting['id']}/outcomes/{outcome['id']}"

    _stale_edit_is_refused(owner, url, {"text": "B"}, {"text": "C"}, clock)


def test_a_stale_announcement_edit_is_refused(owner: Caller, clock: SettableClock) -> None:
    announcement = announce(owner)
    clock.advance(timedelta(minutes=5))

    url = f"announcements/{announcement['id']}"
    etag = owner.get(url).headers["ETag"]

    _stale_edit_is_refused(owner, url, {"title": "v2"}, {"title": "v3"}, clock, etag)

    after = owner.get(url).json()
    assert after["updated_at"] > announcement["updated_at"]


def test_a_new_agenda_item_or_outcome_answers_its_etag_for_the_next_edit(
    owner: Caller, clock: SettableClock
) -> None:
    """The ETag of the creation is what a client sends back; once someone else changed
    the object, an edit or a removal with it is refused."""
    meeting = _meeting(owner)
    base = f"meetings/{meeting['id']}"
    item = owner.post(f"{base}/agenda-items", json={"title": "Numbers"})
    outcome = owner.post(f"{base}/outcomes", json={"kind": "decision", "text": "A"})

    for made, url in (
        (item, f"{base}/agenda-items/{item.json()['id']}"),
        (outcome, f"{base}/outcomes/{outcome.json()['id']}"),
    ):
        assert made.status_code == 201, made.text
        assert made.headers["ETag"] == '"1"'
        edited = owner.patch(url, json={}, headers={"If-Match": made.headers["ETag"]})
        assert edited.status_code == 200, edited.text
        clock.advance(timedelta(minutes=1))
        changed = {"minutes": "Up 10%"} if "agenda" in url else {"text": "B"}
        assert owner.patch(url, json=changed).status_code == 200
        refused = owner.delete(url, headers={"If-Match": made.headers["ETag"]})
        assert refused.status_code == 412, refused.text
        assert owner.get(base).json()["agenda" if "agenda" in url else "outcomes"]
