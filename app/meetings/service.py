"""Meetings: planned → in_progress → closed. Editors plan and run them; everyone reads.

Closing a meeting of a series plans the next occurrence of its RRULE (the workspace's
time zone), inviting the same attendees and carrying the open actions over.
"""

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.activity import service as activity
from app.activity.reasons import register_reason
from app.core.crud import apply_changes, ensure_all_in_workspace, get_in_workspace
from app.core.errors import InvalidTransition, NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.recurrence import next_occurrences
from app.core.versioning import ensure_version
from app.meetings import reads
from app.meetings.reads import TRANSITIONS
from app.meetings.schemas import AttendeeIn, MeetingCreate, MeetingRead, MeetingUpdate
from app.models import Campaign, Meeting, MeetingAttendee, MeetingOutcome, Member
from app.models.enums import Access
from app.models.meeting import MeetingState, OutcomeKind

NOT_FOUND = N_("Meeting not found.")
NEXT_IN_SERIES = register_reason(
    "meeting_series_next", N_("Planned as the next meeting of the series when one closed.")
)
FIELDS = (
    "title",
    "campaign_id",
    "facilitator_member_id",
    "note_taker_member_id",
    "starts_at",
    "duration_minutes",
    "rrule",
    "state",
)


def read(
    session: Session, *, ctx: WorkspaceContext, meeting_id: uuid.UUID
) -> tuple[MeetingRead, int]:
    found = reads.one(session, ctx=ctx, meeting_id=meeting_id)
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def get(session: Session, *, ctx: WorkspaceContext, meeting_id: uuid.UUID) -> Meeting:
    return get_in_workspace(
        session,
        Meeting,
        meeting_id,
        ctx=ctx,
        missing=NOT_FOUND,
        options=(selectinload(Meeting.attendees),),
    )


def create(
    session: Session, *, ctx: WorkspaceContext, meeting_in: MeetingCreate
) -> tuple[MeetingRead, int]:
    ctx.require(Access.editor)
    _check_references(
        session, ctx=ctx, values=meeting_in.model_dump(), attendees=meeting_in.attendees
    )
    meeting_id = uuid.uuid4()
    meeting = Meeting(
        id=meeting_id,
        workspace_id=ctx.workspace_id,
        **meeting_in.model_dump(exclude={"attendees"}),
        series_id=meeting_id if meeting_in.rrule else None,
        series_starts_at=meeting_in.starts_at if meeting_in.rrule else None,
        attendees=_attendee_rows(meeting_in.attendees),
    )
    session.add(meeting)
    session.flush()
    _record(session, ctx=ctx, meeting=meeting, verb="meeting.created", after=_fields(meeting))
    return read(session, ctx=ctx, meeting_id=meeting.id)


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    meeting_id: uuid.UUID,
    meeting_in: MeetingUpdate,
    if_match: frozenset[int] | None,
) -> tuple[MeetingRead, int]:
    ctx.require(Access.editor)
    meeting = get(session, ctx=ctx, meeting_id=meeting_id)
    ensure_version(meeting.version, if_match)
    changes: dict[str, Any] = meeting_in.model_dump(exclude_unset=True, exclude={"attendees"})
    _check_references(session, ctx=ctx, values=changes, attendees=meeting_in.attendees or [])
    if "state" in changes:
        _check_transition(meeting.state, changes["state"])
    before = _fields(meeting)
    closing = (
        changes.get("state") is MeetingState.closed and meeting.state is not MeetingState.closed
    )
    apply_changes(meeting, changes)
    if meeting_in.attendees is not None:
        meeting.attendees = _attendee_rows(meeting_in.attendees)
    session.flush()
    _record(
        session,
        ctx=ctx,
        meeting=meeting,
        verb="meeting.updated",
        before=before,
        after=_fields(meeting),
    )
    next_meeting = _plan_next(session, ctx=ctx, meeting=meeting) if closing else None
    found, version = read(session, ctx=ctx, meeting_id=meeting.id)
    if next_meeting is not None:
        found.next_meeting_id = next_meeting.id
    return found, version


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    meeting_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    ctx.require(Access.editor)
    meeting = get(session, ctx=ctx, meeting_id=meeting_id)
    ensure_version(meeting.version, if_match)
    _record(session, ctx=ctx, meeting=meeting, verb="meeting.deleted", before=_fields(meeting))
    session.delete(meeting)
    session.flush()


