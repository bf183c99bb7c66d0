"""Announcements: an audience gets receipts; opening notes "seen", acknowledging is noted
once; the author and admins see "seen 2/3, acknowledged 1/3" with the names of who has
not; scheduled ones publish at their time; a reminder goes a day before `ack_due_at`."""

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock
from app.jobs.runner import run_due_jobs
from app.models.enums import Access
from tests.api.helpers import assign, make_campaign, seeded
from tests.factories import Caller, created, join
from tests.sharing.helpers import announce, comment, inbox, mention

KINDS = ["announcements.publish", "announcements.remind"]


def test_receipts_count_who_saw_and_acknowledged_and_name_who_has_not(
    owner: Caller, session: Session
) -> None:
    reader, ignorer, acker = (join(session, owner, Access.viewer) for _ in range(3))
    made = announce(owner, requires_ack=True, ack_due_at="2026-12-04T10:00:00Z")

    reader.get(f"announcements/{made['id']}")
    acked = acker.post(f"announcements/{made['id']}/acknowledge")
    receipts = owner.get(f"announcements/{made['id']}/receipts").json()

    assert acked.status_code == 200
    assert acked.json()["my_receipt"]["acknowledged_at"] is not None
    assert receipts["counts"] == {"recipients": 3, "seen": 2, "acknowledged": 1}
    assert [m["id"] for m in receipts["not_seen"]] == [str(ignorer.member_id)]
    assert {m["id"] for m in receipts["not_acknowledged"]} == {
        str(reader.member_id),
        str(ignorer.member_id),
    }
    assert owner.get(f"announcements/{made['id']}").json()["counts"]["acknowledged"] == 1


def test_recipients_are_told_and_counts_are_for_the_author_only(
    owner: Caller, session: Session
) -> None:
    member = join(session, owner, Access.viewer)
    made = announce(owner, requires_ack=True)

    (notification,) = inbox(member)
    seen = member.get(f"announcements/{made['id']}").json()

    assert (notification["kind"], notification["subject_id"]) == ("acknowledgement_due", made["id"])
    assert seen["counts"] is None
    assert seen["my_receipt"]["first_seen_at"] is not None
    assert member.get(f"announcements/{made['id']}/receipts").status_code == 403


def test_acknowledging_twice_keeps_the_first_time(
    owner: Caller, session: Session, clock: SettableClock
) -> None:
    member = join(session, owner, Access.viewer)
    made = announce(owner, requires_ack=True)
    first = member.post(f"announcements/{made['id']}/acknowledge").json()
    clock.advance(timedelta(hours=1))

    again = member.post(f"announcements/{made['id']}/acknowledge").json()

    assert again["my_receipt"] == first["my_receipt"]


def test_an_announcement_without_ack_cannot_be_acknowledged(
    owner: Caller, session: Session
) -> None:
    member = join(session, owner, Access.viewer)
    made = announce(owner)

    assert member.post(f"announcements/{made['id']}/acknowledge").status_code == 409


def test_a_role_audience_reaches_only_the_holders(owner: Caller, session: Session) -> None:
    holder, other = join(session, owner, Access.viewer), join(session, owner, Access.viewer)
    role = seeded(owner, "roles", "creator")
    created(assign(owner, {"id": str(holder.member_id)}, role, "responsible", make_campaign(owner)))

    made = announce(owner, audience={"role_ids": [role["id"]]})

    assert holder.get(f"announcements/{made['id']}").status_code == 200
    assert other.get(f"announcements/{made['id']}").status_code == 404
    assert [a["id"] for a in other.get("announcements").json()["items"]] == []
    assert owner.get(f"announcements/{made['id']}/receipts").json()["counts"]["recipients"] == 1


def test_chosen_members_and_a_mention_of_someone_outside_the_audience(
    owner: Caller, session: Session
) -> None:
    chosen, outside = join(session, owner, Access.viewer), join(session, owner, Access.viewer)
    made = announce(owner, audience={"member_ids": [str(chosen.member_id)]})
    subject = ("announcement", made["id"])

    assert comment(chosen, subject, "Got it").status_code == 201
    assert comment(owner, subject, mention(outside)).status_code == 422
    assert comment(outside, subject, "me too?").status_code == 404
    activity_ids = {a["subject_id"] for a in outside.get("activities").json()["items"]}
    assert made["id"] not in activity_ids


