"""Fuzzing the whole API with schemathesis, in-process, as the owner of a seeded workspace.

Every operation of the spec gets schemathesis' phases (the spec's examples, its coverage
of boundaries and invalid values, then Hypothesis fuzzing, positive and negative), and
each response must pass: no server error, a documented status code, a documented content
type, and a body that matches the documented schema.

Each operation gets a fresh world (`tests/security/world.py`) in the test's rolled-back
transaction; each example runs in a savepoint that is rolled back, so examples do not see
each other (a fuzzed `DELETE` of the workspace does not end the run). The workspace in
the path is always the world's; other ids in the path, the query or the body are, for
about half of the examples, swapped for the world's real objects so the fuzzer gets past
"not found" into the rules behind it.

`make fuzz` runs it longer (`TROUPE_FUZZ_EXAMPLES`, random seeds).
"""

import os
import uuid
import zlib
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from app.main import create_app
from tests.security.world import World, build_world

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase

pytestmark = pytest.mark.fuzz

APP = create_app()
# Event streams never end; tests/concurrency/test_live_events.py tests them on their own.
STREAMS = ["events_stream"]
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP).exclude(operation_id=STREAMS)
EXAMPLES = int(os.environ.get("TROUPE_FUZZ_EXAMPLES", "12"))
DERANDOMIZE = os.environ.get("TROUPE_FUZZ_RANDOM", "") == ""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Metric keys that exist in every seeded workspace, for `ratio_of` and datapoints.
SEEDED_METRICS = ("content_views", "content_likes")
# Examples sent per operation and answers per status, summed up at the end of the run.
EXAMPLES_RUN: Counter[str] = Counter()
STATUSES: Counter[int] = Counter()


@pytest.fixture
def world(client: TestClient, session: Session, session_factory: sessionmaker[Session]) -> World:
    APP.state.session_factory = session_factory
    return build_world(client, session)


def _coin(value: object) -> bool:
    """A stable coin flip from a generated value, so runs are reproducible."""
    return zlib.crc32(repr(value).encode()) % 2 == 0


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def real_ids(world: World) -> dict[str, str]:
    values = world.path_values()
    return {
        **values,
        "lead_member_id": world.member["id"],
        "required_role_ids": world.role["id"],
    }


def adopt_real_values(container: Any, ids: dict[str, str], metric_key: str) -> Any:
    """Swap about half of the generated ids (and metric keys) for the world's real ones."""
    if isinstance(container, list):
        return [adopt_real_values(item, ids, metric_key) for item in container]
    if not isinstance(container, dict):
        return container
    adopted = {}
    for key, value in container.items():
        if key in ids and _is_uuid(value) and _coin(value):
            value = ids[key]
        elif key in ids and isinstance(value, list):
            value = [ids[key] if _is_uuid(v) and _coin(v) else v for v in value]
        elif key == "metric" and isinstance(value, str) and _coin(value):
            value = metric_key
        elif key in {"numerator", "denominator"} and isinstance(value, str) and _coin(value):
            value = SEEDED_METRICS[key == "denominator"]
        else:
            value = adopt_real_values(value, ids, metric_key)
        adopted[key] = value
    return adopted


@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_the_spec_and_never_fails(
    case: "OpenApiCase", world: World, connection: Connection
) -> None:
    ids = real_ids(world)
    if "workspace" in case.path_parameters:
        case.path_parameters["workspace"] = world.slug
    for name, value in list(case.path_parameters.items()):
        if name in ids and _is_uuid(value) and _coin(value):
            case.path_parameters[name] = ids[name]
    if case.query:
        case.query = adopt_real_values(dict(case.query), ids, world.metric["key"])
    if isinstance(case.body, dict | list):
        case.body = adopt_real_values(case.body, ids, world.metric["key"])
    if case.headers and "if-match" in case.headers and _coin(case.headers["if-match"]):
        del case.headers["if-match"]  # a random ETag is a 412; without one the change goes on

    savepoint = connection.begin_nested()
    try:
        response = case.call_and_validate(headers=world.owner.headers, checks=CHECKS)
    finally:
        savepoint.rollback()
    EXAMPLES_RUN[case.operation.label] += 1
    STATUSES[response.status_code] += 1
