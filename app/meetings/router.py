import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.meetings import agenda, outcomes, reads, service, subjects
from app.meetings.schemas import (
    AgendaItemCreate,
    AgendaItemRead,
    AgendaItemUpdate,
    DecisionPage,
    MeetingCreate,
    MeetingPage,
    MeetingRead,
    MeetingUpdate,
    OutcomeCreate,
    OutcomeRead,
    OutcomeUpdate,
)
from app.models.meeting import MeetingState
from app.workspaces.dependencies import WorkspaceDep

subjects.register()

router = APIRouter(
    prefix="/workspaces/{workspace}", tags=["meetings"], route_class=TransactionalRoute
)
MEETING = "/meetings/{meeting_id}"


@router.get("/meetings", summary="Meetings in time order", responses=problem_responses(404))
def meetings_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID | None = None,
    state: MeetingState | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> MeetingPage:
    items, next_cursor = reads.list_meetings(
        session, ctx=ctx, campaign_id=campaign_id, state=state, limit=limit, cursor=cursor
    )
    return MeetingPage(items=items, next_cursor=next_cursor)


@router.post(
    "/meetings",
    status_code=status.HTTP_201_CREATED,
    summary="Plan a meeting, or a recurring series (RRULE)",
    responses=problem_responses(404),
)
def meetings_create(
    session: SessionDep, ctx: WorkspaceDep, meeting_in: MeetingCreate, response: Response
) -> MeetingRead:
    meeting, version = service.create(session, ctx=ctx, meeting_in=meeting_in)
    set_etag(response, version)
    return meeting


@router.get(
    MEETING,
    summary="A meeting with its attendees, agenda and outcomes",
    responses=problem_responses(404),
)
def meetings_get(
    session: SessionDep, ctx: WorkspaceDep, meeting_id: uuid.UUID, response: Response
) -> MeetingRead:
    meeting, version = service.read(session, ctx=ctx, meeting_id=meeting_id)
    set_etag(response, version)
    return meeting


@router.patch(
    MEETING,
    summary="Change a meeting, take notes, start or close it",
    responses=problem_responses(404, 409),
)
def meetings_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    meeting_id: uuid.UUID,
    meeting_in: MeetingUpdate,
    if_match: IfMatch,
    response: Response,
) -> MeetingRead:
    meeting, version = service.update(
        session, ctx=ctx, meeting_id=meeting_id, meeting_in=meeting_in, if_match=if_match
    )
    set_etag(response, version)
    return meeting


@router.delete(
    MEETING,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a meeting with its agenda and outcomes",
    responses=problem_responses(404),
)
def meetings_delete(
    session: SessionDep, ctx: WorkspaceDep, meeting_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, meeting_id=meeting_id, if_match=if_match)


def _agenda_item(meeting: MeetingRead, item_id: uuid.UUID) -> AgendaItemRead:
    return next(item for item in meeting.agenda if item.id == item_id)


def _outcome(meeting: MeetingRead, outcome_id: uuid.UUID) -> OutcomeRead:
    return next(outcome for outcome in meeting.outcomes if outcome.id == outcome_id)


@router.post(
    f"{MEETING}/agenda-items",
    status_code=status.HTTP_201_CREATED,
    summary="Add an agenda item (at a position, or last)",
    responses=problem_responses(404),
)
def agenda_items_create(
    session: SessionDep,
    ctx: WorkspaceDep,
    meeting_id: uuid.UUID,
    item_in: AgendaItemCreate,
    response: Response,
) -> AgendaItemRead:
    item = agenda.create(session, ctx=ctx, meeting_id=meeting_id, item_in=item_in)
    set_etag(response, item.version)
    return _agenda_item(service.read(session, ctx=ctx, meeting_id=meeting_id)[0], item.id)


@router.patch(
    f"{MEETING}/agenda-items/{{item_id}}",
    summary="Change an agenda item, write its minutes, or move it",
    responses=problem_responses(404, 412),
)
def agenda_items_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    item_in: AgendaItemUpdate,
    if_match: IfMatch,
    response: Response,
) -> AgendaItemRead:
    item = agenda.update(
        session, ctx=ctx, meeting_id=meeting_id, item_id=item_id, item_in=item_in, if_match=if_match
    )
    set_etag(response, item.version)
    return _agenda_item(service.read(session, ctx=ctx, meeting_id=meeting_id)[0], item.id)


@router.delete(
    f"{MEETING}/agenda-items/{{item_id}}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an agenda item",
    responses=problem_responses(404, 412),
)
def agenda_items_delete(
    session: SessionDep,
    ctx: WorkspaceDep,
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    if_match: IfMatch,
) -> None:
    agenda.delete(session, ctx=ctx, meeting_id=meeting_id, item_id=item_id, if_match=if_match)


@router.post(
    f"{MEETING}/outcomes",
    status_code=status.HTTP_201_CREATED,
    summary="Record an outcome: information, a decision, or an action (becomes a task)",
    responses=problem_responses(404),
)
def meeting_outcomes_create(
    session: SessionDep,
    ctx: WorkspaceDep,
    meeting_id: uuid.UUID,
    outcome_in: OutcomeCreate,
    response: Response,
) -> OutcomeRead:
    outcome = outcomes.create(session, ctx=ctx, meeting_id=meeting_id, outcome_in=outcome_in)
    set_etag(response, outcome.version)
    return _outcome(service.read(session, ctx=ctx, meeting_id=meeting_id)[0], outcome.id)


@router.patch(
    f"{MEETING}/outcomes/{{outcome_id}}",
    summary="Change an outcome's text, or mark an action done",
    responses=problem_responses(404, 409, 412),
)
def meeting_outcomes_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    meeting_id: uuid.UUID,
    outcome_id: uuid.UUID,
    outcome_in: OutcomeUpdate,
    if_match: IfMatch,
    response: Response,
) -> OutcomeRead:
    outcome = outcomes.update(
        session,
        ctx=ctx,
        meeting_id=meeting_id,
        outcome_id=outcome_id,
        outcome_in=outcome_in,
        if_match=if_match,
    )
    set_etag(response, outcome.version)
    return _outcome(service.read(session, ctx=ctx, meeting_id=meeting_id)[0], outcome.id)


@router.delete(
    f"{MEETING}/outcomes/{{outcome_id}}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an outcome",
    responses=problem_responses(404, 412),
)
def meeting_outcomes_delete(
    session: SessionDep,
    ctx: WorkspaceDep,
    meeting_id: uuid.UUID,
    outcome_id: uuid.UUID,
    if_match: IfMatch,
) -> None:
    outcomes.delete(
        session, ctx=ctx, meeting_id=meeting_id, outcome_id=outcome_id, if_match=if_match
    )


@router.get(
    "/decisions",
    summary="The decision log: meetings' decisions, newest first, searchable",
    responses=problem_responses(404),
)
def decisions_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Words in the decision.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DecisionPage:
    items, next_cursor = reads.decisions(
        session, ctx=ctx, campaign_id=campaign_id, q=q, limit=limit, cursor=cursor
    )
    return DecisionPage(items=items, next_cursor=next_cursor)
