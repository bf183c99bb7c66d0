import uuid
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import AccessToken, Invite
from app.models.base import utcnow
from app.models.enums import Access
from tests.factories import PASSWORD, Caller, created, join, make_user


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def test_sign_in_returns_a_bearer_token_that_identifies_the_user(
    client: TestClient, session: Session
) -> None:
    user = make_user(session, email="lin@example.com")
    session.commit()

    token = sign_in(client, "LIN@example.com")

    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["id"] == str(user.id)


def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: TestClient, session: Session
) -> None:
    make_user(session, email="lin@example.com")
    session.commit()

    wrong = client.post("/api/v1/auth/token", data={"username": "lin@example.com", "password": "x"})
    unknown = client.post(
        "/api/v1/auth/token", data={"username": "no@example.com", "password": "x"}
    )

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_tokens_are_stored_hashed(client: TestClient, session: Session) -> None:
    user = make_user(session)
    session.commit()

    token = sign_in(client, user.email)

    stored = session.query(AccessToken).filter_by(user_id=user.id).one()
    assert token not in (stored.token_hash, stored.prefix)
    assert len(stored.token_hash) == 64


def test_signing_out_revokes_the_token(client: TestClient, session: Session) -> None:
    user = make_user(session)
    session.commit()
    headers = {"Authorization": f"Bearer {sign_in(client, user.email)}"}

    assert client.post("/api/v1/auth/revoke", headers=headers).status_code == 204

    assert client.get("/api/v1/users/me", headers=headers).status_code == 401


def test_expired_token_is_refused(owner: Caller, session: Session) -> None:
    token = session.query(AccessToken).filter_by(user_id=owner.user_id).one()
    token.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()

    response = owner.get("/api/v1/users/me")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_personal_token_secret_is_shown_once_and_listed_without_it(owner: Caller) -> None:
    body = created(
        owner.post("/api/v1/users/me/tokens", json={"name": "report script", "scopes": ["read"]})
    )

    listed = owner.get("/api/v1/users/me/tokens").json()["items"]
    assert body["token"].startswith("trp_")
    assert [t["name"] for t in listed] == ["report script"]
    assert "token" not in listed[0]
    assert body["token"].startswith(listed[0]["prefix"])


def test_read_only_token_reads_but_every_write_is_forbidden(owner: Caller) -> None:
    secret = created(
        owner.post("/api/v1/users/me/tokens", json={"name": "ro", "scopes": ["read"]})
    )["token"]
    reader = Caller(owner.client, secret, owner.workspace, owner.user_id, owner.member_id)

    assert reader.get("members").status_code == 200
    assert reader.post("members", json={"display_name": "Nope"}).status_code == 403
    assert reader.patch("", json={"name": "Nope"}).status_code == 403
    assert reader.post("/api/v1/users/me/tokens", json={"name": "escalate"}).status_code == 403
    assert reader.patch("/api/v1/users/me", json={"display_name": "Nope"}).status_code == 403


def test_revoked_personal_token_stops_working(owner: Caller) -> None:
    body = created(
        owner.post("/api/v1/users/me/tokens", json={"name": "ci", "scopes": ["read", "write"]})
    )
    script = Caller(owner.client, body["token"], owner.workspace, owner.user_id, owner.member_id)
    assert script.get("members").status_code == 200

    assert owner.delete(f"/api/v1/users/me/tokens/{body['id']}").status_code == 204

    assert script.get("members").status_code == 401


def test_someone_elses_token_cannot_be_revoked(owner: Caller, outsider: Caller) -> None:
    body = created(owner.post("/api/v1/users/me/tokens", json={"name": "mine"}))

    assert outsider.delete(f"/api/v1/users/me/tokens/{body['id']}").status_code == 404


def test_changing_password_needs_the_current_one(owner: Caller, client: TestClient) -> None:
    email = owner.get("/api/v1/users/me").json()["email"]

    refused = owner.patch("/api/v1/users/me", json={"new_password": "new secret 1"})
    accepted = owner.patch(
        "/api/v1/users/me", json={"current_password": PASSWORD, "new_password": "new secret 1"}
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "current_password"]
    assert accepted.status_code == 200
    assert sign_in(client, email, "new secret 1")


