from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.api.helpers import assign, make_member, seeded
from tests.factories import Caller, created, join


def test_new_workspace_has_the_guides_roles_with_responsibilities_and_skills(owner: Caller) -> None:
    roles = {r["key"]: r for r in owner.get("roles").json()["items"]}

    assert set(roles) == {
        "creator",
        "project_planner",
        "financing",
        "community_operations",
        "data_analysis",
        "legal_affairs",
        "business_partnership",
    }
    legal = roles["legal_affairs"]
    assert legal["responsibilities"]
    assert legal["authorities"]
    assert {(s["key"], s["min_level"]) for s in legal["required_skills"]} >= {
        ("legal_knowledge", 4)
    }


def test_chinese_workspace_gets_chinese_templates(client: TestClient, session: Session) -> None:
    from tests.factories import make_workspace_owner

    zh = make_workspace_owner(client, session, locale="zh-CN")

    role = seeded(zh, "roles", "community_operations")
    metric = seeded(zh, "metrics", "retention_rate")
    assert role["name"] == "社群运营"
    assert "社群" in role["description"]
    assert metric["name"] == "留存率"


def test_skill_key_is_unique_in_a_workspace_but_not_across(owner: Caller, outsider: Caller) -> None:
    body = {"key": "video_editing", "name": "Video editing", "category": "creative"}

    assert owner.post("skills", json=body).status_code == 201
    assert owner.post("skills", json=body).status_code == 409
    assert outsider.post("skills", json=body).status_code == 201


def test_skill_key_must_be_a_simple_identifier(owner: Caller) -> None:
    response = owner.post("skills", json={"key": "Video Editing!", "name": "x"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "key"]


def test_deleting_a_skill_removes_levels_and_requirements(owner: Caller) -> None:
    skill = created(owner.post("skills", json={"key": "drone", "name": "Drone filming"}))
    member = make_member(owner, skills=[{"skill_id": skill["id"], "level": 3}])
    role = created(
        owner.post(
            "roles",
            json={
                "key": "pilot",
                "name": "Pilot",
                "required_skills": [{"skill_id": skill["id"], "min_level": 2}],
            },
        )
    )

    assert owner.delete(f"skills/{skill['id']}").status_code == 204

    assert owner.get(f"members/{member['id']}").json()["skills"] == []
    assert owner.get(f"roles/{role['id']}").json()["required_skills"] == []


def test_role_is_created_and_updated_with_lists_replaced(owner: Caller) -> None:
    skill = seeded(owner, "skills", "content_production")
    role = created(
        owner.post(
            "roles",
            json={
                "key": "video_editor",
                "name": "Video editor",
                "responsibilities": ["Edit episodes"],
                "authorities": ["Approve the final cut"],
                "required_skills": [{"skill_id": skill["id"], "min_level": 3}],
            },
        )
    )

    updated = owner.patch(f"roles/{role['id']}", json={"authorities": []}).json()

    assert updated["authorities"] == []
    assert updated["responsibilities"] == ["Edit episodes"]
    assert updated["required_skills"][0]["key"] == "content_production"


def test_role_writes_need_admin(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)
    role = seeded(owner, "roles", "creator")

    assert editor.get(f"roles/{role['id']}").status_code == 200
    assert editor.post("roles", json={"key": "x", "name": "X"}).status_code == 403
    assert editor.patch(f"roles/{role['id']}", json={"name": "X"}).status_code == 403
    assert editor.post("skills", json={"key": "x", "name": "X"}).status_code == 403


def test_role_in_use_cannot_be_deleted(owner: Caller) -> None:
    role = seeded(owner, "roles", "financing")
    assert assign(owner, make_member(owner), role, "informed").status_code == 201

    assert owner.delete(f"roles/{role['id']}").status_code == 409


def test_role_of_another_workspace_is_invisible(owner: Caller, outsider: Caller) -> None:
    theirs = seeded(outsider, "roles", "creator")

    assert owner.get(f"roles/{theirs['id']}").status_code == 404
    assert owner.delete(f"roles/{theirs['id']}").status_code == 404
