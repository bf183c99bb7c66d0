"""Roles, scopes and goals answer through one read path each (their `reads.py`): a write
answers by re-reading it, so what a write answered reads back exactly, from the object
and from the list, and a list runs the same statements whatever the page size."""

from typing import Any

from sqlalchemy import Connection

from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, count_statements, created, unique


def statements_for(owner: Caller, connection: Connection, path: str, limit: int) -> int:
    statements = count_statements(connection)
    response = owner.get(path, params={"limit": limit})
    assert len(response.json()["items"]) == limit
    return len(statements)


def listed(owner: Caller, path: str, item_id: str) -> dict[str, Any]:
    items = owner.get(path, params={"limit": 200}).json()["items"]
    found: dict[str, Any] = next(item for item in items if item["id"] == item_id)
    return found


def make_role(owner: Caller, key: str, skills: list[dict[str, Any]]) -> dict[str, Any]:
    body = {
        "key": key,
        "name": f"Role {key}",
        "responsibilities": ["Edit each episode"],
        "authorities": ["Approve the final cut"],
        "required_skills": [{"skill_id": s["id"], "min_level": 3} for s in skills],
    }
    return created(owner.post("roles", json=body))


def test_a_role_reads_back_exactly_as_it_was_written(owner: Caller) -> None:
    skills = [seeded(owner, "skills", key) for key in ("creativity", "negotiation")]
    role = make_role(owner, "video_editor", skills)
    assert [s["skill_id"] for s in role["required_skills"]] == sorted(s["id"] for s in skills)

    assert owner.get(f"roles/{role['id']}").json() == role
    assert listed(owner, "roles", role["id"]) == role
    changed = owner.patch(
        f"roles/{role['id']}",
        json={"required_skills": [{"skill_id": skills[0]["id"], "min_level": 5}]},
        headers={"If-Match": '"1"'},
    )
    response = owner.get(f"roles/{role['id']}")
    assert response.json() == changed.json()
    assert response.json()["required_skills"][0]["min_level"] == 5
    assert response.headers["ETag"] == changed.headers["ETag"]


def test_the_role_list_runs_the_same_statements_for_5_and_40(
    owner: Caller, connection: Connection
) -> None:
    skills = [seeded(owner, "skills", key) for key in ("creativity", "negotiation")]
    for i in range(40):
        make_role(owner, f"role_{i}", skills)

    assert statements_for(owner, connection, "roles", 5) == statements_for(
        owner, connection, "roles", 40
    )


def test_a_scope_reads_back_exactly_as_it_was_written(owner: Caller) -> None:
    campaign = make_campaign(owner)
    roles = [seeded(owner, "roles", key)["id"] for key in ("creator", "financing")]
    scope = created(
        owner.post(
            f"campaigns/{campaign['id']}/scopes",
            json={"name": "Script", "description": "Episodes", "role_ids": roles},
        )
    )
    assert scope["role_ids"] == sorted(roles)
    path = f"campaigns/{campaign['id']}/scopes"

    assert owner.get(f"{path}/{scope['id']}").json() == scope
    assert listed(owner, path, scope["id"]) == scope
    changed = owner.patch(
        f"{path}/{scope['id']}", json={"role_ids": roles[:1]}, headers={"If-Match": '"1"'}
    )
    response = owner.get(f"{path}/{scope['id']}")
    assert response.json() == changed.json()
    assert response.json()["role_ids"] == roles[:1]
    assert response.headers["ETag"] == changed.headers["ETag"] == '"2"'
    assert owner.get(
        f"campaigns/{make_campaign(owner)['id']}/scopes/{scope['id']}"
    ).status_code == (404)


def test_the_scope_list_runs_the_same_statements_for_5_and_30(
    owner: Caller, connection: Connection
) -> None:
    role = seeded(owner, "roles", "creator")["id"]
    campaign = make_campaign(owner)
    path = f"campaigns/{campaign['id']}/scopes"
    for i in range(30):
        created(owner.post(path, json={"name": f"Scope {i}", "role_ids": [role]}))

    assert statements_for(owner, connection, path, 5) == statements_for(owner, connection, path, 30)


def make_goal(owner: Caller, title: str, **fields: Any) -> dict[str, Any]:
    body = {
        "title": title,
        "starts_on": "2026-11-01",
        "due_on": "2026-12-31",
        "key_results": [
            {"metric": "followers", "start_value": 1000, "target_value": 2000},
            {"metric": "revenue", "start_value": 0, "target_value": 500, "aggregation": "sum"},
        ],
        **fields,
    }
    return created(owner.post("goals", json=body))


