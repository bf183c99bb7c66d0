"""The spec is clean enough for a generated client to read like a hand-written SDK."""

import re
from typing import Any

import pytest
from fastapi import FastAPI

METHODS = ("get", "post", "put", "patch", "delete")
# Objects without a version (nothing to compare an ETag with): withdrawing is idempotent.
# Writes without If-Match: a withdrawn invite, measurements corrected or removed, a meeting's
# agenda items and outcomes (edited live by the note taker: last write wins), and one's own
# notification preferences (merged per kind).
UNVERSIONED = {
    "invites_revoke",
    "datapoints_delete",
    "datapoints_update",
    "agenda_items_update",
    "agenda_items_delete",
    "meeting_outcomes_update",
    "meeting_outcomes_delete",
    "notifications_preferences_update",
    # money13: a document version never changes (a new upload is a new version).
    "contracts_documents_delete",
    "licence_grants_documents_delete",
    "funding_documents_delete",
}


@pytest.fixture(scope="module")
def spec(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def test_operation_ids_are_unique_snake_case_resource_action(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(spec)]

    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)+", operation_id), operation_id


def test_crud_resources_have_the_five_operations(spec: dict[str, Any]) -> None:
    ids = {op["operationId"] for _, _, op in operations(spec)}

    for resource in ("members", "skills", "roles", "campaigns", "assignments", "metrics", "scopes"):
        for action in ("list", "create", "get", "update", "delete"):
            assert f"{resource}_{action}" in ids


def test_every_operation_has_one_tag_and_a_summary(spec: dict[str, Any]) -> None:
    declared = {tag["name"] for tag in spec["tags"]}
    for path, method, op in operations(spec):
        assert len(op.get("tags", [])) == 1, (method, path)
        assert op["tags"][0] in declared, (method, path)
        assert op.get("summary"), (method, path)


def test_json_request_bodies_have_examples(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for path, method, op in operations(spec):
        content = op.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            continue
        ref = content["application/json"]["schema"]["$ref"].split("/")[-1]
        assert schemas[ref].get("examples"), (method, path, ref)


def test_error_responses_are_documented_as_problems(spec: dict[str, Any]) -> None:
    for path, method, op in operations(spec):
        responses = op["responses"]
        assert "422" in responses, (method, path)
        if op.get("security"):
            assert "401" in responses, (method, path)
        if "{workspace}" in path:
            assert "404" in responses, (method, path)
        if op.get("security") and method != "get":
            assert "403" in responses, (method, path)
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                assert list(response["content"]) == ["application/problem+json"], (
                    method,
                    path,
                    status,
                )


def test_writes_document_their_preconditions_and_idempotency(spec: dict[str, Any]) -> None:
    for path, method, op in operations(spec):
        names = {p["name"] for p in op.get("parameters", [])}
        versioned = op["operationId"] not in UNVERSIONED
        if method in ("patch", "delete") and "{workspace}" in path and versioned:
            assert "if-match" in names, (method, path)
            assert "412" in op["responses"], (method, path)
        if method == "post" and op.get("security"):
            assert "Idempotency-Key" in names, (method, path)


def test_page_size_is_bounded_in_the_spec(spec: dict[str, Any]) -> None:
    for path, method, op in operations(spec):
        for parameter in op.get("parameters", []):
            if parameter["name"] == "limit":
                assert parameter["schema"]["maximum"] == 200, (method, path)


def test_no_framework_default_error_schemas_leak(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]

    assert "HTTPValidationError" not in schemas
    assert "Problem" in schemas
    assert not [name for name in schemas if name.startswith("Body_") or "__" in name]
