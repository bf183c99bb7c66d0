"""The inbox: newest first, an unread count for the top bar, marking read (only one's
own), preferences per kind, assignments that concern me, and email when configured."""

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.api.helpers import assign, make_campaign, seeded
from tests.factories import Caller, count_statements, created, join
from tests.sharing.helpers import comment, inbox, mention, unread


def mention_twice(owner: Caller, target: Caller) -> list[dict[str, str]]:
    subject = ("campaign", make_campaign(owner)["id"])
    return [created(comment(owner, subject, f"{mention(target)} #{i}")) for i in (1, 2)]


def test_the_inbox_lists_newest_first_and_counts_unread(owner: Caller, session: Session) -> None:
    member = join(session, owner, Access.viewer)
    first, second = mention_twice(owner, member)

    items = inbox(member)

    assert [n["subject_id"] for n in items] == [second["id"], first["id"]]
    assert all(n["read_at"] is None for n in items)
    assert items[0]["actor_name"]
    assert unread(member) == 2


def test_marking_read_changes_only_my_own_notifications(owner: Caller, session: Session) -> None:
    member = join(session, owner, Access.viewer)
    other = join(session, owner, Access.viewer)
    mention_twice(owner, member)
    mention_twice(owner, other)
    mine = inbox(member)[0]["id"]
    theirs = inbox(other)[0]["id"]

    answer = member.post("notifications/mark-read", json={"ids": [mine, theirs]})

    assert answer.json() == {"marked": 1, "unread": 1}
    assert unread(other) == 2
    assert inbox(member, unread="false")[0]["id"] == mine
    assert member.post("notifications/mark-read", json={"all": True}).json()["unread"] == 0


def test_mark_read_needs_ids_or_all(owner: Caller) -> None:
    assert owner.post("notifications/mark-read", json={}).status_code == 422
    assert (
        owner.post(
            "notifications/mark-read",
            json={"all": True, "ids": ["00000000-0000-4000-8000-000000000000"]},
        ).status_code
        == 422
    )


def test_a_kind_turned_off_no_longer_reaches_the_inbox(owner: Caller, session: Session) -> None:
    member = join(session, owner, Access.viewer)
    changed = member.patch(
        "notifications/preferences", json={"items": [{"kind": "mention", "delivery": "off"}]}
    )
    assert changed.status_code == 200
    mention = next(p for p in changed.json()["items"] if p["kind"] == "mention")
    assert (mention["delivery"], mention["default"]) == ("off", "immediate")

    mention_twice(owner, member)

    assert inbox(member) == []


def test_preferences_are_each_members_own(owner: Caller, session: Session) -> None:
    member = join(session, owner, Access.viewer)
    member.patch(
        "notifications/preferences", json={"items": [{"kind": "assignment", "delivery": "inbox"}]}
    )

    theirs = owner.get("notifications/preferences").json()["items"]

    assert next(p for p in theirs if p["kind"] == "assignment")["delivery"] == "digest"


def test_a_new_assignment_and_a_raci_change_notify_the_assignee(
    owner: Caller, session: Session
) -> None:
    member = join(session, owner, Access.viewer)
    role = seeded(owner, "roles", "creator")
    campaign = make_campaign(owner, "Script")
    made = created(assign(owner, {"id": str(member.member_id)}, role, "responsible", campaign))

    owner.patch(f"assignments/{made['id']}", json={"raci": "consulted"})

    changed, new = inbox(member, kind="assignment")
    assert (new["subject_id"], new["excerpt"]) == (made["id"], "RACI: responsible")
    assert changed["excerpt"] == "RACI: responsible → consulted"


def test_my_own_assignment_change_does_not_notify_me(owner: Caller) -> None:
    role = seeded(owner, "roles", "creator")
    created(assign(owner, {"id": str(owner.member_id)}, role, "responsible", make_campaign(owner)))

    assert inbox(owner, kind="assignment") == []


def test_an_inbox_page_takes_the_same_statements_for_2_or_40_notifications(
    owner: Caller, session: Session, connection: Connection
) -> None:
    member = join(session, owner, Access.viewer)

    def statements_with(count: int) -> int:
        campaign = ("campaign", make_campaign(owner)["id"])
        for index in range(count):
            created(comment(owner, campaign, f"{mention(member)} #{index}"))
        recorded = count_statements(connection)
        assert len(inbox(member, kind="mention")) >= count
        return len(recorded)

    assert statements_with(2) == statements_with(38)
