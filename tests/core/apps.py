"""A tiny app answering like the real one (problem handlers), for testing field types."""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.core.problems import install_problem_handlers


def echo_client(model: type[BaseModel]) -> TestClient:
    """`POST /echo` validates a body against `model` and answers it back as JSON."""
    app = FastAPI()
    install_problem_handlers(app)

    # `model` is a value, which mypy does not take as an annotation; FastAPI reads it at run time
    @app.post("/echo")
    def echo(body: model) -> dict[str, Any]:  # type: ignore[valid-type]
        return body.model_dump(mode="json")  # type: ignore[no-any-return,attr-defined]

    return TestClient(app)


def field_errors(response: Any) -> list[tuple[list[Any], str, str]]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return [(e["loc"], e["type"], e["msg"]) for e in response.json()["errors"]]
