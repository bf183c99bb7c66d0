import uuid

from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, join


def test_member_is_created_with_skill_levels_named(owner: Caller) -> None:
    editing = seeded(owner, "skills", "content_production")

    member = make_member(
        owner,
        display_name="Lin Xiaoyu 林晓雨",
        email="Lin@Example.com",
        title="Video creator",
        weekly_capacity_hours=32,
        skills=[{"skill_id": editing["id"], "level": 4}],
    )

    assert member["email"] == "lin@example.com"
    assert member["skills"] == [
        {
            "skill_id": editing["id"],
            "key": "content_production",
            "name": editing["name"],
            "level": 4,
        }
    ]
    assert owner.get(f"members/{member['id']}").json() == member


def test_skill_level_outside_one_to_five_names_the_field(owner: Caller) -> None:
    skill = seeded(owner, "skills", "creativity")

    response = owner.post(
        "members", json={"display_name": "X", "skills": [{"skill_id": skill["id"], "level": 6}]}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "skills", 0, "level"]


def test_skill_of_another_workspace_is_not_found(owner: Caller, outsider: Caller) -> None:
    theirs = seeded(outsider, "skills", "creativity")

    response = owner.post(
        "members", json={"display_name": "X", "skills": [{"skill_id": theirs["id"], "level": 3}]}
    )

    assert response.status_code == 404
    assert response.json()["errors"][0]["loc"] == ["body", "skills", 0, "skill_id"]


def test_duplicate_email_in_a_workspace_is_a_conflict(owner: Caller) -> None:
    make_member(owner, email="same@example.com")

    response = owner.post("members", json={"display_name": "Twin", "email": "same@example.com"})

    assert response.status_code == 409


def test_patch_replaces_skills_and_keeps_other_fields(owner: Caller) -> None:
    creativity = seeded(owner, "skills", "creativity")
    negotiation = seeded(owner, "skills", "negotiation")
    member = make_member(
        owner, title="Planner", skills=[{"skill_id": creativity["id"], "level": 2}]
    )

    updated = owner.patch(
        f"members/{member['id']}", json={"skills": [{"skill_id": negotiation["id"], "level": 5}]}
    ).json()

    assert [(s["key"], s["level"]) for s in updated["skills"]] == [("negotiation", 5)]
    assert updated["title"] == "Planner"


def test_explicit_null_for_a_required_field_is_refused(owner: Caller) -> None:
    member = make_member(owner)

    response = owner.patch(f"members/{member['id']}", json={"display_name": None})

    assert response.status_code == 422


def test_filters_by_status_skill_level_role_and_text(owner: Caller) -> None:
    analysis = seeded(owner, "skills", "data_analysis")
    role = seeded(owner, "roles", "data_analysis")
    expert = make_member(
        owner, display_name="Chen Analyst", skills=[{"skill_id": analysis["id"], "level": 5}]
    )
    novice = make_member(
        owner, display_name="Wu Novice", skills=[{"skill_id": analysis["id"], "level": 1}]
    )
    make_member(owner, display_name="Retired Analyst", status="inactive")
    assert assign(owner, novice, role, "responsible").status_code == 201

    def names(**params: object) -> list[str]:
        return [m["display_name"] for m in owner.get("members", params=params).json()["items"]]

    assert names(skill_id=analysis["id"], min_level=4) == [expert["display_name"]]
    assert names(role_id=role["id"]) == [novice["display_name"]]
    assert names(q="analyst", status="active") == ["Chen Analyst"]
    assert "Retired Analyst" in names(status="inactive")