def test_a_goal_and_its_key_results_read_back_exactly_as_written(owner: Caller) -> None:
    items = [
        {"metric": "followers", "value": 1400, "observed_at": "2026-11-20T10:00:00Z"},
        {"metric": "revenue", "value": 100, "observed_at": "2026-11-21T10:00:00Z"},
    ]
    created(owner.post("datapoints", json={"items": items}))
    owner_member, reviewer = make_member(owner), make_member(owner)
    campaign = make_campaign(owner)
    goal = make_goal(
        owner,
        "Grow",
        owner_member_id=owner_member["id"],
        reviewer_member_id=reviewer["id"],
        campaign_id=campaign["id"],
    )
    assert (goal["owner_name"], goal["reviewer_name"], goal["campaign_name"]) == (
        owner_member["display_name"],
        reviewer["display_name"],
        campaign["name"],
    )
    assert [kr["current_value"] for kr in goal["key_results"]] == [1400, 100]

    assert owner.get(f"goals/{goal['id']}").json() == goal
    assert listed(owner, "goals", goal["id"]) == goal
    kr = goal["key_results"][1]
    kr_path = f"goals/{goal['id']}/key-results/{kr['id']}"
    assert owner.get(kr_path).json() == kr
    changed = owner.patch(kr_path, json={"target_value": 1000}, headers={"If-Match": '"1"'})
    assert changed.json()["target_value"] == 1000
    assert owner.get(kr_path).json() == changed.json()
    assert owner.get(kr_path).headers["ETag"] == changed.headers["ETag"] == '"2"'


def test_the_goal_list_runs_the_same_statements_for_3_and_30(
    owner: Caller, connection: Connection
) -> None:
    lead = make_member(owner)
    campaign = make_campaign(owner)
    for i in range(30):
        make_goal(owner, f"Goal {i}", owner_member_id=lead["id"], campaign_id=campaign["id"])

    assert statements_for(owner, connection, "goals", 3) == statements_for(
        owner, connection, "goals", 30
    )


def test_a_skill_reads_back_exactly_as_it_was_written(owner: Caller) -> None:
    skill = created(
        owner.post("skills", json={"key": "lighting", "name": "Lighting", "category": "creative"})
    )

    assert owner.get(f"skills/{skill['id']}").json() == skill
    assert owner.get("skills", params={"q": "lighting"}).json()["items"] == [skill]
    changed = owner.patch(
        f"skills/{skill['id']}", json={"name": "灯光"}, headers={"If-Match": '"1"'}
    )
    response = owner.get(f"skills/{skill['id']}")
    assert response.json() == changed.json()
    assert response.json()["name"] == "灯光"
    assert response.headers["ETag"] == changed.headers["ETag"] == '"2"'


def test_an_invite_lists_exactly_as_it_was_issued(owner: Caller) -> None:
    member = make_member(owner)
    issued = created(
        owner.post(
            "invites",
            json={"email": "Zhou.Min@example.com", "access": "viewer", "member_id": member["id"]},
        )
    )
    token, url = issued.pop("token"), issued.pop("url")
    assert url.endswith(f"/invite/{token}")
    assert issued["email"] == "zhou.min@example.com"

    assert owner.get("invites", params={"pending": True}).json()["items"] == [issued]
    again = owner.post(f"invites/{issued['id']}/resend").json()
    assert again["token"] != token
    assert {k: again[k] for k in issued if k != "expires_at"} == {
        k: v for k, v in issued.items() if k != "expires_at"
    }
    assert owner.get("invites").json()["items"] == [
        {k: v for k, v in again.items() if k not in ("token", "url")}
    ]


def test_a_workspace_reads_back_exactly_as_it_was_written(owner: Caller) -> None:
    slug = unique("studio")
    workspace = created(
        owner.post("/api/v1/workspaces", json={"slug": slug, "name": "Lin", "currency": "EUR"})
    )
    assert (workspace["access"], workspace["currency"]) == ("owner", "EUR")

    response = owner.get(f"/api/v1/workspaces/{slug}")
    assert response.json() == workspace
    assert response.headers["ETag"] == '"1"'
    assert listed(owner, "/api/v1/workspaces", workspace["id"]) == workspace
    changed = owner.patch(
        f"/api/v1/workspaces/{slug}",
        json={"timezone": "Asia/Shanghai"},
        headers={"If-Match": '"1"'},
    )
    response = owner.get(f"/api/v1/workspaces/{slug}")
    assert response.json() == changed.json()
    assert response.json()["timezone"] == "Asia/Shanghai"
    assert response.headers["ETag"] == changed.headers["ETag"] == '"2"'


