from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created, join


def test_campaign_is_created_with_audience_roles_goals_and_scopes(owner: Caller) -> None:
    lead = make_member(owner, display_name="Lead Lin")
    role = seeded(owner, "roles", "creator")
    metric = seeded(owner, "metrics", "followers")

    campaign = make_campaign(
        owner,
        "Script",
        "Filming",
        kind="content",
        status="planning",
        starts_on="2026-03-01",
        ends_on="2026-05-31",
        lead_member_id=lead["id"],
        audience={"description": "Students", "segments": ["students"], "channels": ["bilibili"]},
        required_role_ids=[role["id"]],
        goals=[{"metric_id": metric["id"], "target": 10000, "due_on": "2026-05-31"}],
    )

    assert campaign["lead_member_name"] == "Lead Lin"
    assert campaign["audience"]["channels"] == ["bilibili"]
    assert campaign["required_roles"] == [
        {"role_id": role["id"], "key": "creator", "name": role["name"]}
    ]
    assert campaign["goals"][0]["metric_key"] == "followers"
    assert [s["name"] for s in campaign["scopes"]] == ["Script", "Filming"]
    assert campaign["allowed_transitions"] == ["draft", "active", "cancelled"]


def test_end_before_start_is_refused_on_create_and_update(owner: Caller) -> None:
    refused = owner.post(
        "campaigns", json={"name": "x", "starts_on": "2026-03-01", "ends_on": "2026-02-01"}
    )
    campaign = make_campaign(owner, starts_on="2026-03-01")
    patched = owner.patch(f"campaigns/{campaign['id']}", json={"ends_on": "2026-02-28"})

    assert refused.status_code == 422
    assert patched.status_code == 422
    assert patched.json()["errors"][0]["loc"] == ["body", "ends_on"]


def test_cancelled_campaign_reopens_only_through_planning(owner: Caller) -> None:
    campaign = make_campaign(owner, status="active")
    path = f"campaigns/{campaign['id']}"
    assert owner.patch(path, json={"status": "cancelled"}).status_code == 200

    straight_back = owner.patch(path, json={"status": "active"})

    assert straight_back.status_code == 409
    assert straight_back.json()["type"].endswith("/invalid-status-transition")
    assert straight_back.json()["allowed_transitions"] == ["planning"]
    assert owner.patch(path, json={"status": "planning"}).status_code == 200
    assert owner.patch(path, json={"status": "active"}).status_code == 200


def test_new_campaign_cannot_start_completed(owner: Caller) -> None:
    assert owner.post("campaigns", json={"name": "x", "status": "completed"}).status_code == 422


def test_references_from_another_workspace_are_not_found(owner: Caller, outsider: Caller) -> None:
    their_member = make_member(outsider)
    their_role = seeded(outsider, "roles", "creator")
    their_metric = seeded(outsider, "metrics", "followers")

    cases = [
        {"lead_member_id": their_member["id"]},
        {"required_role_ids": [their_role["id"]]},
        {"goals": [{"metric_id": their_metric["id"], "target": 1}]},
    ]
    for fields in cases:
        assert owner.post("campaigns", json={"name": "x", **fields}).status_code == 404, fields


def test_filters_by_status_kind_member_and_date(owner: Caller) -> None:
    member = make_member(owner)
    event = make_campaign(
        owner, "Venue", kind="community_event", starts_on="2026-06-01", ends_on="2026-06-02"
    )
    series = make_campaign(owner, "Script", kind="content", status="active")
    assign(
        owner, member, seeded(owner, "roles", "creator"), "responsible", series, series["scopes"][0]
    )

    def ids(**params: object) -> list[str]:
        return [c["id"] for c in owner.get("campaigns", params=params).json()["items"]]

    assert ids(kind="community_event") == [event["id"]]
    assert ids(status="active") == [series["id"]]
    assert ids(member_id=member["id"]) == [series["id"]]
    assert event["id"] not in ids(active_on="2026-07-01")
    assert event["id"] in ids(active_on="2026-06-02")


