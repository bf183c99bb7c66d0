import dataclasses
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime

from app.activity import export, reads
from app.activity.schemas import ActivityFilters, ActivityOrder, ActivityPage, ExportFormat
from app.auth.dependencies import ActorDep
from app.core.clock import ClockDep
from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/activities", tags=["activities"], route_class=TransactionalRoute
)
account_router = APIRouter(
    prefix="/users/me/activities", tags=["users"], route_class=TransactionalRoute
)

VerbFilter = Annotated[
    list[str],
    Query(
        max_length=20,
        description="`assignment.created`; `assignment` (or `assignment.*`) for every "
        "assignment verb; `*.deleted` for every deletion. Repeat for any of several.",
    ),
]


def activity_filters(
    campaign_id: Annotated[uuid.UUID | None, Query(description="Only this campaign's.")] = None,
    member_id: Annotated[
        uuid.UUID | None, Query(description="Done by this member, or concerning them.")
    ] = None,
    verb: VerbFilter = [],  # noqa: B006 (FastAPI copies defaults)
    subject_type: Annotated[
        str | None,
        Query(pattern=r"^[a-z_]{1,32}$", description="`campaign`, `assignment`, `member`, …"),
    ] = None,
    subject_id: Annotated[uuid.UUID | None, Query(description="Only this object's.")] = None,
    since: Annotated[
        AwareDatetime | None, Query(description="At or after this instant (with its offset).")
    ] = None,
    until: Annotated[
        AwareDatetime | None, Query(description="Before this instant (with its offset).")
    ] = None,
) -> ActivityFilters:
    for value in verb:
        if not _sane_verb(value):
            message = N_("A verb is `subject.action`, with `*` as a wildcard.")
            raise InvalidInput(message, errors=[field_error(("query", "verb"), message, "verb")])
    if since is not None and until is not None and until <= since:
        message = N_("until must be after since.")
        raise InvalidInput(message, errors=[field_error(("query", "until"), message, "order")])
    return ActivityFilters(
        campaign_id=campaign_id,
        member_id=member_id,
        verbs=tuple(verb),
        subject_type=subject_type,
        subject_id=subject_id,
        since=since,
        until=until,
    )


def _sane_verb(verb: str) -> bool:
    allowed = set("abcdefghijklmnopqrstuvwxyz_.*")
    return 0 < len(verb) <= 64 and set(verb) <= allowed and verb.count(".") <= 1


FiltersDep = Annotated[ActivityFilters, Depends(activity_filters)]


@router.get(
    "",
    summary="The activity stream: who changed what, when and why (newest first)",
    responses=problem_responses(404),
)
def activities_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    filters: FiltersDep,
    order: Annotated[
        ActivityOrder, Query(description="`newest` first (default) or `oldest` first.")
    ] = ActivityOrder.newest,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ActivityPage:
    items, next_cursor = reads.list_activities(
        session,
        ctx=ctx,
        filters=dataclasses.replace(filters, order=order),
        limit=limit,
        cursor=cursor,
    )
    return ActivityPage(items=items, next_cursor=next_cursor)


@router.get(
    "/export",
    summary="Export the activity stream for an audit (CSV or JSON Lines, streamed)",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "One activity per row (CSV, with a header row) or per line "
            "(JSON Lines), in the order asked (oldest first by default).",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/jsonl": {"schema": {"type": "string"}},
            },
        },
        **problem_responses(404),
    },
)
def activities_export(
    request: Request,
    ctx: WorkspaceDep,
    clock: ClockDep,
    filters: FiltersDep,
    format: Annotated[
        ExportFormat, Query(description="`csv` (UTF-8 with BOM) or `jsonl`.")
    ] = ExportFormat.csv,
    order: Annotated[
        ActivityOrder, Query(description="`oldest` first (default) or `newest` first.")
    ] = ActivityOrder.oldest,
) -> StreamingResponse:
    filters = dataclasses.replace(filters, order=order)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    filename = f"activities-{ctx.slug}-{stamp}.{format.value}"
    return StreamingResponse(
        export.stream(
            request.app.state.session_factory, ctx=ctx, filters=filters, export_format=format
        ),
        media_type=export.MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@account_router.get(
    "",
    summary="Your account's own log: API tokens created and revoked, profile changes, "
    "workspaces you deleted (newest first)",
)
def users_activities(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, cursor: Cursor = None
) -> ActivityPage:
    items, next_cursor = reads.list_own(session, actor=actor, limit=limit, cursor=cursor)
    return ActivityPage(items=items, next_cursor=next_cursor)
