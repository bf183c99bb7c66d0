"""A meeting's outcomes: information, decisions (the decision log) and actions.

An action has an owner and a due date; it is told to its owner and, through the tasks
seam (`actions.py`), becomes a task owned by them on the meeting's campaign.
"""

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core import clock
from app.core.crud import apply_changes, get_in_workspace
from app.core.errors import Conflict, NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.meetings import actions
from app.meetings import service as meetings
from app.meetings.schemas import OutcomeCreate, OutcomeUpdate
from app.models import AgendaItem, Meeting, MeetingOutcome, Member
from app.models.enums import Access
from app.models.meeting import OutcomeKind
from app.models.notification import NotificationKind
from app.notifications import service as notifications

NOT_FOUND = N_("Outcome not found.")
FIELDS = ("kind", "text", "owner_member_id", "due_on", "done_at", "task_id", "agenda_item_id")


def create(
    session: Session, *, ctx: WorkspaceContext, meeting_id: uuid.UUID, outcome_in: OutcomeCreate
) -> MeetingOutcome:
    ctx.require(Access.editor)
    meeting = meetings.get(session, ctx=ctx, meeting_id=meeting_id)
    if outcome_in.agenda_item_id is not None:
        item = session.get(AgendaItem, outcome_in.agenda_item_id)
        if item is None or item.meeting_id != meeting.id:
            raise NotFound(N_("Agenda item not found."))
    if outcome_in.owner_member_id is not None:
        get_in_workspace(
            session, Member, outcome_in.owner_member_id, ctx=ctx, missing=N_("Member not found.")
        )
    outcome = MeetingOutcome(
        id=uuid.uuid4(),
        workspace_id=ctx.workspace_id,
        meeting_id=meeting.id,
        campaign_id=meeting.campaign_id,
        **outcome_in.model_dump(),
    )
    session.add(outcome)
    session.flush()
    if outcome.kind is OutcomeKind.action:
        _make_task(session, ctx=ctx, meeting=meeting, outcome=outcome)
    entry = _record(
        session,
        ctx=ctx,
        meeting=meeting,
        outcome=outcome,
        verb="meeting_outcome.created",
        after=activity.fields(outcome, FIELDS),
    )
    if outcome.kind is OutcomeKind.action and outcome.owner_member_id is not None:
        notifications.notify(
            session,
            workspace_id=ctx.workspace_id,
            recipients={outcome.owner_member_id},
            kind=NotificationKind.action_assigned,
            subject_type="meeting_outcome",
            subject_id=outcome.id,
            title=meeting.title,
            excerpt=outcome.text,
            actor=ctx.member_id,
            activity=entry,
        )
    return outcome


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    meeting_id: uuid.UUID,
    outcome_id: uuid.UUID,
    outcome_in: OutcomeUpdate,
    if_match: frozenset[int] | None,
) -> MeetingOutcome:
    ctx.require(Access.editor)
    meeting, outcome = _get(session, ctx=ctx, meeting_id=meeting_id, outcome_id=outcome_id)
    ensure_version(outcome.version, if_match)
    changes: dict[str, Any] = outcome_in.model_dump(exclude_unset=True)
    before = activity.fields(outcome, FIELDS)
    if "done" in changes:
        if outcome.kind is not OutcomeKind.action:
            raise Conflict(N_("Only actions are done."))
        done = changes.pop("done")
        outcome.done_at = (outcome.done_at or clock.now()) if done else None
    apply_changes(outcome, changes)
    session.flush()
    _record(
        session,
        ctx=ctx,
        meeting=meeting,
        outcome=outcome,
        verb="meeting_outcome.updated",
        before=before,
        after=activity.fields(outcome, FIELDS),
    )
    return outcome


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    meeting_id: uuid.UUID,
    outcome_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    ctx.require(Access.editor)
    meeting, outcome = _get(session, ctx=ctx, meeting_id=meeting_id, outcome_id=outcome_id)
    ensure_version(outcome.version, if_match)
    _record(
        session,
        ctx=ctx,
        meeting=meeting,
        outcome=outcome,
        verb="meeting_outcome.deleted",
        before=activity.fields(outcome, FIELDS),
    )
    session.delete(outcome)
    session.flush()


def _make_task(
    session: Session, *, ctx: WorkspaceContext, meeting: Meeting, outcome: MeetingOutcome
) -> None:
    assert outcome.owner_member_id is not None
    assert outcome.due_on is not None
    outcome.task_id = actions.make_task(
        session,
        ctx=ctx,
        action=actions.ActionTask(
            outcome_id=outcome.id,
            meeting_id=meeting.id,
            meeting_title=meeting.title,
            title=outcome.text[:200],
            owner_member_id=outcome.owner_member_id,
            due_on=outcome.due_on,
            campaign_id=meeting.campaign_id,
        ),
    )
    session.flush()


def _get(
    session: Session, *, ctx: WorkspaceContext, meeting_id: uuid.UUID, outcome_id: uuid.UUID
) -> tuple[Meeting, MeetingOutcome]:
    meeting = meetings.get(session, ctx=ctx, meeting_id=meeting_id)
    outcome = session.get(MeetingOutcome, outcome_id)
    if outcome is None or outcome.meeting_id != meeting.id:
        raise NotFound(NOT_FOUND)
    return meeting, outcome


def _record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    meeting: Meeting,
    outcome: MeetingOutcome,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Any:
    return activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=outcome.id,
        subject_name=meeting.title,
        campaign_id=meeting.campaign_id,
        member_id=outcome.owner_member_id,
        before=before,
        after=after,
    )