def test_a_scheduled_announcement_publishes_at_its_time(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: SettableClock,
) -> None:
    member = join(session, owner, Access.viewer)
    later = clock.now() + timedelta(hours=2)
    made = announce(owner, publish_at=later.isoformat())
    assert made["state"] == "scheduled"
    assert member.get(f"announcements/{made['id']}").status_code == 404

    run_due_jobs(session_factory, clock=clock, kinds=KINDS)
    assert inbox(member) == []
    clock.set(later)
    run_due_jobs(session_factory, clock=clock, kinds=KINDS)

    assert member.get(f"announcements/{made['id']}").json()["state"] == "published"
    assert [n["kind"] for n in inbox(member)] == ["announcement"]


def test_a_reminder_goes_a_day_before_the_due_time_to_those_who_have_not_acknowledged(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: SettableClock,
) -> None:
    acker, late = join(session, owner, Access.viewer), join(session, owner, Access.viewer)
    due = clock.now() + timedelta(days=3)
    made = announce(owner, requires_ack=True, ack_due_at=due.isoformat())
    acker.post(f"announcements/{made['id']}/acknowledge")

    clock.set(due - timedelta(days=1, minutes=1))
    run_due_jobs(session_factory, clock=clock, kinds=KINDS)
    assert [n["kind"] for n in inbox(late)] == ["acknowledgement_due"]
    clock.set(due - timedelta(days=1))
    run_due_jobs(session_factory, clock=clock, kinds=KINDS)

    assert [n["kind"] for n in inbox(late)] == ["acknowledgement_reminder", "acknowledgement_due"]
    assert [n["kind"] for n in inbox(acker)] == ["acknowledgement_due"]


def test_a_moved_due_time_reminds_once_at_the_new_time(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: SettableClock,
) -> None:
    member = join(session, owner, Access.viewer)
    due = clock.now() + timedelta(days=3)
    made = announce(owner, requires_ack=True, ack_due_at=due.isoformat())
    moved = due + timedelta(days=2)
    owner.patch(f"announcements/{made['id']}", json={"ack_due_at": moved.isoformat()})

    clock.set(due)
    run_due_jobs(session_factory, clock=clock, kinds=KINDS)
    assert len(inbox(member)) == 1
    clock.set(moved - timedelta(days=1))
    run_due_jobs(session_factory, clock=clock, kinds=KINDS)

    assert next(n["kind"] for n in inbox(member)) == "acknowledgement_reminder"


def test_only_editors_announce_and_only_the_author_or_admins_change_it(
    owner: Caller, session: Session
) -> None:
    viewer = join(session, owner, Access.viewer)
    editor = join(session, owner, Access.editor)
    admin = join(session, owner, Access.admin)
    body = {"title": "x", "audience": {"everyone": True}}
    assert viewer.post("announcements", json=body).status_code == 403
    made = announce(owner)

    assert editor.patch(f"announcements/{made['id']}", json={"title": "y"}).status_code == 403
    assert admin.patch(f"announcements/{made['id']}", json={"title": "z"}).status_code == 200


def test_a_published_announcement_keeps_its_schedule_and_its_audience(owner: Caller) -> None:
    made = announce(owner)
    url = f"announcements/{made['id']}"

    rescheduled = owner.patch(url, json={"publish_at": "2026-12-24T09:00:00Z"})
    retargeted = owner.patch(url, json={"audience": {"member_ids": [str(owner.member_id)]}})

    assert (rescheduled.status_code, retargeted.status_code) == (409, 422)


def test_an_audience_is_everyone_or_named_never_both_nor_none(owner: Caller) -> None:
    both = {"everyone": True, "member_ids": [str(owner.member_id)]}
    audiences: list[dict[str, Any]] = [{}, {"role_ids": []}, both]

    for audience in audiences:
        body = {"title": "x", "audience": audience}
        assert owner.post("announcements", json=body).status_code == 422, audience


def test_foreign_audience_ids_are_not_found(owner: Caller, outsider: Caller) -> None:
    theirs = make_campaign(outsider)
    body = {"title": "x", "audience": {"campaign_id": theirs["id"]}}

    assert owner.post("announcements", json=body).status_code == 404
