"""Security headers on every response; /docs works without inline scripts; CORS is opt-in."""

import re
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.core.config import Settings
from tests.factories import Caller

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def csp(response: httpx.Response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    directives = [part.split() for part in policy.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def assert_secured(response: httpx.Response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (response.request.url, name)
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy.get("default-src", [])
    assert "strict-transport-security" not in response.headers  # plain HTTP here


def test_api_responses_carry_the_security_headers(owner: Caller) -> None:
    for response in (
        owner.get("/api/v1/users/me"),
        owner.get("members"),
        owner.post("members", json={"display_name": "Headers"}),
        owner.get("/healthz"),
        owner.get("/openapi.json"),
    ):
        assert response.status_code < 300, response.text
        assert_secured(response)


def test_error_responses_carry_them_too(owner: Caller, client: TestClient) -> None:
    for response in (
        client.get("/api/v1/users/me"),  # 401
        owner.get("/api/v1/nowhere"),  # 404
        owner.request("PUT", "members"),  # 405
        owner.post("members", json={"display_name": ""}),  # 422
        owner.post(
            "members",
            content=b"x" * (1024 * 1024 + 1),
            headers={"Content-Type": "application/json"},
        ),  # 413
        owner.post("members", content=b"{}", headers={"Content-Type": "text/plain"}),  # 415
    ):
        assert response.status_code >= 400
        assert_secured(response)


def test_an_unhandled_error_still_gets_them_and_a_request_id(
    make_app: Callable[..., FastAPI],
) -> None:
    app = make_app()

    def explode() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/api/v1/boom-for-headers", explode)

    response = TestClient(app, raise_server_exceptions=False).get("/api/v1/boom-for-headers")

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert_secured(response)
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


def test_static_files_and_pages_carry_them(client: TestClient) -> None:
    for path in ("/static/docs/swagger-init.js", "/docs", "/docs/oauth2-redirect"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_secured(response)


def test_the_docs_page_runs_no_inline_script(client: TestClient) -> None:
    for path in ("/docs", "/docs/oauth2-redirect"):
        page = client.get(path).text
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
        assert scripts, path
        for attributes, body in scripts:
            assert body.strip() == "", (path, body)
            source = re.search(r'src="([^"]+)"', attributes)
            assert source, (path, attributes)
            script = client.get(source.group(1))
            assert script.status_code == 200, source.group(1)
            assert "javascript" in script.headers["content-type"]
        assert not re.search(r"\son[a-z]+\s*=", page), path  # no inline event handlers


def test_the_docs_start_swagger_ui_with_the_specs_url(client: TestClient) -> None:
    page = client.get("/docs").text
    init = client.get("/static/docs/swagger-init.js").text

    assert 'data-openapi-url="/openapi.json"' in page
    assert "SwaggerUIBundle(" in init
    assert "data.openapiUrl" in init
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset


def test_hsts_only_over_https(make_app: Callable[..., FastAPI]) -> None:
    app = make_app()

    secure = TestClient(app, base_url="https://testserver").get("/healthz")
    plain = TestClient(app).get("/healthz")

    assert secure.headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" not in plain.headers


def test_token_responses_are_not_cached(client: TestClient, session: Session) -> None:
    from tests.factories import PASSWORD, make_user

    user = make_user(session)
    session.commit()

    response = client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"


# --- CORS --------------------------------------------------------------------------------


def preflight(client: TestClient, origin: str) -> httpx.Response:
    response: httpx.Response = client.options(
        "/api/v1/users/me",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization, content-type, if-match",
        },
    )
    return response


def test_cors_is_off_by_default(owner: Caller, client: TestClient) -> None:
    assert Settings(_env_file=None).cors_origins == []

    refused = preflight(client, "https://elsewhere.example")
    simple = owner.get("/api/v1/users/me", headers={"Origin": "https://elsewhere.example"})

    assert "access-control-allow-origin" not in refused.headers
    assert refused.status_code >= 400
    assert simple.status_code == 200
    assert "access-control-allow-origin" not in simple.headers


def test_cors_allows_the_configured_origins_only(
    make_app: Callable[..., FastAPI], owner: Caller
) -> None:
    app = make_app(cors_origins="https://app.example, https://admin.example")
    client = TestClient(app)

    allowed = preflight(client, "https://admin.example")
    refused = preflight(client, "https://evil.example")
    actual = client.get(
        "/api/v1/users/me", headers={**owner.headers, "Origin": "https://app.example"}
    )

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://admin.example"
    assert "PATCH" in allowed.headers["access-control-allow-methods"]
    allowed_headers = allowed.headers["access-control-allow-headers"].lower()
    assert {"authorization", "content-type", "if-match"} <= set(re.split(r",\s*", allowed_headers))
    assert_secured(allowed)
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"
    assert "access-control-allow-origin" not in refused.headers
    assert actual.status_code == 200
    assert actual.headers["access-control-allow-origin"] == "https://app.example"
    assert "x-request-id" in actual.headers["access-control-expose-headers"].lower()
    assert "etag" in actual.headers["access-control-expose-headers"].lower()


def test_cors_origins_come_from_a_comma_separated_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TROUPE_CORS_ORIGINS", "https://a.example,https://b.example")

    assert Settings(_env_file=None).cors_origins == [
        "https://a.example",
        "https://b.example",
    ]