def _plan_next(session: Session, *, ctx: WorkspaceContext, meeting: Meeting) -> Meeting | None:
    if not meeting.rrule or meeting.series_starts_at is None:
        return None
    zone = ZoneInfo(ctx.timezone)
    start = meeting.series_starts_at.astimezone(zone).replace(tzinfo=None)
    upcoming = next_occurrences(
        meeting.rrule, start=start, timezone=zone, after=meeting.starts_at, count=1
    )
    if not upcoming:
        return None
    already = session.scalar(
        select(Meeting.id).where(
            Meeting.series_id == meeting.series_id, Meeting.starts_at == upcoming[0]
        )
    )
    if already is not None:
        return None
    following = Meeting(
        id=uuid.uuid4(),
        workspace_id=meeting.workspace_id,
        title=meeting.title,
        campaign_id=meeting.campaign_id,
        facilitator_member_id=meeting.facilitator_member_id,
        note_taker_member_id=meeting.note_taker_member_id,
        starts_at=upcoming[0],
        duration_minutes=meeting.duration_minutes,
        rrule=meeting.rrule,
        series_id=meeting.series_id,
        series_starts_at=meeting.series_starts_at,
        attendees=[MeetingAttendee(member_id=a.member_id) for a in meeting.attendees],
    )
    session.add(following)
    session.flush()
    open_actions = session.scalars(
        select(MeetingOutcome).where(
            MeetingOutcome.meeting_id == meeting.id,
            MeetingOutcome.kind == OutcomeKind.action,
            MeetingOutcome.done_at.is_(None),
        )
    ).all()
    session.add_all(
        MeetingOutcome(
            workspace_id=action.workspace_id,
            meeting_id=following.id,
            campaign_id=action.campaign_id,
            kind=OutcomeKind.action,
            text=action.text,
            owner_member_id=action.owner_member_id,
            due_on=action.due_on,
            task_id=action.task_id,
            carried_from_id=action.id,
        )
        for action in open_actions
    )
    session.flush()
    _record(
        session,
        ctx=ctx,
        meeting=following,
        verb="meeting.created",
        after={**_fields(following), "carried_actions": len(open_actions)},
        reason_code=NEXT_IN_SERIES,
    )
    return following


def _record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    meeting: Meeting,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason_code: str | None = None,
) -> None:
    activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=meeting.id,
        subject_name=meeting.title,
        campaign_id=meeting.campaign_id,
        before=before,
        after=after,
        reason_code=reason_code,
    )


def _fields(meeting: Meeting) -> dict[str, Any]:
    return {
        **activity.fields(meeting, FIELDS),
        "attendees": sorted(str(a.member_id) for a in meeting.attendees),
    }


def _attendee_rows(attendees: list[AttendeeIn]) -> list[MeetingAttendee]:
    return [MeetingAttendee(member_id=a.member_id, attendance=a.attendance) for a in attendees]


def _check_transition(current: MeetingState, new: MeetingState) -> None:
    if new is current or new in TRANSITIONS[current]:
        return
    allowed = ", ".join(s.value for s in TRANSITIONS[current]) or "-"
    raise InvalidTransition(
        N_("A {current} meeting cannot become {new}; it can become: {allowed}."),
        params={"current": current.value, "new": new.value, "allowed": allowed},
        extensions={"allowed_transitions": list(TRANSITIONS[current])},
    )


def _check_references(
    session: Session, *, ctx: WorkspaceContext, values: dict[str, Any], attendees: list[AttendeeIn]
) -> None:
    if values.get("campaign_id") is not None:
        get_in_workspace(
            session, Campaign, values["campaign_id"], ctx=ctx, missing=N_("Campaign not found.")
        )
    for name in ("facilitator_member_id", "note_taker_member_id"):
        if values.get(name) is not None:
            get_in_workspace(
                session, Member, values[name], ctx=ctx, missing=N_("Member not found.")
            )
    ensure_all_in_workspace(
        session,
        Member,
        [a.member_id for a in attendees],
        ctx=ctx,
        missing=N_("Member not found."),
        loc=("body", "attendees"),
        item_field="member_id",
    )
