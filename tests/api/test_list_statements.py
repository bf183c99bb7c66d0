"""Lists embed what a screen needs without N+1 queries: statements don't grow with size."""

from sqlalchemy import Connection

from tests.api.helpers import make_campaign, make_member, seeded
from tests.factories import Caller, count_statements


def statements_for(owner: Caller, connection: Connection, path: str, limit: int) -> int:
    statements = count_statements(connection)
    response = owner.get(path, params={"limit": limit})
    assert len(response.json()["items"]) == limit
    return len(statements)


def test_member_list_with_skills_runs_the_same_statements_for_5_and_200(
    owner: Caller, connection: Connection
) -> None:
    skills = [
        seeded(owner, "skills", key) for key in ("creativity", "negotiation", "data_analysis")
    ]
    for i in range(200):
        make_member(owner, skills=[{"skill_id": s["id"], "level": 1 + i % 5} for s in skills])

    assert statements_for(owner, connection, "members", 5) == statements_for(
        owner, connection, "members", 200
    )


def test_campaign_list_with_details_runs_the_same_statements_for_5_and_60(
    owner: Caller, connection: Connection
) -> None:
    role = seeded(owner, "roles", "creator")
    metric = seeded(owner, "metrics", "followers")
    lead = make_member(owner)
    for _ in range(60):
        make_campaign(
            owner,
            "Script",
            "Filming",
            lead_member_id=lead["id"],
            required_role_ids=[role["id"]],
            goals=[{"metric_id": metric["id"], "target": 100}],
        )

    assert statements_for(owner, connection, "campaigns", 5) == statements_for(
        owner, connection, "campaigns", 60
    )
