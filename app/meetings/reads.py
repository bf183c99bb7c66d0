"""Read meetings, their agenda and outcomes, and the decision log: Core selects of the
reply's columns (names by join), one statement per embedded list."""

import uuid
from typing import Any, cast

from sqlalchemy import Select, Table, select
from sqlalchemy.orm import Session, aliased

from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.richtext import render
from app.meetings.schemas import (
    AgendaItemRead,
    AttendeeRead,
    DecisionRead,
    MeetingRead,
    MeetingSummary,
    OutcomeRead,
)
from app.models import AgendaItem, Meeting, MeetingAttendee, MeetingOutcome, Member
from app.models.meeting import MeetingState, OutcomeKind

_MEETINGS = cast(Table, Meeting.__table__)
_ATTENDEES = cast(Table, MeetingAttendee.__table__)
_AGENDA = cast(Table, AgendaItem.__table__)
_OUTCOMES = cast(Table, MeetingOutcome.__table__)
_MEMBERS = cast(Table, Member.__table__)
_LIKE_ESCAPES = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})

TRANSITIONS: dict[MeetingState, tuple[MeetingState, ...]] = {
    MeetingState.planned: (MeetingState.in_progress, MeetingState.closed),
    MeetingState.in_progress: (MeetingState.closed,),
    MeetingState.closed: (),
}
_SUMMARY_COLUMNS = (
    "id",
    "title",
    "campaign_id",
    "facilitator_member_id",
    "note_taker_member_id",
    "starts_at",
    "duration_minutes",
    "rrule",
    "series_id",
    "state",
    "created_at",
    "updated_at",
)
_SUMMARY = select(*(_MEETINGS.c[name] for name in _SUMMARY_COLUMNS))
_ONE = select(*(_MEETINGS.c[name] for name in (*_SUMMARY_COLUMNS, "notes", "version")))
_OWNERS = aliased(_MEMBERS, name="owners")
_OUTCOME_COLUMNS: Select[Any] = select(
    *(
        _OUTCOMES.c[name]
        for name in (
            "id",
            "meeting_id",
            "agenda_item_id",
            "campaign_id",
            "kind",
            "text",
            "owner_member_id",
            "due_on",
            "done_at",
            "task_id",
            "carried_from_id",
            "created_at",
        )
    ),
    _OWNERS.c.display_name.label("owner_name"),
)


def list_meetings(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    state: MeetingState | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[MeetingSummary], str | None]:
    c = _MEETINGS.c
    stmt = _SUMMARY.where(c.workspace_id == ctx.workspace_id)
    if campaign_id is not None:
        stmt = stmt.where(c.campaign_id == campaign_id)
    if state is not None:
        stmt = stmt.where(c.state == state)
    rows, next_cursor = paginate(
        session, stmt, order_by=(c.starts_at, c.id), limit=limit, cursor=cursor
    )
    return [MeetingSummary.model_validate(row._asdict()) for row in rows], next_cursor


def one(
    session: Session, *, ctx: WorkspaceContext, meeting_id: uuid.UUID
) -> tuple[MeetingRead, int] | None:
    c = _MEETINGS.c
    row = session.execute(
        _ONE.where(c.id == meeting_id, c.workspace_id == ctx.workspace_id)
    ).first()
    if row is None:
        return None
    attendees = session.execute(
        select(_ATTENDEES.c.member_id, _MEMBERS.c.display_name.label("member_name"))
        .add_columns(_ATTENDEES.c.attendance)
        .join_from(_ATTENDEES, _MEMBERS, _MEMBERS.c.id == _ATTENDEES.c.member_id)
        .where(_ATTENDEES.c.meeting_id == meeting_id)
        .order_by(_MEMBERS.c.display_name, _ATTENDEES.c.member_id)
    )
    agenda = session.execute(
        select(
            *(
                _AGENDA.c[name]
                for name in (
                    "id",
                    "meeting_id",
                    "position",
                    "title",
                    "presenter_member_id",
                    "duration_minutes",
                    "minutes",
                    "linked_subject_type",
                    "linked_subject_id",
                )
            )
        )
        .where(_AGENDA.c.meeting_id == meeting_id)
        .order_by(_AGENDA.c.position, _AGENDA.c.id)
    )
    outcomes = session.execute(
        _OUTCOME_COLUMNS.select_from(
            _OUTCOMES.outerjoin(_OWNERS, _OWNERS.c.id == _OUTCOMES.c.owner_member_id)
        )
        .where(_OUTCOMES.c.meeting_id == meeting_id)
        .order_by(_OUTCOMES.c.created_at, _OUTCOMES.c.id)
    )
    meeting = MeetingRead.model_validate(
        {
            **row._asdict(),
            "allowed_transitions": TRANSITIONS[row.state],
            "notes_html": render(row.notes),
            "attendees": [AttendeeRead.model_validate(a._asdict()) for a in attendees],
            "agenda": [AgendaItemRead.model_validate(a._asdict()) for a in agenda],
            "outcomes": [OutcomeRead.model_validate(o._asdict()) for o in outcomes],
        }
    )
    return meeting, row.version


def decisions(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DecisionRead], str | None]:
    o = _OUTCOMES.c
    stmt = (
        _OUTCOME_COLUMNS.add_columns(
            _MEETINGS.c.title.label("meeting_title"),
            _MEETINGS.c.starts_at.label("meeting_starts_at"),
        )
        .select_from(
            _OUTCOMES.join(_MEETINGS, _MEETINGS.c.id == o.meeting_id).outerjoin(
                _OWNERS, _OWNERS.c.id == o.owner_member_id
            )
        )
        .where(o.workspace_id == ctx.workspace_id, o.kind == OutcomeKind.decision)
    )
    if campaign_id is not None:
        stmt = stmt.where(o.campaign_id == campaign_id)
    if q:
        pattern = f"%{q.lower().translate(_LIKE_ESCAPES)}%"
        stmt = stmt.where(o.text.ilike(pattern, escape="\\"))
    rows, next_cursor = paginate(
        session, stmt, order_by=(o.created_at, o.id), descending=True, limit=limit, cursor=cursor
    )
    return [DecisionRead.model_validate(row._asdict()) for row in rows], next_cursor
