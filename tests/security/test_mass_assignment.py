"""Mass assignment (OWASP API3): a client sets only what it may set.

Fields the server owns (ids, `workspace_id`, `version`, timestamps, token secrets…) are
refused with 422 wherever a body could carry them, and the object is left unchanged;
fields a caller may set only with more authority (`access`, owner access) or only along
rules (`status` transitions) are refused unless the rules allow it.
"""

import copy
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.main import create_app
from app.models.enums import Access
from tests.factories import Caller, created, join
from tests.security.world import REQUESTS, World, build_world, fill_path, operations

SPEC = create_app().openapi()
OPERATIONS = operations(SPEC)
JSON_BODY_OPERATIONS = sorted(
    op
    for op, (_method, _path, operation) in OPERATIONS.items()
    if "application/json" in operation.get("requestBody", {}).get("content", {})
)
SERVER_OWNED = ("id", "workspace_id", "version", "created_at", "updated_at")


@pytest.fixture
def world(client: TestClient, session: Session) -> World:
    return build_world(client, session)


def refused_field(response: httpx.Response, *loc: str | int) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert {"loc": ["body", *loc], "type": "extra_forbidden"} in [
        {"loc": e["loc"], "type": e["type"]} for e in errors
    ], errors


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SPEC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def open_objects(schema: dict[str, Any], where: str) -> list[str]:
    """Object schemas in a request body that would accept unknown fields."""
    schema = _resolve(schema)
    found = []
    if "properties" in schema and schema.get("additionalProperties") is not False:
        found.append(where)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += open_objects(option, where)
    if "items" in schema:
        found += open_objects(schema["items"], f"{where}[]")
    for name, sub in schema.get("properties", {}).items():
        found += open_objects(sub, f"{where}.{name}")
    return found


def test_every_json_request_body_refuses_unknown_fields() -> None:
    """Every object of every JSON body is `extra="forbid"` (additionalProperties: false)."""
    open_bodies = []
    for operation_id in JSON_BODY_OPERATIONS:
        schema = OPERATIONS[operation_id][2]["requestBody"]["content"]["application/json"]
        open_bodies += open_objects(schema["schema"], operation_id)
    assert open_bodies == []


@pytest.mark.parametrize("operation_id", JSON_BODY_OPERATIONS)
def test_server_owned_fields_are_refused_in_every_body(
    operation_id: str, world: World, client: TestClient
) -> None:
    method, path, _operation = OPERATIONS[operation_id]
    url = fill_path(path, world.path_values())
    before = world.owner.get(url).json() if method == "PATCH" else None
    for field in SERVER_OWNED:
        request = copy.deepcopy(REQUESTS[operation_id](world))
        request["json"][field] = (
            world.member["id"]
            if field.endswith("id")
            else 7
            if field == "version"
            else "2001-01-01"
        )
        response = client.request(method, url, headers=world.owner.headers, **request)
        refused_field(response, field)
    if before is not None:
        assert world.owner.get(url).json() == before


def test_datapoint_items_refuse_server_owned_fields(world: World) -> None:
    item = REQUESTS["datapoints_create"](world)["json"]["items"][0]
    for field, value in {
        "id": world.member["id"],
        "workspace_id": world.member["id"],
        "metric_id": world.metric["id"],
        "created_at": "2026-01-01T00:00:00Z",
    }.items():
        response = world.owner.post("datapoints", json={"items": [{**item, field: value}]})
        refused_field(response, "items", 0, field)
    assert len(world.owner.get("datapoints").json()["items"]) == 1


def test_member_create_cannot_link_a_login_or_grant_access(world: World) -> None:
    owner = world.owner
    for field, value in {"user_id": str(owner.user_id), "access": "owner"}.items():
        response = owner.post("members", json={"display_name": "Mallory", field: value})
        refused_field(response, field)
    assert "Mallory" not in owner.get("members", params={"q": "Mallory"}).text


def test_member_login_cannot_be_relinked(world: World) -> None:
    url = f"members/{world.member['id']}"
    response = world.owner.patch(url, json={"user_id": str(world.owner.user_id)})
    refused_field(response, "user_id")
    assert world.owner.get(url).json()["user_id"] is None


