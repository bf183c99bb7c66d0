"""The OpenAPI document, tidied so generated clients read like a hand-written SDK.

Routers declare the problems specific to an operation (`problem_responses(404, 409)`);
the ones every operation of a kind can return are added here in one place: 401 for
authenticated operations, 403 for writes, 400 for bodies, 412 with `If-Match`, 422 as
problem+json, and the `Idempotency-Key` header on authenticated POSTs.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from app.core import exports
from app.core.problems import PROBLEM_MEDIA_TYPE, Problem

_DESCRIPTIONS = {
    400: "Malformed request (bad JSON or cursor)",
    401: "Missing, invalid or expired token",
    403: "Token scope or access level does not allow this",
    404: "Not found (or not visible to you)",
    409: "Conflicts with the current state",
    410: "No longer available",
    412: "If-Match does not match the current version",
    422: "Invalid input; `errors` names each field",
    429: "Too many attempts; see Retry-After",
}
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "description": _DESCRIPTIONS[status],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_REF}},
        }
        for status in statuses
    }


def operation_id(route: APIRoute) -> str:
    """`members_list`, `campaigns_health`, …: the endpoint function's name."""
    return route.name


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem_schema.pop("$defs", {}))
    components["Problem"] = problem_schema
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for path, path_item in schema.get("paths", {}).items():
        for method, operation in path_item.items():
            _order_path_parameters(path, operation)
            _add_common_problems(method.upper(), operation)
    _document_list_exports(app, schema)
    app.openapi_schema = schema
    return schema


def _order_path_parameters(path: str, operation: dict[str, Any]) -> None:
    """Path parameters first, in the order of the path (generated clients take them
    positionally), then the others as declared: FastAPI lists an endpoint's own
    parameters before its dependencies' (`{workspace}` comes from a dependency)."""
    parameters: list[dict[str, Any]] = operation.get("parameters", [])

    def position(parameter: dict[str, Any]) -> int:
        if parameter.get("in") != "path":
            return len(path)
        return path.find("{" + parameter["name"] + "}")

    parameters.sort(key=position)


def _add_common_problems(method: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    secured = bool(operation.get("security"))
    statuses = {422}
    if secured:
        statuses.add(401)
    if secured and method != "GET":
        statuses.add(403)
    has_body = "requestBody" in operation
    # app.core.middleware refuses NUL characters in any path or query with a 400.
    if has_body or any(p.get("in") in ("path", "query") for p in operation.get("parameters", [])):
        statuses.add(400)
    if any(p.get("name") == "if-match" for p in operation.get("parameters", [])):
        statuses.add(412)
    for status, response in problem_responses(*sorted(statuses)).items():
        responses[str(status)] = response
    if 400 in statuses:
        responses["400"]["description"] = (
            "Malformed request: bad JSON or cursor, text that is not UTF-8, NUL characters, "
            "or JSON nested too deeply"
        )
    if has_body:
        for status, description in (
            (413, "The request body is too large"),
            (415, "The request body is not of the documented media type"),
        ):
            responses[str(status)] = {
                "description": description,
                "content": {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_REF}},
            }
    if method == "POST" and secured:
        operation.setdefault("parameters", []).append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "Retrying with the same key and body replays the first "
                "response instead of acting twice; the same key with another body is 422.",
                "schema": {"type": "string", "maxLength": 255},
            }
        )


def _document_list_exports(app: FastAPI, schema: dict[str, Any]) -> None:
    """Every list GET takes `format` (json, csv, xlsx) and may answer a file
    (app/core/exports.py): one shared enum, and both media types beside the JSON."""
    paths = schema.get("paths", {})
    exportable = [
        route
        for route in app.routes
        if isinstance(route, APIRoute)
        and route.include_in_schema
        and "GET" in (route.methods or ())
        and exports.item_model(route.response_model) is not None
    ]
    if not exportable:
        return
    schema["components"]["schemas"]["ListFormat"] = {
        "type": "string",
        "enum": [f.value for f in exports.ListFormat],
        "title": "ListFormat",
        "description": "`json` (a page), or every item as a file: `csv` (UTF-8 with BOM, "
        "formula-like cells neutralised) or `xlsx`.",
    }
    for route in exportable:
        operation = paths.get(route.path_format, {}).get("get")
        if operation is None:
            continue
        operation.setdefault("parameters", []).append(
            {
                "name": exports.PARAMETER,
                "in": "query",
                "required": False,
                "description": "`csv` or `xlsx`: every matching item (all pages, `limit` and "
                "`cursor` ignored) as a file to download, streamed; default `json`.",
                "schema": {"$ref": "#/components/schemas/ListFormat", "default": "json"},
            }
        )
        for status, answer in problem_responses(400, 422).items():  # a malformed or unknown format
            operation["responses"].setdefault(str(status), answer)
        content = operation["responses"]["200"].setdefault("content", {})
        content["text/csv"] = {"schema": {"type": "string"}}
        content[exports.XLSX_MEDIA_TYPE] = {"schema": {"type": "string", "format": "binary"}}
