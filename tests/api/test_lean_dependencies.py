"""The caller and their workspace are solved by lean stand-ins (`app.core.lean_dependencies`)
that answer exactly as the declared dependencies: the same token forms accepted, the same
401 before any check of the path, the same spec, and fewer steps."""

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.auth.dependencies import bearer_secret
from app.core.lean_dependencies import lean_dependant
from app.core.transaction import _request_session
from tests.factories import Caller


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_bearer_scheme_is_recognised_in_any_case(owner: Caller, scheme: str) -> None:
    headers = {"Authorization": f"{scheme} {owner.token}"}
    assert owner.client.get(owner.url("members"), headers=headers).status_code == 200
    assert owner.client.get("/api/v1/users/me", headers=headers).status_code == 200


@pytest.mark.parametrize("authorization", ["", "Bearer", "Bearer   ", "Basic abc", "Token x"])
def test_a_request_without_a_bearer_token_is_unauthorised(
    owner: Caller, authorization: str
) -> None:
    headers = {"Authorization": authorization}
    for path in (owner.url("members"), "/api/v1/users/me"):
        response = owner.client.get(path, headers=headers)
        assert response.status_code == 401, path
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_missing_token_is_refused_before_the_path_is_checked(client: TestClient) -> None:
    too_long_slug = "w" * 65  # a 422 for a caller with a token
    response = client.get(f"/api/v1/workspaces/{too_long_slug}/members")
    assert response.status_code == 401


def test_a_caller_with_a_token_gets_the_path_checked(owner: Caller) -> None:
    response = owner.client.get(
        "/api/v1/workspaces/" + "w" * 65 + "/members", headers=owner.headers
    )
    assert response.status_code == 422


def _route(app: FastAPI, path: str) -> APIRoute:
    return next(r for r in app.routes if isinstance(r, APIRoute) and r.path == path)


def test_a_workspace_read_is_solved_in_two_steps_and_documented_as_declared(app: FastAPI) -> None:
    route = _route(app, "/api/v1/workspaces/{workspace}/campaigns/{campaign_id}")
    lean, given = lean_dependant(route.dependant, path=route.path_format, given=_request_session)

    def steps(dependant: object) -> int:
        return sum(1 + steps(sub) for sub in getattr(dependant, "dependencies", []))

    assert given == ["session"]
    assert steps(lean) == 2  # the workspace context, its bearer token
    assert steps(route.dependant) == 6  # as declared: what the spec is made from
    security = app.openapi()["paths"][route.path]["get"]["security"]
    assert {name for requirement in security for name in requirement} == {
        "PasswordSignIn",
        "ApiToken",
    }
    assert bearer_secret in {sub.call for sub in route.dependant.dependencies[1].dependencies}
