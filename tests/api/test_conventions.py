"""The API conventions of DESIGN §4 that every resource follows."""

import re
import uuid
from datetime import datetime
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller, created, join

PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    assert "Traceback" not in response.text
    return body


def test_every_error_status_is_a_problem(owner: Caller, outsider: Caller, session: Session) -> None:
    viewer = join(session, owner, Access.viewer)
    member = make_member(owner)

    assert_problem(
        owner.post("members", content=b"{", headers={"content-type": "application/json"}), 400
    )
    assert_problem(owner.client.get(owner.url("members")), 401)
    assert_problem(viewer.post("members", json={"display_name": "x"}), 403)
    assert_problem(outsider.get(f"members/{member['id']}"), 404)
    assert_problem(
        owner.post("/api/v1/workspaces", json={"slug": owner.workspace, "name": "x"}), 409
    )
    assert_problem(
        owner.patch(f"members/{member['id']}", json={"title": "x"}, headers={"If-Match": '"42"'}),
        412,
    )
    body = assert_problem(owner.post("members", json={"display_name": ""}), 422)
    assert body["errors"][0] == {
        "loc": ["body", "display_name"],
        "msg": body["errors"][0]["msg"],
        "type": "string_too_short",
    }


def test_unknown_route_and_method_are_problems(owner: Caller) -> None:
    assert_problem(owner.get("/api/v1/nowhere"), 404)
    assert_problem(owner.request("PUT", "members"), 405)


def test_unhandled_error_is_a_500_problem_without_a_trace(app: FastAPI) -> None:
    def explode() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/api/v1/boom-for-test", explode)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get("/api/v1/boom-for-test")
    finally:
        app.router.routes.pop()

    body = assert_problem(response, 500)
    assert "secret internals" not in response.text
    assert body["type"].endswith("/internal-error")


def test_get_returns_an_etag_that_if_match_honours(owner: Caller) -> None:
    member = make_member(owner)
    path = f"members/{member['id']}"
    etag = owner.get(path).headers["ETag"]

    first = owner.patch(path, json={"title": "Editor"}, headers={"If-Match": etag})
    stale = owner.patch(path, json={"title": "Writer"}, headers={"If-Match": etag})
    stale_delete = owner.delete(path, headers={"If-Match": etag})

    assert first.status_code == 200
    assert first.headers["ETag"] != etag
    assert_problem(stale, 412)
    assert_problem(stale_delete, 412)
    assert owner.get(path).json()["title"] == "Editor"
    assert owner.patch(path, json={"title": "Any"}, headers={"If-Match": "*"}).status_code == 200


def test_idempotent_retry_replays_the_first_response_and_creates_nothing(owner: Caller) -> None:
    headers = {"Idempotency-Key": "create-campaign-1"}
    body = {"name": "Only once"}

    first = owner.post("campaigns", json=body, headers=headers)
    retry = owner.post("campaigns", json=body, headers=headers)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.headers["ETag"] == first.headers["ETag"]
    names = [c["name"] for c in owner.get("campaigns").json()["items"]]
    assert names.count("Only once") == 1


def test_same_idempotency_key_with_another_body_is_refused(owner: Caller) -> None:
    headers = {"Idempotency-Key": "create-campaign-2"}
    assert owner.post("campaigns", json={"name": "A"}, headers=headers).status_code == 201

    response = owner.post("campaigns", json={"name": "B"}, headers=headers)

    body = assert_problem(response, 422)
    assert body["type"].endswith("/idempotency-key-reused")


def test_failed_request_does_not_burn_its_idempotency_key(owner: Caller) -> None:
    headers = {"Idempotency-Key": "retry-after-fix"}
    assert (
        owner.post(
            "campaigns", json={"name": "x", "status": "completed"}, headers=headers
        ).status_code
        == 422
    )

    assert (
        owner.post(
            "campaigns", json={"name": "x", "status": "completed"}, headers=headers
        ).status_code
        == 422
    )


def test_idempotency_keys_of_different_callers_do_not_collide(
    owner: Caller, session: Session
) -> None:
    editor = join(session, owner, Access.editor)
    headers = {"Idempotency-Key": "shared-key"}

    mine = created(owner.post("campaigns", json={"name": "Mine"}, headers=headers))
    theirs = created(editor.post("campaigns", json={"name": "Theirs"}, headers=headers))

    assert mine["id"] != theirs["id"]


def test_ids_are_uuids_and_times_carry_an_offset(owner: Caller) -> None:
    campaign = make_campaign(owner, "Script", starts_on="2026-03-01")

    assert uuid.UUID(campaign["id"]).version == 4
    created_at = datetime.fromisoformat(campaign["created_at"])
    assert created_at.utcoffset() is not None
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", campaign["starts_on"])


def test_health_check_reports_the_database(client: TestClient) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_malformed_uuid_in_the_path_is_a_validation_problem(owner: Caller) -> None:
    body = assert_problem(owner.get("members/not-a-uuid"), 422)

    assert body["errors"][0]["loc"] == ["path", "member_id"]


def test_interactive_docs_load_their_assets_from_this_server(client: TestClient) -> None:
    page = client.get("/docs")

    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), asset
        assert client.get(asset).status_code == 200, asset
