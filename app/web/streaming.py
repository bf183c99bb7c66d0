"""An in-process httpx transport that streams: the answer's body arrives as the app sends it.

`app.web.transport.InProcessTransport` waits for the whole body, which never comes for an
event stream.
This one runs the app in a task and hands httpx the status and headers as soon as they
are sent, then the body chunk by chunk; closing the response tells the app the client
has gone (`http.disconnect`), so the stream's subscription is released.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
from starlette.types import ASGIApp, Message

from app.web.transport import asgi_scope, request_body

_END = b""


class _Body(httpx.AsyncByteStream):
    def __init__(
        self, chunks: "asyncio.Queue[bytes | None]", task: asyncio.Task[None], gone: asyncio.Event
    ) -> None:
        self._chunks = chunks
        self._task = task
        self._gone = gone

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            chunk = await self._chunks.get()
            if chunk is None:
                return
            yield chunk

    async def aclose(self) -> None:
        self._gone.set()
        if not self._task.done():
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout=5)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task


@dataclass
class _Head:
    """The answer's status and headers, once the app has started it."""

    status: int = 500
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)


class StreamingASGITransport(httpx.AsyncBaseTransport):
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        scope = asgi_scope(request)
        chunks: asyncio.Queue[bytes | None] = asyncio.Queue()
        started = asyncio.Event()
        gone = asyncio.Event()
        head = _Head()
        receive = request_body(await request.aread(), until=gone)

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                head.status = message["status"]
                head.headers = message.get("headers", [])
                started.set()
            elif message["type"] == "http.response.body":
                chunk = message.get("body", _END)
                if chunk:
                    chunks.put_nowait(chunk)
                if not message.get("more_body", False):
                    chunks.put_nowait(None)

        async def run() -> None:
            try:
                await self.app(scope, receive, send)
            finally:
                started.set()
                chunks.put_nowait(None)

        task = asyncio.get_running_loop().create_task(run())
        await started.wait()
        return httpx.Response(head.status, headers=head.headers, stream=_Body(chunks, task, gone))
