"""Report schedules: who reports on what to whom, and each author's reporting state."""

import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session, aliased

from app.activity import service as activity
from app.core import clock
from app.core.crud import apply_changes, get_in_workspace, ids_in_workspace
from app.core.errors import InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.recurrence_text import describe
from app.core.versioning import ensure_version
from app.models import Campaign, Member, Report, ReportSchedule
from app.models.enums import Access, MemberStatus, ReportStatus
from app.reports import state
from app.reports.schemas import (
    AuthorState,
    ReportScheduleCreate,
    ReportSchedulePage,
    ReportScheduleRead,
    ReportScheduleUpdate,
)
from app.tasks.service import check_references, default_owner

SCHEDULE_NOT_FOUND = N_("Report schedule not found.")
FIELDS = ("rrule", "author_member_ids", "reviewer_member_id", "grace_hours", "enabled")
_reviewer = aliased(Member, name="reviewer")


def schedule_row(
    session: Session, *, ctx: WorkspaceContext, schedule_id: uuid.UUID
) -> ReportSchedule:
    return get_in_workspace(
        session, ReportSchedule, schedule_id, ctx=ctx, missing=SCHEDULE_NOT_FOUND
    )


def answered_periods(
    session: Session, schedule_ids: list[uuid.UUID]
) -> dict[tuple[uuid.UUID, uuid.UUID], set[datetime]]:
    """(schedule, author) → the periods answered by a submitted report (one statement)."""
    found: dict[tuple[uuid.UUID, uuid.UUID], set[datetime]] = defaultdict(set)
    if not schedule_ids:
        return found
    rows = session.execute(
        select(Report.schedule_id, Report.author_member_id, Report.period_at).where(
            Report.schedule_id.in_(schedule_ids),
            Report.status != ReportStatus.draft,
            Report.period_at.is_not(None),
        )
    )
    for schedule_id, author_id, period_at in rows:
        if schedule_id is not None and period_at is not None:
            found[(schedule_id, author_id)].add(period_at)
    return found


def _views(
    session: Session, ctx: WorkspaceContext, rows: list[Any], *, now: datetime
) -> list[ReportScheduleRead]:
    answered = answered_periods(session, [row.ReportSchedule.id for row in rows])
    author_ids = {uuid.UUID(a) for row in rows for a in row.ReportSchedule.author_member_ids}
    names = (
        dict(
            session.execute(
                select(Member.id, Member.display_name).where(Member.id.in_(author_ids))
            ).all()
        )
        if author_ids
        else {}
    )
    locale = ctx.actor.locale.value
    reads = []
    for row in rows:
        schedule: ReportSchedule = row.ReportSchedule
        states = []
        for author in schedule.author_member_ids:
            author_id = uuid.UUID(author)
            done = answered.get((schedule.id, author_id), set())
            view = state.author_state(schedule, timezone=ctx.timezone, now=now, answered=done)
            states.append(
                AuthorState(
                    author_member_id=author_id,
                    author_name=names.get(author_id, ""),
                    state=view.state,
                    period_at=view.period_at,
                    last_submitted_at=max(done) if done else None,
                    missed_periods=view.missed,
                )
            )
        reads.append(
            ReportScheduleRead(
                id=schedule.id,
                campaign_id=schedule.campaign_id,
                campaign_name=row.campaign_name,
                role_id=schedule.role_id,
                subject_member_id=schedule.subject_member_id,
                author_member_ids=[uuid.UUID(a) for a in schedule.author_member_ids],
                reviewer_member_id=schedule.reviewer_member_id,
                reviewer_name=row.reviewer_name,
                rrule=schedule.rrule,
                rrule_text=describe(schedule.rrule, locale),
                start_on=schedule.start_on,
                due_time=schedule.due_time.strftime("%H:%M"),
                grace_hours=schedule.grace_hours,
                enabled=schedule.enabled,
                next_due_at=state.next_period(schedule, timezone=ctx.timezone, now=now),
                reporting_state=states,
                created_at=schedule.created_at,
                updated_at=schedule.updated_at,
                version=schedule.version,
            )
        )
    return reads


