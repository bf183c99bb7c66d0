"""A meeting's agenda: items in order (insert anywhere, move by `position`), minutes."""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.comments import subjects
from app.core.crud import apply_changes, get_in_workspace
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.meetings import service as meetings
from app.meetings.schemas import AgendaItemCreate, AgendaItemUpdate
from app.models import AgendaItem, Meeting, Member
from app.models.enums import Access

NOT_FOUND = N_("Agenda item not found.")
FIELDS = ("title", "position", "presenter_member_id", "duration_minutes")


def create(
    session: Session, *, ctx: WorkspaceContext, meeting_id: uuid.UUID, item_in: AgendaItemCreate
) -> AgendaItem:
    ctx.require(Access.editor)
    meeting = meetings.get(session, ctx=ctx, meeting_id=meeting_id)
    _check_presenter(session, ctx=ctx, presenter_member_id=item_in.presenter_member_id)
    if item_in.linked_subject_type is not None and item_in.linked_subject_id is not None:
        subjects.find(
            session,
            ctx=ctx,
            subject_type=item_in.linked_subject_type,
            subject_id=item_in.linked_subject_id,
        )
    items = _ordered(session, meeting_id=meeting.id)
    position = len(items) if item_in.position is None else min(item_in.position, len(items))
    item = AgendaItem(
        id=uuid.uuid4(),
        meeting_id=meeting.id,
        **item_in.model_dump(exclude={"position"}),
        position=position,
    )
    items.insert(position, item)
    session.add(item)
    _renumber(items)
    session.flush()
    _record(
        session,
        ctx=ctx,
        meeting=meeting,
        item=item,
        verb="agenda_item.created",
        after=activity.fields(item, FIELDS),
    )
    return item


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    item_in: AgendaItemUpdate,
    if_match: frozenset[int] | None,
) -> AgendaItem:
    ctx.require(Access.editor)
    meeting, item = _get(session, ctx=ctx, meeting_id=meeting_id, item_id=item_id)
    ensure_version(item.version, if_match)
    changes: dict[str, Any] = item_in.model_dump(exclude_unset=True, exclude={"position"})
    _check_presenter(session, ctx=ctx, presenter_member_id=changes.get("presenter_member_id"))
    before = {**activity.fields(item, FIELDS), "minutes": item.minutes}
    apply_changes(item, changes)
    if item_in.position is not None:
        items = [other for other in _ordered(session, meeting_id=meeting.id) if other.id != item.id]
        items.insert(min(item_in.position, len(items)), item)
        _renumber(items)
    session.flush()
    _record(
        session,
        ctx=ctx,
        meeting=meeting,
        item=item,
        verb="agenda_item.updated",
        before=before,
        after={**activity.fields(item, FIELDS), "minutes": item.minutes},
    )
    return item


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    ctx.require(Access.editor)
    meeting, item = _get(session, ctx=ctx, meeting_id=meeting_id, item_id=item_id)
    ensure_version(item.version, if_match)
    _record(
        session,
        ctx=ctx,
        meeting=meeting,
        item=item,
        verb="agenda_item.deleted",
        before=activity.fields(item, FIELDS),
    )
    session.delete(item)
    session.flush()
    _renumber(_ordered(session, meeting_id=meeting.id))
    session.flush()


def _get(
    session: Session, *, ctx: WorkspaceContext, meeting_id: uuid.UUID, item_id: uuid.UUID
) -> tuple[Meeting, AgendaItem]:
    meeting = meetings.get(session, ctx=ctx, meeting_id=meeting_id)
    item = session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise NotFound(NOT_FOUND)
    return meeting, item


def _ordered(session: Session, *, meeting_id: uuid.UUID) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position


def _check_presenter(
    session: Session, *, ctx: WorkspaceContext, presenter_member_id: uuid.UUID | None
) -> None:
    if presenter_member_id is not None:
        get_in_workspace(
            session, Member, presenter_member_id, ctx=ctx, missing=N_("Member not found.")
        )


def _record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    meeting: Meeting,
    item: AgendaItem,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=item.id,
        subject_name=f"{meeting.title} · {item.title}",
        campaign_id=meeting.campaign_id,
        before=before,
        after=after,
    )
