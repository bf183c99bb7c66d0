"""Bad input gets a clear 4xx problem, never a 500; hostile text is data, stored verbatim."""

import itertools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Message

from app.core.middleware import nesting_exceeds
from tests.event_loop import run_alone
from tests.factories import Caller, created, make_user, unique

MiB = 1024 * 1024
PROBLEM = "application/problem+json"
JSON = {"Content-Type": "application/json"}
HOSTILE = (
    "Robert'); DROP TABLE members;--",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(document.cookie)>',
    "' OR '1'='1' -- %_",
    "{{7*7}} ${7*7} #{7*7} %s %n",
    "javascript:alert(1)",
    "\\u0000 is only text here \\x00",
    "Ünïcödé 中文 😀 \u202e right-to-left",
    "a\n\tb\r\nc",
)


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["type"] == f"/problems/{slug}"
    assert body["status"] == status
    assert body["detail"]
    return body


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# --- Size -----------------------------------------------------------------------------------


def test_a_json_body_over_one_mib_is_refused(owner: Caller) -> None:
    body = b'{"display_name": "' + b"x" * MiB + b'"}'

    response = owner.post("members", content=body, headers=JSON)

    problem = assert_problem(response, 413, "payload-too-large")
    assert problem["max_bytes"] == MiB
    assert response.headers["connection"] == "close"


def test_a_chunked_body_over_one_mib_is_refused(owner: Caller) -> None:
    def chunks() -> Any:
        yield b'{"display_name": "'
        for _ in range(40):
            yield b"x" * 32 * 1024
        yield b'"}'

    response = owner.post("members", content=chunks(), headers=JSON)

    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_problem(response, 413, "payload-too-large")


def test_a_streamed_body_is_not_read_further_than_the_limit(app: FastAPI) -> None:
    """Without Content-Length the app stops reading once the body passed 1 MiB."""
    reads = 0
    sent: list[Message] = []

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"x" * 64 * 1024, "more_body": True}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/workspaces/anything/members",
        "raw_path": b"/api/v1/workspaces/anything/members",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
        "client": ("203.0.113.1", 1234),
        "server": ("testserver", 80),
    }

    run_alone(app(scope, receive, send))

    assert sent[0]["status"] == 413
    assert reads == MiB // (64 * 1024) + 1


def datapoints(count: int) -> list[dict[str, Any]]:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    return [
        {
            "metric": "content_views",
            "value": i + 0.5,
            "observed_at": (start + timedelta(minutes=i)).isoformat(),
            "channel": "bilibili",
        }
        for i in range(count)
    ]


def test_a_bulk_of_ten_thousand_datapoints_of_three_mib_is_accepted(owner: Caller) -> None:
    body = json.dumps({"items": datapoints(10_000)}, indent=2).encode()
    body += b" " * max(0, 3 * MiB - len(body))  # JSON allows trailing whitespace
    assert len(body) >= 3 * MiB

    response = owner.post("datapoints", content=body, headers=JSON)

    assert response.status_code == 201, response.text[:500]
    assert response.json()["created"] == 10_000


def test_only_bulk_ingest_may_send_more_than_one_mib(owner: Caller) -> None:
    padded = b'{"items": []}' + b" " * (MiB + 1)

    assert_problem(owner.post("members", content=padded, headers=JSON), 413, "payload-too-large")
    past_the_limit = owner.post("datapoints", content=padded, headers=JSON)
    assert past_the_limit.status_code == 422  # read and validated: a batch needs an item
    too_big = owner.post("datapoints", content=b" " * (16 * MiB + 1), headers=JSON)
    assert assert_problem(too_big, 413, "payload-too-large")["max_bytes"] == 16 * MiB


# --- Shape and encoding ----------------------------------------------------------------------


def test_deeply_nested_json_is_a_400_problem_never_a_recursion_error(owner: Caller) -> None:
    def member_with_skills(depth: int) -> bytes:
        return b'{"display_name": "x", "skills": ' + nested(depth).encode() + b"}"

    for depth in (33, 1_000, 200_000):
        response = owner.post("members", content=member_with_skills(depth), headers=JSON)
        problem = assert_problem(response, 400, "json-too-deep")
        assert problem["max_depth"] == 32
    # 32 levels in all (the object and 31 arrays) pass the guard; the schema refuses them
    assert owner.post("members", content=member_with_skills(31), headers=JSON).status_code == 422


