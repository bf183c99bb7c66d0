"""Assignments: who holds which role, for which campaign scope, with which RACI letter.

The central rule of the guide — clear accountability, no two people accountable for
the same thing — is checked here and also enforced by partial unique indexes, so that
concurrent requests cannot slip a second accountable in.
"""

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, contains_eager

from app.assignments import checks, reads
from app.assignments.reads import NOT_FOUND
from app.assignments.schemas import AssignmentCreate, AssignmentRead, AssignmentUpdate
from app.core.crud import apply_changes
from app.core.dates import today_in
from app.core.errors import (
    AlreadyExists,
    MultipleAccountable,
    NotFound,
)
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.division import settings as division_settings
from app.division import versions
from app.history import service as history
from app.models import Assignment
from app.models.enums import Access, AssignmentStatus, Raci

_INSERT = insert(cast(Table, Assignment.__table__))


def get(session: Session, *, ctx: WorkspaceContext, assignment_id: uuid.UUID) -> Assignment:
    """The assignment to change, with member, role, campaign and scope (for its history)."""
    found = session.scalar(
        select(Assignment)
        .join(Assignment.member)
        .join(Assignment.role)
        .outerjoin(Assignment.campaign)
        .outerjoin(Assignment.scope)
        .options(
            contains_eager(Assignment.member),
            contains_eager(Assignment.role),
            contains_eager(Assignment.campaign),
            contains_eager(Assignment.scope),
        )
        .where(Assignment.id == assignment_id, Assignment.workspace_id == ctx.workspace_id)
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def create(
    session: Session,
    *,
    ctx: WorkspaceContext,
    assignment_in: AssignmentCreate,
    reason_code: str | None = None,
    reason_params: dict[str, Any] | None = None,
) -> tuple[AssignmentRead, int]:
    """The new assignment as the API shows it, and its version."""
    ctx.require(Access.editor)
    data = assignment_in.model_dump(exclude={"reason"})
    found = checks.look_up_new(session, ctx=ctx, values=data)
    campaign = (
        (found["campaign_starts_on"], found["campaign_ends_on"])
        if found.get("campaign_id") is not None
        else None
    )
    data.update(
        defaults(
            session,
            ctx=ctx,
            campaign=campaign,
            starts_on=assignment_in.starts_on,
            ends_on=assignment_in.ends_on,
            end_given="ends_on" in assignment_in.model_fields_set,
            allocation_percent=assignment_in.allocation_percent,
        )
    )
    checks.check_dates(data["starts_on"], data["ends_on"])
    checks.check_references(found, data)
    checks.check_no_twin(found)
    values = {
        "id": uuid.uuid4(),
        "workspace_id": ctx.workspace_id,
        "status": AssignmentStatus.active,
        **data,
    }
    existing = _other_active_accountable(session, Assignment(**values))
    if existing is not None:
        raise _multiple_accountable(existing)
    # A Core insert: the ORM's unit of work bought nothing here (the reply is read back)
    # and cost more than the rest of the write's statements together.
    _guarding_accountable(lambda: session.connection().execute(_INSERT, values))
    versions.written(session, workspace_id=ctx.workspace_id, campaign_id=data["campaign_id"])
    created, version = reads.read(session, ctx=ctx, assignment_id=values["id"])
    history.record(
        session,
        ctx=ctx,
        assignment_id=created.id,
        before=None,
        after=history.snapshot_of(created),
        reason=assignment_in.reason,
        reason_code=reason_code,
        reason_params=reason_params,
    )
    session.flush()
    return created, version


def campaign_period(
    starts_on: date | None, ends_on: date | None, today: date
) -> tuple[date, date | None]:
    """What is left of a campaign: from its start (or today, once started) to its end."""
    first = max(today, starts_on or today)
    if ends_on is not None and ends_on < first:
        first = min(starts_on or ends_on, ends_on)
    return first, ends_on


def defaults(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign: tuple[date | None, date | None] | None,
    starts_on: date | None,
    ends_on: date | None,
    end_given: bool,
    allocation_percent: int | None,
) -> dict[str, Any]:
    """The one rule for a new assignment's dates and allocation, given its campaign's dates
    (start, end; None: no campaign).

    Campaign work defaults to what is left of the campaign and the workspace's suggested
    allocation; a standing assignment starts today, with no end and no allocation.
    """
    today = today_in(ctx.timezone)
    if campaign is None:
        return {
            "starts_on": starts_on or today,
            "ends_on": ends_on,
            "allocation_percent": allocation_percent or 0,
        }
    first, last = campaign_period(campaign[0], campaign[1], today)
    start = starts_on or first
    end = ends_on if end_given else last
    if not end_given and end is not None and end < start:
        end = None
    if allocation_percent is None:
        allocation_percent = division_settings.thresholds(
            session, ctx=ctx
        ).suggested_allocation_percent
    return {"starts_on": start, "ends_on": end, "allocation_percent": allocation_percent}


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    assignment_id: uuid.UUID,
    assignment_in: AssignmentUpdate,
    if_match: frozenset[int] | None,
) -> tuple[AssignmentRead, int]:
    """The changed assignment as the API shows it, and its version."""
    ctx.require(Access.editor)
    assignment = get(session, ctx=ctx, assignment_id=assignment_id)
    ensure_version(assignment.version, if_match)
    before = history.snapshot(assignment)
    changes: dict[str, Any] = assignment_in.model_dump(exclude_unset=True, exclude={"reason"})
    if changes.get("status") is AssignmentStatus.ended and "ends_on" not in changes:
        today = today_in(ctx.timezone)
        if assignment.ends_on is None or assignment.ends_on > today:
            changes["ends_on"] = max(today, assignment.starts_on)
    merged = {
        "member_id": assignment.member_id,
        "role_id": assignment.role_id,
        "campaign_id": assignment.campaign_id,
        "scope_id": assignment.scope_id,
        **changes,
    }
    checks.check_dates(
        changes.get("starts_on", assignment.starts_on), merged.get("ends_on", assignment.ends_on)
    )
    found = checks.look_up_changed(session, ctx=ctx, values=merged, changed=set(changes))
    checks.check_references(found, merged)
    apply_changes(assignment, changes)
    _check_rules(session, assignment)
    _flush_guarding_accountable(session)
    updated, version = reads.read(session, ctx=ctx, assignment_id=assignment.id)
    if history.record(
        session,
        ctx=ctx,
        assignment_id=updated.id,
        before=before,
        after=history.snapshot_of(updated),
        reason=assignment_in.reason,
    ):
        session.flush()
    return updated, version


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    assignment_id: uuid.UUID,
    if_match: frozenset[int] | None,
    reason: str | None = None,
) -> None:
    ctx.require(Access.editor)
    assignment = get(session, ctx=ctx, assignment_id=assignment_id)
    ensure_version(assignment.version, if_match)
    history.record(
        session,
        ctx=ctx,
        assignment_id=assignment.id,
        before=history.snapshot(assignment),
        after=None,
        reason=reason,
    )
    session.delete(assignment)
    session.flush()


