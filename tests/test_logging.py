"""Structured request logs with a request id; passwords and tokens never reach a log."""

import io
import json
import logging
import re
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app import cli
from app.core import serving
from app.core.logs import JsonFormatter, redact
from app.web.client import in_process_transport
from tests.factories import PASSWORD, Caller, created, make_user

HEX_ID = re.compile(r"[0-9a-f]{32}")


def access_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "troupe.access"]


@pytest.fixture
def formatted() -> Iterator[io.StringIO]:
    """Everything logged anywhere, as Troupe's JSON formatter writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_a_sane_request_id_is_echoed(client: TestClient) -> None:
    for request_id in ("trace-42", "7f3c9d1e-95a1-4c2b-8f0a-2b7c1d9e0f11", "svc.a:b_c"):
        response = client.get("/healthz", headers={"X-Request-ID": request_id})
        assert response.headers["x-request-id"] == request_id


def test_a_request_id_is_generated_when_missing_or_not_sane(client: TestClient) -> None:
    generated = [
        client.get("/healthz").headers["x-request-id"],
        client.get("/healthz").headers["x-request-id"],
        client.get("/healthz", headers={"X-Request-ID": "has spaces"}).headers["x-request-id"],
        client.get("/healthz", headers={"X-Request-ID": "x" * 200}).headers["x-request-id"],
        client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["x-request-id"],
    ]

    assert all(HEX_ID.fullmatch(request_id) for request_id in generated)
    assert len(set(generated)) == len(generated)


def test_an_in_process_api_call_keeps_the_request_id_of_its_page(
    app: FastAPI, client: TestClient
) -> None:
    """The web front end calls the API in process (`in_process_transport`): one id for both."""

    async def page() -> dict[str, str]:
        transport = in_process_transport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as api:
            inner = await api.get("/healthz")
        return {"inner": inner.headers["x-request-id"]}

    app.add_api_route("/page-for-request-ids", page)
    try:
        response = client.get("/page-for-request-ids", headers={"X-Request-ID": "page-1"})
        fresh = client.get("/page-for-request-ids")
    finally:
        app.router.routes.pop()

    assert response.json() == {"inner": "page-1"}
    assert fresh.json() == {"inner": fresh.headers["x-request-id"]}


def test_each_request_is_one_structured_line(
    owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="troupe.access")

    response = owner.get("members", params={"limit": 5}, headers={"X-Request-ID": "trace-7"})

    assert response.status_code == 200
    [record] = access_records(caplog)
    line = json.loads(JsonFormatter().format(record))
    assert line["logger"] == "troupe.access"
    assert line["level"] == "info"
    assert line["method"] == "GET"
    assert line["path"] == f"/api/v1/workspaces/{owner.workspace}/members"
    assert line["query"] == "limit=5"
    assert line["status"] == 200
    assert line["request_id"] == "trace-7"
    assert line["user_id"] == str(owner.user_id)
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] >= 0
    assert line["client"] == "testclient"


def test_anonymous_and_refused_requests_are_logged_too(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="troupe.access")

    client.get("/api/v1/users/me")
    client.post("/api/v1/auth/token", json={"username": "x"})  # 415

    lines = [json.loads(JsonFormatter().format(r)) for r in access_records(caplog)]
    assert [(line["status"], line["user_id"]) for line in lines] == [(401, None), (415, None)]


def test_troupe_logs_go_out_as_json_lines(app: FastAPI) -> None:
    handlers = logging.getLogger("troupe").handlers

    assert any(getattr(h, "troupe", False) for h in handlers)
    assert any(isinstance(h.formatter, JsonFormatter) for h in handlers)


def test_errors_are_logged_with_their_request_id(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    def explode() -> None:
        raise RuntimeError("boom for the log")

    caplog.set_level(logging.INFO, logger="troupe")  # an app made earlier may have raised it
    app.add_api_route("/api/v1/boom-for-logs", explode)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get("/api/v1/boom-for-logs")
    finally:
        app.router.routes.pop()

    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert errors
    line = json.loads(JsonFormatter().format(errors[0]))
    assert line["request_id"] == request_id
    assert "boom for the log" in line["exception"]
    [access] = [json.loads(JsonFormatter().format(r)) for r in access_records(caplog)]
    assert (access["status"], access["request_id"]) == (500, request_id)


def test_secrets_never_reach_the_logs(
    owner: Caller,
    client: TestClient,
    session: Session,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    formatted: io.StringIO,
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="troupe")  # an app made earlier may have raised it
    user = make_user(session)
    session.commit()
    wrong_password = "Wr0ng-Passw0rd-Never-Logged"
    invitee_password = "Invitee-Passw0rd-Never-Logged"

    signed_in = client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": PASSWORD}
    )
    failed = client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": wrong_password}
    )
    invite = created(owner.post("invites", json={"email": "logs@example.com"}))
    accepted = client.post(
        "/api/v1/auth/accept-invite",
        json={"token": invite["token"], "password": invitee_password},
    )
    token = signed_in.json()["access_token"]
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    in_query = client.get("/api/v1/users/me", params={"access_token": token, "password": PASSWORD})
    invite_page = client.get(f"/invite/{invite['token']}")

    assert (signed_in.status_code, failed.status_code, accepted.status_code) == (200, 401, 201)
    assert (me.status_code, in_query.status_code) == (200, 401)
    assert invite_page.status_code < 500
    secrets = {
        "password": PASSWORD,
        "wrong password": wrong_password,
        "invitee password": invitee_password,
        "sign-in token": token,
        "invite token": invite["token"],
        "invitee token": accepted.json()["access_token"],
        "owner token": owner.token,
    }
    records = caplog.records
    assert len(access_records(caplog)) >= 7
    raw = "\n".join(
        f"{r.getMessage()} {r.args!r} {getattr(r, 'fields', '')!r} {r.exc_text or ''}"
        for r in records
    )
    written = formatted.getvalue() + capsys.readouterr().err
    assert written.count('"logger": "troupe.access"') >= 7
    for name, secret in secrets.items():
        assert secret not in raw, f"{name} in a log record"
        assert secret not in written, f"{name} in the log output"
    assert "Bearer " not in raw
    assert "/invite/inv_[redacted]" in written
    assert "access_token=[redacted]&password=[redacted]" in written


def test_redaction_masks_what_could_slip_into_a_message() -> None:
    text = (
        "token trp_AbC123xyz_-987 and inv_Q2w3E4r5T6y7 with Authorization: Bearer abc.def-ghi "
        "password=hunter22 'new_password': 'swordfish' $argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"
    )

    masked = redact(text)

    for secret in ("AbC123xyz", "Q2w3E4r5T6y7", "abc.def-ghi", "hunter22", "swordfish", "c2FsdA"):
        assert secret not in masked
    assert "trp_[redacted]" in masked
    assert "inv_[redacted]" in masked


def test_serve_leaves_request_logs_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[uvicorn.Config] = []
    monkeypatch.setattr(serving, "run_server", calls.append)

    result = CliRunner().invoke(cli.app, ["serve", "--no-migrate"])

    assert result.exit_code == 0, result.output
    assert calls[0].access_log is False  # uvicorn's own line would duplicate ours
