import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Request
from sse_starlette import EventSourceResponse

from app.auth.dependencies import BearerSecret
from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.core.openapi import problem_responses
from app.core.transaction import TransactionalRoute
from app.live import stream
from app.live.broker import BROKER
from app.live.listener import ensure_listening
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/events", tags=["activities"], route_class=TransactionalRoute
)


@router.get(
    "",
    summary="Live events: the activity stream as it happens (Server-Sent Events)",
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "`activity` events (id = the activity's id, data = the activity "
            "as `activities_list` shows it) for what you may read, and `resync` when you "
            "missed too much (reload). A comment every 15 s keeps the connection open. "
            "Send `Last-Event-ID` to get up to 500 missed events first.",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        **problem_responses(404, 429),
    },
)
async def events_stream(
    request: Request,
    ctx: WorkspaceDep,
    secret: BearerSecret,
    last_event_id: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID",
            max_length=64,
            description="The id of the last event received (a reconnecting client's).",
        ),
    ] = None,
) -> EventSourceResponse:
    after = _event_id(last_event_id)
    listening = ensure_listening(request.app, BROKER)
    subscription = BROKER.subscribe(workspace_id=ctx.workspace_id, user_id=ctx.actor.user_id)
    wanted = stream.StreamRequest(
        session_factory=request.app.state.session_factory,
        ctx=ctx,
        secret=secret,
        last_event_id=after,
        listening=listening,
    )
    return EventSourceResponse(
        stream.events(wanted, broker=BROKER, subscription=subscription),
        ping=request.app.state.settings.live_heartbeat_seconds,
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _event_id(value: str | None) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        message = N_("Last-Event-ID is the id of an event of this stream.")
        raise InvalidInput(
            message, errors=[field_error(("header", "Last-Event-ID"), message, "uuid")]
        ) from None