def _same(
    column: InstrumentedAttribute[uuid.UUID | None], value: uuid.UUID | None
) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def _check_rules(session: Session, assignment: Assignment) -> None:
    """No duplicate of an active assignment; one active accountable per campaign scope."""
    if assignment.status is not AssignmentStatus.active:
        return
    with session.no_autoflush:
        twins = select(Assignment.id).where(
            Assignment.id != assignment.id,
            Assignment.member_id == assignment.member_id,
            Assignment.role_id == assignment.role_id,
            _same(Assignment.campaign_id, assignment.campaign_id),
            _same(Assignment.scope_id, assignment.scope_id),
            Assignment.raci == assignment.raci,
            Assignment.status == AssignmentStatus.active,
        )
        if session.scalar(twins) is not None:
            raise AlreadyExists(N_("This member already has exactly this assignment."))
        existing = _other_active_accountable(session, assignment)
    if existing is not None:
        raise _multiple_accountable(existing)


def _other_active_accountable(session: Session, assignment: Assignment) -> Assignment | None:
    if assignment.raci is not Raci.accountable or assignment.campaign_id is None:
        return None
    return session.scalar(
        select(Assignment)
        .where(
            Assignment.id != assignment.id,
            Assignment.campaign_id == assignment.campaign_id,
            _same(Assignment.scope_id, assignment.scope_id),
            Assignment.raci == Raci.accountable,
            Assignment.status == AssignmentStatus.active,
        )
        .options(contains_eager(Assignment.member))
        .join(Assignment.member)
    )


def _multiple_accountable(existing: Assignment) -> MultipleAccountable:
    return MultipleAccountable(
        N_("{name} is already accountable here; end or change that assignment first."),
        params={"name": existing.member.display_name},
        extensions={
            "existing_assignment_id": str(existing.id),
            "existing_member_id": str(existing.member_id),
        },
    )


def _flush_guarding_accountable(session: Session) -> None:
    """Flush; a concurrent accountable that won the race surfaces as the same 409."""
    _guarding_accountable(session.flush)


def _guarding_accountable(write: Callable[[], object]) -> None:
    """Write; a concurrent accountable that won the race surfaces as the same 409.

    The partial unique indexes catch what the check in `_check_rules` cannot see: a
    second accountable committed by a concurrent request after that check ran.
    """
    try:
        write()
    except IntegrityError as exc:
        if not _violates_one_accountable(exc):
            raise
        raise MultipleAccountable(
            N_("Someone else was just made accountable here; reload and try again.")
        ) from None


def _violates_one_accountable(exc: IntegrityError) -> bool:
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None) or ""
    message = str(exc.orig)
    return constraint.startswith("uq_assignments_one_accountable") or (
        "UNIQUE constraint failed: assignments.campaign_id" in message
    )