def _select() -> Any:
    return (
        select(
            ReportSchedule,
            Campaign.name.label("campaign_name"),
            _reviewer.display_name.label("reviewer_name"),
        )
        .join(Campaign, Campaign.id == ReportSchedule.campaign_id)
        .outerjoin(_reviewer, _reviewer.id == ReportSchedule.reviewer_member_id)
    )


def reply(session: Session, *, ctx: WorkspaceContext, schedule_id: uuid.UUID) -> ReportScheduleRead:
    row = session.execute(
        _select().where(
            ReportSchedule.id == schedule_id, ReportSchedule.workspace_id == ctx.workspace_id
        )
    ).first()
    if row is None:
        raise NotFound(SCHEDULE_NOT_FOUND)
    return _views(session, ctx, [row], now=clock.now())[0]


def list_schedules(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    author_member_id: uuid.UUID | None,
    limit: int,
    cursor: str | None,
) -> ReportSchedulePage:
    stmt = _select().where(ReportSchedule.workspace_id == ctx.workspace_id)
    if campaign_id is not None:
        stmt = stmt.where(ReportSchedule.campaign_id == campaign_id)
    if author_member_id is not None:  # in the query: pages come out full
        stmt = stmt.where(_has_author(session, author_member_id))
    rows, next_cursor = paginate(
        session,
        stmt,
        order_by=(ReportSchedule.created_at, ReportSchedule.id),
        limit=limit,
        cursor=cursor,
    )
    return ReportSchedulePage(
        items=_views(session, ctx, rows, now=clock.now()), next_cursor=next_cursor
    )


def _has_author(session: Session, member_id: uuid.UUID) -> ColumnElement[bool]:
    """Schedules whose `author_member_ids` (a JSON array of ids as text) holds the member."""
    value = str(member_id)
    if session.get_bind().dialect.name == "postgresql":
        return type_coerce(ReportSchedule.author_member_ids, JSONB).contains([value])
    each = func.json_each(ReportSchedule.author_member_ids).table_valued("value")
    return select(literal(1)).select_from(each).where(each.c.value == value).exists()


def _check_members(session: Session, *, ctx: WorkspaceContext, ids: list[uuid.UUID]) -> None:
    found = ids_in_workspace(session, Member, set(ids), ctx=ctx)
    missing = N_("Member not found.")
    errors = [
        field_error(("body", "author_member_ids", i), missing, "not_found")
        for i, member_id in enumerate(ids)
        if member_id not in found
    ]
    if errors:
        raise NotFound(missing, errors=errors)


def _check_reviewer(
    session: Session, *, ctx: WorkspaceContext, reviewer_id: uuid.UUID | None
) -> None:
    if reviewer_id is not None and not ids_in_workspace(session, Member, {reviewer_id}, ctx=ctx):
        message = N_("The reviewer is not a member of this workspace.")
        raise NotFound(
            message, errors=[field_error(("body", "reviewer_member_id"), message, "not_found")]
        )


def refuse_inactive(
    session: Session,
    *,
    ctx: WorkspaceContext,
    members: list[tuple[uuid.UUID | None, tuple[str | int, ...]]],
) -> None:
    """422 naming each field that holds a member of this workspace who is no longer active.

    An id of another workspace (or of nobody) stays a 404: check those first.
    """
    ids = {member_id for member_id, _loc in members if member_id is not None}
    if not ids:
        return
    inactive = set(
        session.scalars(
            select(Member.id).where(
                Member.workspace_id == ctx.workspace_id,
                Member.id.in_(ids),
                Member.status != MemberStatus.active,
            )
        )
    )
    message = N_("This member is no longer active in the workspace.")
    errors = [
        field_error(loc, message, "member_inactive")
        for member_id, loc in members
        if member_id in inactive
    ]
    if errors:
        raise InvalidInput(message, errors=errors)