def test_brackets_inside_strings_are_not_nesting(owner: Caller) -> None:
    name = "[{" * 40 + '\\"' + "]}" * 10

    response = owner.post(
        "members", content=b'{"display_name": "' + name.encode() + b'"}', headers=JSON
    )

    assert response.status_code == 201, response.text
    assert response.json()["display_name"] == name.replace('\\"', '"')


def depth_of(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((depth_of(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(item) for item in value.values()), default=0)
    return 0


def test_nesting_is_measured_exactly() -> None:
    value: Any = "leaf ] } [ {"
    for step in range(1, 41):
        value = [value, {'k\\"[': value if step % 3 else "x"}] if step % 2 else {"a": value}
        depth = depth_of(value)
        assert nesting_exceeds(json.dumps(value).encode(), 32) == (depth > 32), depth
    assert depth_of(value) > 32


def test_a_body_that_is_not_json_is_415(owner: Caller) -> None:
    body = json.dumps({"display_name": "Ann"})

    for content_type in ("text/plain", "application/xml", "application/x-www-form-urlencoded"):
        response = owner.post("members", content=body, headers={"Content-Type": content_type})
        problem = assert_problem(response, 415, "unsupported-media-type")
        assert problem["media_type"] == "application/json"
    missing = owner.post("members", content=body.encode())
    assert_problem(missing, 415, "unsupported-media-type")
    with_charset = {"Content-Type": "application/json; charset=utf-8"}
    assert owner.post("members", content=body, headers=with_charset).status_code == 201


def test_json_sent_to_the_sign_in_form_is_415(client: TestClient) -> None:
    response = client.post("/api/v1/auth/token", json={"username": "a@b.c", "password": "x"})

    problem = assert_problem(response, 415, "unsupported-media-type")
    assert problem["media_type"] == "application/x-www-form-urlencoded"


def test_text_that_is_not_utf8_is_400(owner: Caller, client: TestClient) -> None:
    latin1 = '{"display_name": "Jos\xe9"}'.encode("latin-1")

    assert_problem(owner.post("members", content=latin1, headers=JSON), 400, "invalid-encoding")
    form = client.post(
        "/api/v1/auth/token",
        content=b"username=jos%E9%40example.com&password=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_problem(form, 400, "invalid-encoding")


def test_nul_characters_are_400_wherever_they_are(owner: Caller, client: TestClient) -> None:
    assert_problem(owner.get("members", params={"q": "a\x00b"}), 400, "invalid-characters")
    assert_problem(owner.get("/api/v1/workspaces/a%00b/members"), 400, "invalid-characters")
    assert_problem(
        owner.post("members", json={"display_name": "a\x00b"}), 400, "invalid-characters"
    )
    form = client.post("/api/v1/auth/token", data={"username": "a\x00@b.c", "password": "x"})
    assert_problem(form, 400, "invalid-characters")
    # an escaped backslash before "u0000" is text, not a NUL
    text = owner.post("members", content=b'{"display_name": "a\\\\u0000b"}', headers=JSON)
    assert text.status_code == 201, text.text
    assert text.json()["display_name"] == "a\\u0000b"


def test_unpaired_surrogates_are_refused_as_input(owner: Caller) -> None:
    response = owner.post("members", content=b'{"display_name": "a\\ud800b"}', headers=JSON)

    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"] == PROBLEM


def test_huge_limits_and_malformed_cursors_are_clear_problems(owner: Caller) -> None:
    assert_problem(owner.get("members", params={"limit": 10**30}), 422, "validation-error")
    assert_problem(owner.get("members", params={"cursor": "not a cursor"}), 400, "invalid-cursor")


# --- Hostile text is data ------------------------------------------------------------------


def text_fields(spec: dict[str, Any], schema: dict[str, Any], payloads: Any) -> dict[str, Any]:
    """A body that puts hostile text in every free-text field of `schema` (recursively)."""
    components = spec["components"]["schemas"]
    body: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        value = hostile_value(components, prop, payloads)
        if value is not None:
            body[name] = value
    return body


def hostile_value(components: dict[str, Any], prop: dict[str, Any], payloads: Any) -> Any:
    if "$ref" in prop:
        target = components[prop["$ref"].rsplit("/", 1)[-1]]
        if target.get("type") != "object":
            return None
        body = {
            name: hostile_value(components, sub, payloads)
            for name, sub in target.get("properties", {}).items()
        }
        body = {k: v for k, v in body.items() if v is not None}
        return body if set(target.get("required", [])) <= set(body) else None
    options = prop.get("anyOf", [prop])
    for option in options:
        if option.get("type") == "string" and not ({"format", "pattern", "enum"} & set(option)):
            return next(payloads)[: option.get("maxLength", 10_000)]
        if option.get("type") == "array":
            item = hostile_value(components, option["items"], payloads)
            if item is not None:
                return [item, hostile_value(components, option["items"], payloads)]
    return None


def leaves(value: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in leaves(item, (*path, key)).items()}
    if isinstance(value, list):
        return {k: v for i, item in enumerate(value) for k, v in leaves(item, (*path, i)).items()}
    return {path: value}


def value_at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


@pytest.mark.parametrize(
    ("resource", "schema", "extra"),
    [
        ("members", "MemberCreate", {}),
        ("campaigns", "CampaignCreate", {}),
        ("roles", "RoleCreate", {"key": "hostile_role"}),
    ],
)
def test_hostile_text_is_stored_verbatim_in_every_text_field(
    app: FastAPI, owner: Caller, resource: str, schema: str, extra: dict[str, Any]
) -> None:
    spec = app.openapi()
    payloads = itertools.cycle(HOSTILE)
    body = {**text_fields(spec, spec["components"]["schemas"][schema], payloads), **extra}
    texts = {path: v for path, v in leaves(body).items() if isinstance(v, str)}
    assert len(texts) >= 2, texts  # the generator found the free-text fields

    response = owner.post(resource, json=body)

    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/json"
    fetched = owner.get(f"{resource}/{response.json()['id']}")
    assert fetched.status_code == 200
    for path, text in texts.items():
        if path[0] == "scopes":  # a list of objects of their own: matched by name below
            continue
        assert value_at(fetched.json(), path) == text, path
    stored = {v for v in leaves(fetched.json()).values() if isinstance(v, str)}
    assert set(texts.values()) <= stored


def test_hostile_text_survives_an_update_and_a_search(owner: Caller) -> None:
    member = created(owner.post("members", json={"display_name": unique("Plain")}))
    path = f"members/{member['id']}"
    etag = owner.get(path).headers["ETag"]

    updated = owner.patch(
        path, json={"display_name": HOSTILE[0], "title": HOSTILE[1]}, headers={"If-Match": etag}
    )

    assert updated.status_code == 200, updated.text
    assert (updated.json()["display_name"], updated.json()["title"]) == HOSTILE[:2]
    for text in HOSTILE:
        found = owner.get("members", params={"q": text})
        assert found.status_code == 200, (text, found.text)
    hits = owner.get("members", params={"q": "DROP TABLE"}).json()["items"]
    assert [m["id"] for m in hits] == [member["id"]]


def test_hostile_sign_in_names_are_just_wrong_credentials(client: TestClient, session: Any) -> None:
    make_user(session)
    session.commit()

    for text in ("' OR '1'='1", "admin'--", '" OR ""="', "<script>@x.y"):
        response = client.post("/api/v1/auth/token", data={"username": text, "password": text})
        assert response.status_code == 401, response.text


# --- The spec tells clients about it -----------------------------------------------------------


def test_the_spec_documents_every_refusal(app: FastAPI) -> None:
    spec = app.openapi()
    operations = {
        op["operationId"]: op
        for item in spec["paths"].values()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }

    for operation_id, op in operations.items():
        responses = op["responses"]
        if "requestBody" in op:
            assert {"400", "413", "415"} <= set(responses), operation_id
        if any(p["in"] in ("path", "query") for p in op.get("parameters", [])):
            assert "400" in responses, operation_id
    for operation_id in ("auth_token", "auth_accept_invite", "users_update_me"):
        assert "429" in operations[operation_id]["responses"], operation_id
