from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.factories import Caller, created, join, make_token, make_user, unique


def test_creating_a_workspace_makes_the_caller_its_owner_with_seeded_roles(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    token = make_token(session, user)
    session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    slug = unique("studio")

    body = created(
        client.post(
            "/api/v1/workspaces",
            json={
                "slug": slug,
                "name": "林的工作室",
                "locale": "zh-CN",
                "timezone": "Asia/Shanghai",
            },
            headers=headers,
        )
    )

    assert body["access"] == "owner"
    roles = client.get(f"/api/v1/workspaces/{slug}/roles", headers=headers).json()["items"]
    assert {r["key"] for r in roles} >= {"creator", "legal_affairs", "business_partnership"}
    assert any(r["name"] == "法律事务" for r in roles)


def test_taken_slug_is_a_conflict(owner: Caller) -> None:
    response = owner.post("/api/v1/workspaces", json={"slug": owner.workspace, "name": "Again"})

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/already-exists")


def test_list_shows_only_my_workspaces_with_my_member(owner: Caller, outsider: Caller) -> None:
    items = owner.get("/api/v1/workspaces").json()["items"]

    assert [(w["slug"], w["member_id"]) for w in items] == [(owner.workspace, str(owner.member_id))]
    assert owner.get("").json()["member_id"] == str(owner.member_id)


def test_another_workspace_is_not_found_not_forbidden(owner: Caller, outsider: Caller) -> None:
    theirs = owner.in_workspace(outsider.workspace)

    assert theirs.get("").status_code == 404
    assert theirs.patch("", json={"name": "mine now"}).status_code == 404
    assert theirs.delete("").status_code == 404
    assert outsider.get("").json()["name"] == "Test studio"


def test_update_needs_admin(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)
    admin = join(session, owner, Access.admin)

    assert editor.patch("", json={"name": "Editors rule"}).status_code == 403
    response = admin.patch("", json={"name": "Admins rule", "timezone": "Asia/Shanghai"})
    assert response.status_code == 200
    assert response.json()["timezone"] == "Asia/Shanghai"


def test_only_the_owner_deletes_the_workspace(owner: Caller, session: Session) -> None:
    admin = join(session, owner, Access.admin)

    assert admin.delete("").status_code == 403
    assert owner.delete("").status_code == 204
    assert owner.get("").status_code == 404


def test_stale_if_match_is_refused_and_changes_nothing(owner: Caller) -> None:
    etag = owner.get("").headers["ETag"]
    assert owner.patch("", json={"name": "First"}, headers={"If-Match": etag}).status_code == 200

    stale = owner.patch("", json={"name": "Second"}, headers={"If-Match": etag})

    assert stale.status_code == 412
    assert owner.get("").json()["name"] == "First"


def test_unknown_time_zone_names_the_field(owner: Caller) -> None:
    response = owner.patch("", json={"timezone": "Mars/Olympus"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "timezone"]