def test_access_is_changed_only_by_admins_and_owner_access_only_by_owners(
    world: World, session: Session
) -> None:
    owner = world.owner
    editor = join(session, owner, Access.editor)
    admin = join(session, owner, Access.admin)
    viewer = join(session, owner, Access.viewer)

    def access(caller: Caller) -> str:
        return str(owner.get(f"members/{caller.member_id}").json()["access"])

    # Nobody below admin changes access, their own included.
    assert editor.patch(f"members/{editor.member_id}", json={"access": "admin"}).status_code == 403
    assert editor.patch(f"members/{viewer.member_id}", json={"access": "editor"}).status_code == 403
    # An admin manages access, but neither grants nor takes owner access.
    assert admin.patch(f"members/{admin.member_id}", json={"access": "owner"}).status_code == 403
    assert admin.patch(f"members/{owner.member_id}", json={"access": "viewer"}).status_code == 403
    assert access(editor) == "editor"
    assert access(admin) == "admin"
    assert access(owner) == "owner"
    assert admin.patch(f"members/{viewer.member_id}", json={"access": "editor"}).status_code == 200
    # A member without a login has no access to change.
    response = admin.patch(f"members/{world.member['id']}", json={"access": "editor"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "no_login"
    # The last owner stays an owner.
    assert owner.patch(f"members/{owner.member_id}", json={"access": "admin"}).status_code == 409
    assert access(owner) == "owner"


def test_invites_cannot_choose_their_secret_state_or_grant_owner_without_an_owner(
    world: World, session: Session
) -> None:
    admin = join(session, world.owner, Access.admin)
    base = {"email": "new.person@example.com"}
    for field, value in {
        "token": "inv_chosen",
        "accepted_at": "2026-01-01T00:00:00Z",
        "revoked_at": None,
        "created_by_user_id": str(world.owner.user_id),
        "workspace_id": world.member["id"],
    }.items():
        refused_field(admin.post("invites", json={**base, field: value}), field)
    assert admin.post("invites", json={**base, "access": "owner"}).status_code == 403
    assert [i["id"] for i in world.owner.get("invites").json()["items"]] == [world.invite["id"]]


def test_accepting_an_invite_cannot_choose_access_workspace_or_member(
    world: World, client: TestClient
) -> None:
    body = REQUESTS["auth_accept_invite"](world)["json"]
    for field, value in {
        "access": "owner",
        "workspace": "elsewhere",
        "member_id": world.assignee["id"],
        "email": "someone.else@example.com",
    }.items():
        refused_field(client.post("/api/v1/auth/accept-invite", json={**body, field: value}), field)
    accepted = created(client.post("/api/v1/auth/accept-invite", json=body))
    joined = Caller(client, accepted["access_token"], world.slug, None, accepted["member_id"])
    assert joined.get("").json()["access"] == "viewer"


def test_tokens_cannot_choose_their_kind_owner_secret_or_dates(world: World) -> None:
    owner = world.owner
    url = "/api/v1/users/me/tokens"
    for field, value in {
        "kind": "session",
        "token": "trp_chosen",
        "prefix": "trp_x",
        "token_hash": "0" * 64,
        "user_id": str(owner.user_id),
        "expires_at": "2099-01-01T00:00:00Z",
        "revoked_at": None,
        "last_used_at": "2026-01-01T00:00:00Z",
    }.items():
        refused_field(owner.post(url, json={"name": "x", field: value}), field)
    response = owner.post(url, json={"name": "x", "scopes": ["read", "admin"]})
    assert response.status_code == 422
    listed = owner.get(url).json()["items"]
    assert [t["id"] for t in listed] == [world.api_token["id"]]
    assert created(owner.post(url, json={"name": "w", "scopes": ["write"]}))["scopes"] == [
        "read",
        "write",
    ]


def test_profile_cannot_change_email_or_login_state(world: World) -> None:
    owner = world.owner
    before = owner.get("/api/v1/users/me").json()
    for field, value in {
        "email": "taken.over@example.com",
        "password_hash": "x",
        "is_active": False,
        "id": world.member["id"],
    }.items():
        refused_field(owner.patch("/api/v1/users/me", json={field: value}), field)
    assert owner.get("/api/v1/users/me").json() == before


def test_workspace_slug_cannot_change(world: World) -> None:
    refused_field(world.owner.patch("", json={"slug": "renamed"}), "slug")
    assert world.owner.get("").status_code == 200


def test_campaign_status_moves_only_along_allowed_transitions(world: World) -> None:
    owner = world.owner
    url = f"campaigns/{world.campaign['id']}"
    assert owner.post("campaigns", json={"name": "Done", "status": "completed"}).status_code == 422
    before = owner.get(url)

    skipped = owner.patch(url, json={"status": "completed"})  # planning → completed skips active

    assert skipped.status_code == 409
    assert skipped.json()["type"].endswith("/invalid-status-transition")
    assert skipped.json()["allowed_transitions"] == ["draft", "active", "cancelled"]
    after = owner.get(url)
    assert after.json() == before.json()
    assert after.headers["ETag"] == before.headers["ETag"]
    refused_field(owner.patch(url, json={"scopes": [{"name": "Sneaked in"}]}), "scopes")


def test_assignment_cannot_move_campaign_or_revive_into_a_second_accountable(
    world: World,
) -> None:
    owner = world.owner
    url = f"assignments/{world.assignment['id']}"
    refused_field(owner.patch(url, json={"campaign_id": None}), "campaign_id")
    assert created(owner.post("campaigns", json={"name": "Other"}))["id"]

    assert owner.patch(url, json={"status": "ended"}).status_code == 200
    successor = created(
        owner.post(
            "assignments",
            json={
                "member_id": world.member["id"],
                "role_id": world.assigned_role["id"],
                "campaign_id": world.campaign["id"],
                "scope_id": world.assigned_scope["id"],
                "raci": "accountable",
            },
        )
    )
    revived = owner.patch(url, json={"status": "active", "ends_on": None})

    assert revived.status_code == 409
    assert revived.json()["existing_assignment_id"] == successor["id"]
    assert owner.get(url).json()["status"] == "ended"
