"""The minimal fan-out the live benchmark compares Troupe with: LISTEN/NOTIFY + Starlette.

One psycopg LISTEN connection per process; each notification's payload goes straight to
every client's queue as `data: <payload>`. No auth, no permission filter, no re-read of
the row, no replay: the floor of what PostgreSQL + an ASGI server cost.

    uvicorn bench.live_baseline:create_app --factory   (TROUPE_DATABASE_URL set)
"""

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

CHANNEL = "troupe_activities"


def create_app() -> Starlette:
    url = make_url(os.environ["TROUPE_DATABASE_URL"]).set(drivername="postgresql")
    conninfo = url.render_as_string(hide_password=False)
    clients: set[asyncio.Queue[str]] = set()

    async def listen() -> None:
        async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
            await conn.execute(f"LISTEN {CHANNEL}")
            async for notice in conn.notifies():
                for queue in list(clients):
                    queue.put_nowait(notice.payload)

    async def events(request: Request) -> StreamingResponse:
        queue: asyncio.Queue[str] = asyncio.Queue()
        clients.add(queue)

        async def body() -> AsyncIterator[str]:
            try:
                yield ": connected\n\n"
                while True:
                    payload = await queue.get()
                    yield f"id: {payload}\ndata: {payload}\n\n"
            finally:
                clients.discard(queue)

        return StreamingResponse(body(), media_type="text/event-stream")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.get_running_loop().create_task(listen())
        yield
        task.cancel()

    return Starlette(routes=[Route("/events", events)], lifespan=lifespan)