def test_invite_creates_a_user_and_member_who_can_sign_in(
    owner: Caller, client: TestClient
) -> None:
    invite = created(owner.post("invites", json={"email": "Zhou@Example.com", "access": "editor"}))
    assert invite["url"].endswith(invite["token"])

    accepted = client.post(
        "/api/v1/auth/accept-invite",
        json={"token": invite["token"], "password": "zhou password", "display_name": "Zhou Min"},
    )

    assert accepted.status_code == 201
    assert accepted.json()["workspace"] == owner.workspace
    member = owner.get(f"members/{accepted.json()['member_id']}").json()
    assert (member["email"], member["access"], member["display_name"]) == (
        "zhou@example.com",
        "editor",
        "Zhou Min",
    )
    assert sign_in(client, "zhou@example.com", "zhou password")


def test_used_invite_is_refused_clearly(owner: Caller, client: TestClient) -> None:
    invite = created(owner.post("invites", json={"email": "a@example.com", "access": "viewer"}))
    body = {"token": invite["token"], "password": "a password"}
    assert client.post("/api/v1/auth/accept-invite", json=body).status_code == 201

    again = client.post("/api/v1/auth/accept-invite", json=body)

    assert again.status_code == 410
    assert again.json()["detail"] == "This invite has already been used."


def test_expired_invite_is_refused_clearly(
    owner: Caller, client: TestClient, session: Session
) -> None:
    invite = created(owner.post("invites", json={"email": "late@example.com"}))
    row = session.get_one(Invite, uuid.UUID(invite["id"]))
    row.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()

    response = client.post(
        "/api/v1/auth/accept-invite", json={"token": invite["token"], "password": "a password"}
    )

    assert response.status_code == 410
    assert "expired" in response.json()["detail"]


def test_unknown_invite_token_is_not_found(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/accept-invite", json={"token": "inv_nope", "password": "a password"}
    )

    assert response.status_code == 404


def test_existing_user_joins_with_their_own_password(
    owner: Caller, outsider: Caller, client: TestClient
) -> None:
    email = outsider.get("/api/v1/users/me").json()["email"]
    invite = created(owner.post("invites", json={"email": email, "access": "viewer"}))

    wrong = client.post(
        "/api/v1/auth/accept-invite", json={"token": invite["token"], "password": "not theirs"}
    )
    right = client.post(
        "/api/v1/auth/accept-invite", json={"token": invite["token"], "password": PASSWORD}
    )

    assert wrong.status_code == 403
    assert right.status_code == 201
    slugs = {w["slug"] for w in outsider.get("/api/v1/workspaces").json()["items"]}
    assert slugs == {owner.workspace, outsider.workspace}


def test_invites_need_admin_and_only_owners_invite_owners(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)
    admin = join(session, owner, Access.admin)

    assert editor.post("invites", json={"email": "x@example.com"}).status_code == 403
    assert (
        admin.post("invites", json={"email": "x@example.com", "access": "owner"}).status_code == 403
    )
    assert (
        admin.post("invites", json={"email": "x@example.com", "access": "admin"}).status_code == 201
    )
    assert (
        owner.post("invites", json={"email": "y@example.com", "access": "owner"}).status_code == 201
    )


def test_invite_can_link_an_existing_member_without_login(
    owner: Caller, client: TestClient
) -> None:
    member = created(
        owner.post("members", json={"display_name": "Gao Yun", "email": "gao@example.com"})
    )
    invite = created(
        owner.post("invites", json={"email": "gao@example.com", "member_id": member["id"]})
    )

    accepted = client.post(
        "/api/v1/auth/accept-invite", json={"token": invite["token"], "password": "gao password"}
    )

    assert accepted.json()["member_id"] == member["id"]
    assert owner.get(f"members/{member['id']}").json()["access"] == "editor"


def test_withdrawn_invite_cannot_be_used(owner: Caller, client: TestClient) -> None:
    invite = created(owner.post("invites", json={"email": "w@example.com"}))
    assert owner.delete(f"invites/{invite['id']}").status_code == 204

    response = client.post(
        "/api/v1/auth/accept-invite", json={"token": invite["token"], "password": "a password"}
    )

    assert response.status_code == 410
    pending = owner.get("invites", params={"pending": True}).json()["items"]
    assert pending == []


def test_read_only_token_of_an_admin_lists_invites_but_cannot_invite(
    owner: Caller, session: Session
) -> None:
    created(owner.post("invites", json={"email": "x@example.com"}))
    reader = join(session, owner, Access.admin, write=False)
    viewer = join(session, owner, Access.viewer)

    listed = reader.get("invites")
    assert listed.status_code == 200, listed.text
    assert [invite["email"] for invite in listed.json()["items"]] == ["x@example.com"]
    assert reader.post("invites", json={"email": "y@example.com"}).status_code == 403
    assert viewer.get("invites").status_code == 403
