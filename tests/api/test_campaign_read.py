"""One campaign is read in one statement: the same reply as the page of campaigns gives,
lists in the same order, and 404 for a campaign of another workspace."""

from typing import Any

from sqlalchemy import Connection

from tests.api.helpers import make_campaign, make_member, seeded
from tests.factories import Caller, count_statements


def _full_campaign(owner: Caller) -> dict[str, Any]:
    roles = [seeded(owner, "roles", key) for key in ("creator", "legal_affairs")]
    metrics = [seeded(owner, "metrics", key) for key in ("followers", "revenue")]
    return make_campaign(
        owner,
        lead_member_id=make_member(owner, display_name="Lead Lin")["id"],
        audience={"description": "Students", "segments": ["students"], "channels": ["wechat"]},
        required_role_ids=[role["id"] for role in roles],
        goals=[
            {"metric_id": metrics[1]["id"], "target": 2.5, "due_on": "2026-05-31"},
            {"metric_id": metrics[0]["id"], "target": 10000},
        ],
        scopes=[
            {"name": "Script", "role_ids": [role["id"] for role in roles]},
            {"name": "Filming", "description": "On location"},
            {"name": "Editing", "role_ids": [roles[1]["id"]]},
        ],
    )


def test_a_campaign_reads_as_its_item_in_the_page_of_campaigns(owner: Caller) -> None:
    campaign = _full_campaign(owner)
    make_campaign(owner, "Other")  # its lists are not this campaign's

    got = owner.get(f"campaigns/{campaign['id']}").json()

    page = owner.get("campaigns", params={"limit": 200}).json()["items"]
    assert got == next(item for item in page if item["id"] == campaign["id"]) == campaign
    assert [goal["target"] for goal in got["goals"]] == [2.5, 10000]  # in the order given
    assert [scope["name"] for scope in got["scopes"]] == ["Script", "Filming", "Editing"]
    assert [len(scope["role_ids"]) for scope in got["scopes"]] == [2, 0, 1]
    assert len(got["required_roles"]) == 2


def test_a_campaign_and_its_lists_are_read_in_one_statement(
    owner: Caller, connection: Connection
) -> None:
    campaign = _full_campaign(owner)
    statements = count_statements(connection)

    owner.get(f"campaigns/{campaign['id']}").raise_for_status()

    reads = [s for s in statements if "FROM campaigns" in s or "FROM scopes" in s]
    assert len(reads) == 1


def test_a_campaign_of_another_workspace_is_not_found(owner: Caller, outsider: Caller) -> None:
    theirs = _full_campaign(outsider)

    assert owner.get(f"campaigns/{theirs['id']}").status_code == 404
