"""A campaign's write loads what the write uses, not the lead, roles and metrics behind
its links (the reply is read by the read path)."""

from sqlalchemy import Connection

from tests.api.helpers import make_campaign, make_member, seeded
from tests.factories import Caller, count_statements


def test_renaming_a_campaign_does_not_load_its_lead_roles_or_metrics(
    owner: Caller, connection: Connection
) -> None:
    lead = make_member(owner, display_name="Lead")
    role = seeded(owner, "roles", "creator")
    metric = seeded(owner, "metrics", "followers")
    campaign = make_campaign(
        owner,
        "Script",
        lead_member_id=lead["id"],
        required_role_ids=[role["id"]],
        goals=[{"metric_id": metric["id"], "target": 1000}],
    )
    statements = count_statements(connection)

    owner.patch(f"campaigns/{campaign['id']}", json={"name": "Renamed"}).raise_for_status()

    loads = [s for s in statements if s.lstrip().startswith("SELECT")]
    by_id_in = [s for s in loads if " IN (" in s and ("FROM roles" in s or "FROM metrics" in s)]
    assert by_id_in == []
    assert not [s for s in loads if "FROM members" in s and "members.id IN (" in s]