def _check_people(
    session: Session,
    *,
    ctx: WorkspaceContext,
    reviewer_id: uuid.UUID | None,
    author_ids: list[uuid.UUID] | None,
) -> None:
    """The reviewer and the authors are active members of this workspace (404, then 422)."""
    _check_reviewer(session, ctx=ctx, reviewer_id=reviewer_id)
    if author_ids is not None:
        _check_members(session, ctx=ctx, ids=author_ids)
    people: list[tuple[uuid.UUID | None, tuple[str | int, ...]]] = [
        (reviewer_id, ("body", "reviewer_member_id"))
    ]
    people += [(a, ("body", "author_member_ids", i)) for i, a in enumerate(author_ids or [])]
    refuse_inactive(session, ctx=ctx, members=people)


def default_reviewer(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID
) -> uuid.UUID | None:
    """The campaign's Accountable, else its lead (if still active)."""
    accountable = default_owner(
        session, campaign_id=campaign_id, scope_id=None, today=clock.today_in(ctx.timezone)
    )
    if accountable is not None:
        return accountable
    return session.scalar(
        select(Campaign.lead_member_id)
        .join(Member, Member.id == Campaign.lead_member_id)
        .where(Campaign.id == campaign_id, Member.status == MemberStatus.active)
    )


def create(
    session: Session, *, ctx: WorkspaceContext, schedule_in: ReportScheduleCreate
) -> ReportScheduleRead:
    ctx.require(Access.editor)
    data = schedule_in.model_dump()
    check_references(
        session,
        ctx=ctx,
        values={
            "campaign_id": data["campaign_id"],
            "role_id": data["role_id"],
            "owner_member_id": data["subject_member_id"],
        },
    )
    _check_people(
        session,
        ctx=ctx,
        reviewer_id=data["reviewer_member_id"],
        author_ids=data["author_member_ids"],
    )
    data["author_member_ids"] = [str(a) for a in dict.fromkeys(data["author_member_ids"])]
    data["start_on"] = data["start_on"] or clock.today_in(ctx.timezone)
    data["reviewer_member_id"] = data["reviewer_member_id"] or default_reviewer(
        session, ctx=ctx, campaign_id=data["campaign_id"]
    )
    schedule = ReportSchedule(id=uuid.uuid4(), workspace_id=ctx.workspace_id, **data)
    if state.next_period(schedule, timezone=ctx.timezone, now=clock.now()) is None:
        message = N_("This schedule has no period after now.")
        raise InvalidInput(message, errors=[field_error(("body", "rrule"), message, "empty")])
    session.add(schedule)
    session.flush()
    _record(
        session, ctx=ctx, schedule=schedule, verb="report_schedule.created", after=_fields(schedule)
    )
    return reply(session, ctx=ctx, schedule_id=schedule.id)


def _fields(schedule: ReportSchedule) -> dict[str, Any]:
    return activity.fields(schedule, FIELDS)


def _record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    schedule: ReportSchedule,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=schedule.id,
        subject_name=schedule.rrule,
        campaign_id=schedule.campaign_id,
        before=before,
        after=after,
    )


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    schedule_id: uuid.UUID,
    schedule_in: ReportScheduleUpdate,
    if_match: frozenset[int] | None,
) -> ReportScheduleRead:
    ctx.require(Access.editor)
    schedule = schedule_row(session, ctx=ctx, schedule_id=schedule_id)
    ensure_version(schedule.version, if_match)
    changes = schedule_in.model_dump(exclude_unset=True)
    _check_people(
        session,
        ctx=ctx,
        reviewer_id=changes.get("reviewer_member_id"),
        author_ids=changes.get("author_member_ids"),
    )
    if "author_member_ids" in changes:
        changes["author_member_ids"] = [str(a) for a in dict.fromkeys(changes["author_member_ids"])]
    before = _fields(schedule)
    apply_changes(schedule, changes)
    session.flush()
    _record(
        session,
        ctx=ctx,
        schedule=schedule,
        verb="report_schedule.updated",
        before=before,
        after=_fields(schedule),
    )
    return reply(session, ctx=ctx, schedule_id=schedule.id)


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    schedule_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    ctx.require(Access.editor)
    schedule = schedule_row(session, ctx=ctx, schedule_id=schedule_id)
    ensure_version(schedule.version, if_match)
    _record(
        session,
        ctx=ctx,
        schedule=schedule,
        verb="report_schedule.deleted",
        before=_fields(schedule),
    )
    session.delete(schedule)
