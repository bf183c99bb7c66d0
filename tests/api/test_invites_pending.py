"""One pending invite per email; a pending invite is sent again with a new link; the link
tells whom it is from and for which workspace."""

from fastapi.testclient import TestClient

from tests.factories import Caller, created

ACCEPT = "/api/v1/auth/accept-invite"


def test_inviting_the_same_email_again_renews_the_pending_invite(
    owner: Caller, client: TestClient
) -> None:
    first = created(owner.post("invites", json={"email": "zhou@example.com", "access": "viewer"}))

    second = created(owner.post("invites", json={"email": "Zhou@example.com", "access": "editor"}))

    pending = owner.get("invites", params={"pending": True}).json()["items"]
    assert [i["id"] for i in pending] == [first["id"]] == [second["id"]]
    assert pending[0]["access"] == "editor"
    old_link = client.post(ACCEPT, json={"token": first["token"], "password": "a password"})
    assert old_link.status_code == 404  # only the newest link works


def test_resend_gives_a_new_link_and_the_old_one_stops_working(
    owner: Caller, client: TestClient
) -> None:
    invite = created(owner.post("invites", json={"email": "lin@example.com"}))

    resent = owner.post(f"invites/{invite['id']}/resend")

    assert resent.status_code == 200
    assert resent.json()["token"] != invite["token"]
    stale = client.post(ACCEPT, json={"token": invite["token"], "password": "a password"})
    fresh = client.post(ACCEPT, json={"token": resent.json()["token"], "password": "a password"})
    assert (stale.status_code, fresh.status_code) == (404, 201)


def test_a_withdrawn_invite_is_not_sent_again(owner: Caller) -> None:
    invite = created(owner.post("invites", json={"email": "gone@example.com"}))
    owner.delete(f"invites/{invite['id']}")

    resent = owner.post(f"invites/{invite['id']}/resend")

    assert resent.status_code == 409


def test_another_workspaces_invite_is_not_found(owner: Caller, outsider: Caller) -> None:
    invite = created(owner.post("invites", json={"email": "x@example.com"}))

    assert outsider.post(f"invites/{invite['id']}/resend").status_code == 404


def test_an_invite_link_says_which_workspace_and_who_invited(
    owner: Caller, client: TestClient
) -> None:
    invite = created(owner.post("invites", json={"email": "new@example.com"}))
    workspace = owner.get("").json()
    me = owner.get("/api/v1/users/me").json()

    preview = client.get(f"/api/v1/auth/invites/{invite['token']}")

    assert preview.status_code == 200
    assert preview.json() == {
        "email": "new@example.com",
        "workspace_name": workspace["name"],
        "invited_by": me["display_name"],
        "expires_at": invite["expires_at"],
        "usable": True,
    }
    assert client.get("/api/v1/auth/invites/inv_unknown").status_code == 404


def test_renewing_a_pending_invite_records_what_it_was_before(owner: Caller) -> None:
    created(owner.post("invites", json={"email": "zhou@example.com", "access": "viewer"}))
    created(owner.post("invites", json={"email": "zhou@example.com", "access": "editor"}))

    items = owner.get("activities", params={"limit": 200}).json()["items"]
    resent = next(a for a in items if a["verb"] == "invite.resent")

    assert (resent["before"]["access"], resent["after"]["access"]) == ("viewer", "editor")
