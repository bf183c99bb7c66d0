"""The pages' way to the API in one process (app/web/transport.py): the app's own answer,
with nothing else done per call."""

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

import httpx
from starlette.types import Message, Receive, Scope, Send

from app.web.client import in_process_transport
from tests.event_loop import run_alone


async def echo(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers with what it was asked: method, path, query, a header and the body."""
    request: Message = await receive()
    headers = dict(scope["headers"])
    await send(
        {
            "type": "http.response.start",
            "status": 201,
            "headers": [
                (
                    b"x-seen",
                    b"%s %s?%s"
                    % (scope["method"].encode(), scope["path"].encode(), scope["query_string"]),
                ),
                (b"x-lang", headers[b"accept-language"]),
            ],
        }
    )
    await send({"type": "http.response.body", "body": request["body"], "more_body": True})
    await send({"type": "http.response.body", "body": b"!"})


async def broken(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("a bug behind the API")


def call(app: object, method: str = "POST", **kwargs: object) -> httpx.Response:
    async def run() -> httpx.Response:
        transport = in_process_transport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as api:
            return await api.request(method, "/api/v1/x", **kwargs)  # type: ignore[arg-type]  # kwargs are httpx's

    return run_alone(run())


class _Imports(importlib.abc.MetaPathFinder):
    """Every module an import looks for that is not imported yet."""

    def __init__(self) -> None:
        self.sought: list[str] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        self.sought.append(fullname)
        return None


def test_the_app_gets_the_request_and_the_page_gets_its_whole_answer() -> None:
    answer = call(echo, params={"q": "chen"}, content=b"body", headers={"Accept-Language": "zh-CN"})

    assert answer.status_code == 201
    assert answer.headers["x-seen"] == "POST /api/v1/x?q=chen"
    assert answer.headers["x-lang"] == "zh-CN"
    assert answer.content == b"body!"


def test_a_failing_app_is_a_500_answer_not_an_exception_in_the_page() -> None:
    assert call(broken, "GET").status_code == 500


def test_a_call_looks_for_no_module() -> None:
    """httpx's ASGITransport imports `sniffio` on every request: not installed here, so each
    API call of a page searched the whole module path for it."""
    call(echo)  # anything a first call imports
    imports = _Imports()
    sys.meta_path.insert(0, imports)
    try:
        call(echo)
    finally:
        sys.meta_path.remove(imports)

    assert imports.sought == []
