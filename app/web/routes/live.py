"""Pages that update themselves: the API's event stream, relayed as named events.

A page that wants live updates holds `hx-sse:connect="/w/<slug>/live"` (htmx's SSE
extension). Each activity the reader may see arrives as `live-activity` and
`live-<subject type>` (`live-assignment`, `live-campaign`, …); a `resync` as
`live-resync`. Parts of the page re-fetch themselves on those events
(`hx-trigger="live-assignment from:body"`), through the same routes as a reload.
The relay is a client of the API like every page: it reads
`GET /api/v1/workspaces/<slug>/events` with the session's token.
"""

import json
from collections.abc import AsyncIterator

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from app.core.config import Settings
from app.web.client import ApiError, create_http_client
from app.web.context import PageDep
from app.web.streaming import StreamingASGITransport
from app.web.views.workspace import Workspace

router = APIRouter()


def stream_client(request: Request) -> httpx.AsyncClient:
    """The app-wide client for streams (in-process, one that does not buffer)."""
    client: httpx.AsyncClient | None = getattr(request.app.state, "api_stream_http", None)
    if client is None:
        settings: Settings = request.app.state.settings
        if settings.api_url:
            client = create_http_client(base_url=settings.api_url.rstrip("/"), transport=None)
        else:
            client = create_http_client(
                base_url="http://troupe.internal", transport=StreamingASGITransport(request.app)
            )
        client.timeout = httpx.Timeout(30.0, read=None)
        request.app.state.api_stream_http = client
    return client


async def relay(body: AsyncIterator[bytes], *, own_member_id: str = "") -> AsyncIterator[str]:
    """The API's events as the page's named events; heartbeats and retry hints pass.

    The reader's own changes are left out: the page that made one already shows it (a
    re-fetch started by it could land after the reader's next change and undo it on screen).

    When the browser leaves, the API stream is closed at once (not when the generator is
    collected): its subscription, one of the user's five, is released."""
    buffer = ""
    fields: dict[str, str] = {}
    try:
        async for chunk in body:
            buffer += chunk.decode("utf-8", errors="replace").replace("\r\n", "\n")
            while "\n" in buffer:
                line, buffer = buffer.split("\n", 1)
                if line.startswith(":"):
                    yield ":\n\n"
                elif line:
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
                else:
                    for message in _translated(fields, own_member_id):
                        yield message
                    fields = {}
    finally:
        close = getattr(body, "aclose", None)
        if close is not None:
            await close()


def _translated(fields: dict[str, str], own_member_id: str) -> list[str]:
    if "retry" in fields:
        return [f"retry: {int(fields['retry'])}\n\n"]
    if fields.get("event") == "resync":
        return ["event: live-resync\ndata: {}\n\n"]
    if fields.get("event") != "activity":
        return []
    item = json.loads(fields.get("data", "{}"))
    if own_member_id and str(item.get("actor_member_id") or "") == own_member_id:
        return []
    subject = str(item.get("subject_type", ""))
    if not subject.replace("_", "").isalpha():
        return []
    event_id = fields.get("id", "")
    return [
        f"id: {event_id}\nevent: live-activity\ndata: {item.get('verb', '')}\n\n",
        f"event: live-{subject}\ndata: {item.get('subject_id', '')}\n\n",
    ]


@router.get("/w/{slug}/live")
async def live_events(page: PageDep, request: Request, slug: str) -> Response:
    headers = {"Accept": "text/event-stream"}
    if last := request.headers.get("Last-Event-ID"):
        headers["Last-Event-ID"] = last[:64]
    workspaces = [Workspace.model_validate(w) for w in await page.api.all_items("/workspaces")]
    own = next((w.member_id for w in workspaces if w.slug == slug), "")
    api = page.api.using(stream_client(request))
    try:
        body, _ = await api.download(f"/workspaces/{slug}/events", headers=headers)
    except ApiError as refused:
        return Response(status_code=refused.status)
    return StreamingResponse(
        relay(body, own_member_id=own),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
