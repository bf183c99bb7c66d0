"""Every reply comes from one read path (a `reads.py` per resource): a write answers by
re-reading through it, so a created or changed object reads back exactly as the write
answered, and the lists page and embed the same way."""

from typing import Any

from sqlalchemy import Connection

from tests.api.helpers import make_campaign, make_member, seeded
from tests.factories import Caller, count_statements


def full_campaign(owner: Caller) -> dict[str, Any]:
    lead = make_member(owner)
    return make_campaign(
        owner,
        "Script",
        "Filming",
        "Sponsor contract",
        lead_member_id=lead["id"],
        status="planning",
        starts_on="2026-03-01",
        ends_on="2026-05-31",
        audience={"description": "Students", "segments": ["students"], "channels": ["bilibili"]},
        required_role_ids=[seeded(owner, "roles", key)["id"] for key in ("creator", "financing")],
        goals=[
            {"metric_id": seeded(owner, "metrics", "followers")["id"], "target": 1000},
            {"metric_id": seeded(owner, "metrics", "revenue")["id"], "target": 5, "due_on": None},
        ],
    )


def test_a_campaign_reads_back_exactly_as_it_was_created(owner: Caller) -> None:
    campaign = full_campaign(owner)

    response = owner.get(f"campaigns/{campaign['id']}")

    assert response.json() == campaign
    assert response.headers["ETag"] == '"1"'
    listed = owner.get("campaigns", params={"limit": 200}).json()["items"]
    assert next(c for c in listed if c["id"] == campaign["id"]) == campaign


def test_a_changed_campaign_reads_back_as_the_change_answered(owner: Caller) -> None:
    campaign = full_campaign(owner)
    changed = owner.patch(
        f"campaigns/{campaign['id']}", json={"status": "active"}, headers={"If-Match": '"1"'}
    )

    response = owner.get(f"campaigns/{campaign['id']}")

    assert response.json() == changed.json()
    assert response.headers["ETag"] == changed.headers["ETag"] == '"2"'


def test_a_member_reads_back_exactly_as_it_was_created(owner: Caller) -> None:
    skills = [seeded(owner, "skills", key) for key in ("creativity", "negotiation")]
    member = make_member(
        owner,
        email="lin@example.com",
        title="Editor",
        skills=[{"skill_id": s["id"], "level": 3} for s in skills],
    )

    response = owner.get(f"members/{member['id']}")

    assert response.json() == member
    assert response.headers["ETag"] == '"1"'
    listed = owner.get("members", params={"q": "lin@example.com"}).json()["items"]
    assert listed == [member]


def test_the_member_list_pages_in_name_order_with_each_members_skills(owner: Caller) -> None:
    skill = seeded(owner, "skills", "creativity")
    for name in ("Zhou", "Lin", "Chen", "Wang", "Li"):
        make_member(owner, display_name=name, skills=[{"skill_id": skill["id"], "level": 2}])

    names, cursor = [], None
    while True:
        params = {"skill_id": skill["id"], "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = owner.get("members", params=params).json()
        names += [m["display_name"] for m in page["items"]]
        assert all(m["skills"][0]["key"] == "creativity" for m in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert names == ["Chen", "Li", "Lin", "Wang", "Zhou"]


def test_a_read_of_one_object_runs_the_same_statements_whatever_it_embeds(
    owner: Caller, connection: Connection
) -> None:
    small = make_campaign(owner)
    large = full_campaign(owner)

    def statements(campaign: dict[str, Any]) -> int:
        recorded = count_statements(connection)
        assert owner.get(f"campaigns/{campaign['id']}").status_code == 200
        return len(recorded)

    assert statements(small) == statements(large)