def test_a_ratio_metric_and_a_datapoint_read_back_exactly_as_written(owner: Caller) -> None:
    ratio = created(
        owner.post(
            "metrics",
            json={
                "key": "follower_revenue",
                "name": "Conversion",
                "category": "business",
                "unit": "%",
                "ratio_of": {"numerator": "revenue", "denominator": "followers"},
            },
        )
    )
    assert ratio["ratio_of"] == {"numerator": "revenue", "denominator": "followers"}
    assert (ratio["min_value"], ratio["max_value"]) == (0, 100)

    assert owner.get(f"metrics/{ratio['id']}").json() == ratio
    assert listed(owner, "metrics", ratio["id"]) == ratio
    plain = next(
        m
        for m in owner.get("metrics", params={"limit": 200}).json()["items"]
        if m["key"] == "followers"
    )
    assert plain["ratio_of"] is None
    changed = owner.patch(
        f"metrics/{ratio['id']}", json={"name": "转化率"}, headers={"If-Match": '"1"'}
    )
    assert owner.get(f"metrics/{ratio['id']}").json() == changed.json()
    assert changed.headers["ETag"] == '"2"'

    campaign = make_campaign(owner)
    item = {"metric": "followers", "value": 12.5, "observed_at": "2026-11-20T18:00:00+08:00"}
    created(owner.post("datapoints", json={"items": [{**item, "campaign_id": campaign["id"]}]}))
    [point] = owner.get("datapoints", params={"campaign_id": campaign["id"]}).json()["items"]
    assert (point["metric"], point["metric_id"], point["value"]) == ("followers", plain["id"], 12.5)
    assert point["observed_at"].startswith("2026-11-20T10:00:00")
    assert owner.get(f"datapoints/{point['id']}").json() == point
    corrected = owner.patch(f"datapoints/{point['id']}", json={"value": 13}).json()
    assert corrected == {**point, "value": 13}
    assert owner.get(f"datapoints/{point['id']}").json() == corrected


def test_the_assignment_history_runs_the_same_statements_for_3_and_30_changes(
    owner: Caller, connection: Connection
) -> None:
    role = seeded(owner, "roles", "creator")
    campaign = make_campaign(owner, "Script")
    for _ in range(15):
        made = created(assign(owner, make_member(owner), role, "responsible", campaign))
        changed = owner.patch(f"assignments/{made['id']}", json={"allocation_percent": 35})
        assert changed.status_code == 200

    assert statements_for(owner, connection, "assignment-history", 3) == statements_for(
        owner, connection, "assignment-history", 30
    )
    [latest] = owner.get("assignment-history", params={"limit": 1}).json()["items"]
    assert (latest["action"], latest["changed_fields"]) == ("updated", ["allocation_percent"])
    assert latest["before"]["allocation_percent"] != latest["after"]["allocation_percent"] == 35
    assert latest["after"]["member_name"] == latest["before"]["member_name"]


def test_your_profile_and_tokens_read_back_exactly_as_written(owner: Caller) -> None:
    changed = owner.patch("/api/v1/users/me", json={"display_name": "Lin Xiaoyu"})
    assert changed.status_code == 200
    assert owner.get("/api/v1/users/me").json() == changed.json()

    issued = created(
        owner.post(
            "/api/v1/users/me/tokens", json={"name": "CI", "scopes": ["read"], "expires_in_days": 7}
        )
    )
    secret = issued.pop("token")
    assert secret.startswith(issued["prefix"])
    listed_tokens = owner.get("/api/v1/users/me/tokens").json()["items"]
    assert listed_tokens[0] == issued


def test_a_members_workload_lists_their_assignments_as_the_assignments_read(
    owner: Caller,
) -> None:
    role = seeded(owner, "roles", "creator")
    campaign = make_campaign(owner, "Script")
    member = make_member(owner)
    made = created(
        assign(owner, member, role, "responsible", campaign, campaign["scopes"][0], note="x")
    )

    workload = owner.get(f"members/{member['id']}/workload").json()

    [listed_assignment] = workload["assignments"]
    assert listed_assignment == {key: made[key] for key in listed_assignment}
    assert workload["weeks"][0]["assignment_ids"] == [made["id"]]