def test_pages_follow_the_cursor_without_repeats(owner: Caller) -> None:
    for i in range(7):
        make_member(owner, display_name=f"Page member {i}")

    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, "q": "page member", **({"cursor": cursor} if cursor else {})}
        page = owner.get("members", params=params).json()
        seen += [m["display_name"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == [f"Page member {i}" for i in range(7)]


def test_malformed_cursor_is_a_bad_request(owner: Caller) -> None:
    response = owner.get("members", params={"cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert response.json()["type"].endswith("/invalid-cursor")


def test_limit_above_two_hundred_is_refused(owner: Caller) -> None:
    assert owner.get("members", params={"limit": 201}).status_code == 422
    assert owner.get("members", params={"limit": 200}).status_code == 200


def test_member_writes_need_admin(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)
    viewer = join(session, owner, Access.viewer)
    member = make_member(owner)

    assert viewer.get(f"members/{member['id']}").status_code == 200
    for caller in (viewer, editor):
        assert caller.post("members", json={"display_name": "X"}).status_code == 403
        assert caller.patch(f"members/{member['id']}", json={"title": "X"}).status_code == 403
        assert caller.delete(f"members/{member['id']}").status_code == 403


def test_access_and_user_link_cannot_be_set_at_creation(owner: Caller) -> None:
    response = owner.post(
        "members", json={"display_name": "Sneaky", "access": "owner", "user_id": str(uuid.uuid4())}
    )

    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["errors"]} == {
        ("body", "access"),
        ("body", "user_id"),
    }


def test_admin_changes_access_but_not_to_or_from_owner(owner: Caller, session: Session) -> None:
    admin = join(session, owner, Access.admin)
    editor = join(session, owner, Access.editor)

    assert admin.patch(f"members/{editor.member_id}", json={"access": "viewer"}).status_code == 200
    assert admin.patch(f"members/{editor.member_id}", json={"access": "owner"}).status_code == 403
    assert admin.patch(f"members/{owner.member_id}", json={"access": "admin"}).status_code == 403
    assert editor.get("").status_code == 200
    assert editor.post("campaigns", json={"name": "x"}).status_code == 403


def test_the_last_owner_cannot_step_down_or_be_removed(owner: Caller, session: Session) -> None:
    assert owner.patch(f"members/{owner.member_id}", json={"access": "admin"}).status_code == 409
    assert owner.patch(f"members/{owner.member_id}", json={"status": "inactive"}).status_code == 409
    assert owner.delete(f"members/{owner.member_id}").status_code == 409

    second = join(session, owner, Access.admin)
    assert owner.patch(f"members/{second.member_id}", json={"access": "owner"}).status_code == 200
    assert owner.patch(f"members/{owner.member_id}", json={"access": "admin"}).status_code == 200


def test_access_needs_a_linked_login(owner: Caller) -> None:
    member = make_member(owner)

    response = owner.patch(f"members/{member['id']}", json={"access": "editor"})

    assert response.status_code == 422


def test_inactive_member_loses_access_to_the_workspace(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)

    owner.patch(f"members/{editor.member_id}", json={"status": "inactive"})

    assert editor.get("members").status_code == 404


def test_member_with_assignments_cannot_be_deleted(owner: Caller) -> None:
    member = make_member(owner)
    assert (
        assign(owner, member, seeded(owner, "roles", "creator"), "responsible").status_code == 201
    )

    response = owner.delete(f"members/{member['id']}")

    assert response.status_code == 409
    assert owner.get(f"members/{member['id']}").status_code == 200


def test_member_of_another_workspace_is_invisible(owner: Caller, outsider: Caller) -> None:
    theirs = make_member(outsider)
    path = f"members/{theirs['id']}"

    assert owner.get(path).status_code == 404
    assert owner.patch(path, json={"title": "mine"}).status_code == 404
    assert owner.delete(path).status_code == 404
    assert outsider.get(path).json()["title"] is None


def test_deleting_a_member_without_assignments(owner: Caller) -> None:
    member = make_member(owner)
    etag = owner.get(f"members/{member['id']}").headers["ETag"]

    assert owner.delete(f"members/{member['id']}", headers={"If-Match": '"99"'}).status_code == 412
    assert owner.delete(f"members/{member['id']}", headers={"If-Match": etag}).status_code == 204
    assert owner.get(f"members/{member['id']}").status_code == 404


def test_members_campaign_filter_uses_campaign_ids(owner: Caller) -> None:
    campaign = make_campaign(owner, "Script")
    member = make_member(owner)
    assign(
        owner,
        member,
        seeded(owner, "roles", "creator"),
        "responsible",
        campaign,
        campaign["scopes"][0],
    )

    mine = owner.get("campaigns", params={"member_id": member["id"]}).json()["items"]

    assert [c["id"] for c in mine] == [campaign["id"]]
