"""The API in this process: httpx transports that call the app itself (no network).

httpx's own `ASGITransport` asks on every request whether trio is running, through an
import of `sniffio`; where that is not installed (here) the failed import searches the whole
module path each time, on every API call of every page. These call the ASGI app directly.
"""

import asyncio
import contextlib

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope


def asgi_scope(request: httpx.Request) -> Scope:
    """The ASGI scope of an API request made in process (the client is this process)."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": request.method,
        "headers": [(k.lower(), v) for k, v in request.headers.raw],
        "scheme": request.url.scheme,
        "path": request.url.path,
        "raw_path": request.url.raw_path.split(b"?")[0],
        "query_string": request.url.query,
        "server": (request.url.host, request.url.port or 80),
        "client": ("127.0.0.1", 0),
        "root_path": "",
    }


def request_body(body: bytes, *, until: asyncio.Event) -> Receive:
    """The app's `receive`: the whole request body at once, then the client's going away
    once `until` is set (the answer is complete, or the reader has closed it)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await until.wait()
        return {"type": "http.disconnect"}

    return receive


class InProcessTransport(httpx.AsyncBaseTransport):
    """The whole answer of the app to one request. An exception the app raises becomes a
    500 (the app's own error handling has already logged it), as a server would answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        parts: list[bytes] = []
        answered = asyncio.Event()
        receive = request_body(await request.aread(), until=answered)

        async def send(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = message.get("headers", [])
            elif message["type"] == "http.response.body":
                if (chunk := message.get("body", b"")) and request.method != "HEAD":
                    parts.append(chunk)
                if not message.get("more_body", False):
                    answered.set()

        # A failing app has answered 500 through its own error handling (and logged it).
        with contextlib.suppress(Exception):
            await self.app(asgi_scope(request), receive, send)
        answered.set()
        return httpx.Response(status, headers=headers, content=b"".join(parts))
