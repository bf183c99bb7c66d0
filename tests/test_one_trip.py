"""A sync endpoint and its sync dependencies run in one trip to a worker thread."""

import threading
from typing import Annotated, Any

import anyio.to_thread
import pytest
from fastapi import Depends, FastAPI, Header, Path
from fastapi.testclient import TestClient

from app.core.one_trip import in_one_trip


def who(name: Annotated[str, Path()], x_team: Annotated[str, Header()]) -> dict[str, Any]:
    return {"name": name, "team": x_team, "thread": threading.get_ident()}


Who = Annotated[dict[str, Any], Depends(who)]


def greet(caller: Who, loud: bool = False) -> dict[str, Any]:
    text = f"hello {caller['name']} of {caller['team']}"
    same_thread = caller["thread"] == threading.get_ident()
    return {"text": text.upper() if loud else text, "same_thread": same_thread}


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions sent to worker threads."""
    sent: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counting(func: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(getattr(func, "func", func).__name__)  # run_in_threadpool sends partials
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    return sent


def app_with(endpoint: Any) -> TestClient:
    app = FastAPI()
    app.get("/hello/{name}")(endpoint)
    return TestClient(app)


def test_the_endpoint_and_its_dependency_make_one_trip(trips: list[str]) -> None:
    response = app_with(in_one_trip(greet)).get(
        "/hello/lin", params={"loud": True}, headers={"X-Team": "video"}
    )

    assert response.json() == {"text": "HELLO LIN OF VIDEO", "same_thread": True}
    assert trips == ["run"]


def test_without_it_fastapi_makes_a_trip_for_each(trips: list[str]) -> None:
    app_with(greet).get("/hello/lin", headers={"X-Team": "video"})

    assert len(trips) == 3  # the dependency, the endpoint, the validation of the answer


def test_the_inputs_of_the_dependency_are_the_operations_parameters() -> None:
    client = app_with(in_one_trip(greet))

    operation = client.get("/openapi.json").json()["paths"]["/hello/{name}"]["get"]

    assert [(p["in"], p["name"]) for p in operation["parameters"]] == [
        ("path", "name"),
        ("query", "loud"),
        ("header", "x-team"),
    ]
    assert operation["operationId"].startswith("greet")
    assert client.get("/hello/lin").status_code == 422  # the dependency's header is required


def test_a_sync_dependency_of_a_sync_dependency_is_refused_at_startup() -> None:
    def outer(caller: Who) -> str:
        return str(caller["name"])

    def endpoint(value: Annotated[str, Depends(outer)]) -> str:
        return value

    with pytest.raises(TypeError, match="a sync dependency of a sync dependency"):
        in_one_trip(endpoint)


def test_two_different_inputs_of_one_name_are_refused_at_startup() -> None:
    def endpoint(caller: Who, name: int) -> str:
        return str(name)

    with pytest.raises(TypeError, match="two different inputs named 'name'"):
        in_one_trip(endpoint)
