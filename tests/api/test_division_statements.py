"""The division endpoints run a fixed number of statements, whatever the data size."""

from typing import Any

from sqlalchemy import Connection

from tests.api.division_helpers import day, make_role, make_skill
from tests.api.helpers import assign, make_campaign, make_member
from tests.factories import Caller, count_statements, created


def staffed_campaign(owner: Caller, scopes: int, members: list[dict[str, Any]]) -> dict[str, Any]:
    """A campaign whose every scope has an accountable, two responsible and a gap or two."""
    skill = make_skill(owner)
    role = make_role(owner, (skill, 3))
    campaign = make_campaign(
        owner,
        *[f"Scope {i}" for i in range(scopes)],
        status="active",
        required_role_ids=[role["id"]],
        lead_member_id=members[0]["id"],
    )
    for i, scope in enumerate(campaign["scopes"]):
        people = [members[(i + k) % len(members)] for k in range(3)]
        for member, raci in zip(people, ("accountable", "responsible", "responsible"), strict=True):
            created(
                assign(
                    owner,
                    member,
                    role,
                    raci,
                    campaign,
                    scope,
                    allocation_percent=10,
                    starts_on=day(-7),
                    ends_on=day(60),
                )
            )
    return campaign


def statements(owner: Caller, connection: Connection, path: str, **params: Any) -> int:
    recorded = count_statements(connection)
    response = owner.get(path, params=params)
    assert response.status_code == 200, response.text
    return len(recorded)


def test_campaign_health_runs_the_same_statements_for_5_and_50_scopes(
    owner: Caller, connection: Connection
) -> None:
    members = [make_member(owner, skills=[]) for _ in range(12)]
    small = staffed_campaign(owner, 5, members[:6])
    large = staffed_campaign(owner, 50, members)

    small_count = statements(owner, connection, f"campaigns/{small['id']}/health")
    large_count = statements(owner, connection, f"campaigns/{large['id']}/health")
    period = {"from": day(-30), "to": day(30)}

    assert small_count == large_count
    assert statements(owner, connection, f"campaigns/{small['id']}/health", **period) == (
        statements(owner, connection, f"campaigns/{large['id']}/health", **period)
    )
    # sign-in, workspace, the version of the cached check, the campaign's and the shared
    # version of its own findings, the roles it needs (the catalog's key), settings, 10
    # set-based reads, the skills needed, the goals' findings, the reports' and tasks'
    assert small_count <= 21


def test_workspace_health_heatmap_and_suggestions_do_not_grow_with_the_data(
    owner: Caller, connection: Connection
) -> None:
    members = [make_member(owner) for _ in range(8)]
    first = staffed_campaign(owner, 3, members)
    paths = ("health", "workload", f"campaigns/{first['id']}/staffing-suggestions")
    before = [statements(owner, connection, path) for path in paths]

    for _ in range(3):
        staffed_campaign(owner, 10, members + [make_member(owner) for _ in range(4)])

    assert [statements(owner, connection, path) for path in paths] == before
    assert statements(
        owner, connection, f"campaigns/{first['id']}/staffing-suggestions", mode="optimal"
    ) == statements(owner, connection, f"campaigns/{first['id']}/staffing-suggestions")