def test_goals_and_roles_are_replaced_by_patch(owner: Caller) -> None:
    views = seeded(owner, "metrics", "content_views")
    campaign = make_campaign(owner, goals=[{"metric_id": views["id"], "target": 5}])

    updated = owner.patch(f"campaigns/{campaign['id']}", json={"goals": []}).json()

    assert updated["goals"] == []


def test_deleting_a_campaign_removes_its_scopes_and_assignments(owner: Caller) -> None:
    campaign = make_campaign(owner, "Script")
    member = make_member(owner)
    assignment = created(
        assign(
            owner,
            member,
            seeded(owner, "roles", "creator"),
            "accountable",
            campaign,
            campaign["scopes"][0],
        )
    )

    assert owner.delete(f"campaigns/{campaign['id']}").status_code == 204

    assert owner.get(f"assignments/{assignment['id']}").status_code == 404
    assert owner.get(f"campaigns/{campaign['id']}/scopes").status_code == 404


def test_viewer_reads_campaigns_but_cannot_change_them(owner: Caller, session: Session) -> None:
    viewer = join(session, owner, Access.viewer)
    campaign = make_campaign(owner)

    assert viewer.get(f"campaigns/{campaign['id']}").status_code == 200
    assert viewer.post("campaigns", json={"name": "x"}).status_code == 403
    assert viewer.patch(f"campaigns/{campaign['id']}", json={"name": "x"}).status_code == 403
    assert viewer.delete(f"campaigns/{campaign['id']}").status_code == 403


def test_editor_manages_campaigns(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)

    campaign = make_campaign(editor, "Script")

    assert (
        editor.patch(f"campaigns/{campaign['id']}", json={"status": "planning"}).status_code == 200
    )
    assert editor.delete(f"campaigns/{campaign['id']}").status_code == 204


def test_scopes_are_a_sub_resource(owner: Caller) -> None:
    campaign = make_campaign(owner)
    base = f"campaigns/{campaign['id']}/scopes"

    scope = created(owner.post(base, json={"name": "Sponsor contract", "description": "Terms"}))
    assert owner.post(base, json={"name": "Sponsor contract"}).status_code == 409
    renamed = owner.patch(f"{base}/{scope['id']}", json={"name": "Sponsor deal"})
    listed = owner.get(base).json()["items"]

    assert renamed.json()["name"] == "Sponsor deal"
    assert [s["name"] for s in listed] == ["Sponsor deal"]
    assert owner.delete(f"{base}/{scope['id']}").status_code == 204
    assert owner.get(base).json()["items"] == []


def test_scope_with_active_assignments_cannot_be_deleted(owner: Caller) -> None:
    campaign = make_campaign(owner, "Script")
    scope = campaign["scopes"][0]
    assign(
        owner, make_member(owner), seeded(owner, "roles", "creator"), "responsible", campaign, scope
    )

    assert owner.delete(f"campaigns/{campaign['id']}/scopes/{scope['id']}").status_code == 409


def test_scope_is_only_reachable_through_its_own_campaign(owner: Caller, outsider: Caller) -> None:
    first = make_campaign(owner, "Script")
    second = make_campaign(owner)
    scope_id = first["scopes"][0]["id"]
    theirs = make_campaign(outsider, "Theirs")

    assert owner.get(f"campaigns/{second['id']}/scopes/{scope_id}").status_code == 404
    assert owner.get(f"campaigns/{theirs['id']}/scopes").status_code == 404
    assert owner.post(f"campaigns/{theirs['id']}/scopes", json={"name": "x"}).status_code == 404
    assert (
        owner.patch(
            f"campaigns/{theirs['id']}/scopes/{theirs['scopes'][0]['id']}", json={"name": "x"}
        ).status_code
        == 404
    )


def test_pages_ordered_by_creation_time_follow_the_cursor(owner: Caller) -> None:
    names = [make_campaign(owner)["name"] for _ in range(5)]

    first = owner.get("campaigns", params={"limit": 2}).json()
    second = owner.get("campaigns", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    third = owner.get("campaigns", params={"limit": 2, "cursor": second["next_cursor"]}).json()

    pages = [first, second, third]
    assert [c["name"] for page in pages for c in page["items"]] == names
    assert third["next_cursor"] is None
