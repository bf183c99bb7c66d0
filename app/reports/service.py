"""Reports: drafts private to their author, submission with a metrics snapshot, versions
of later edits, acknowledgement by the reviewer."""

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.activity.visibility import register_visibility
from app.core import clock
from app.core.crud import apply_changes, ensure_all_in_workspace, ids_in_workspace
from app.core.errors import Forbidden, InvalidInput, InvalidTransition, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.models import Activity, CampaignGoal, Datapoint, Member, Metric, Report, Task
from app.models.enums import Access, ReportStatus
from app.reports import reads, state
from app.reports.goals import key_results_snapshot
from app.reports.reads import PARTS
from app.reports.schedules import (
    answered_periods,
    default_reviewer,
    refuse_inactive,
    schedule_row,
)
from app.reports.schemas import (
    ReportAcknowledge,
    ReportCreate,
    ReportRead,
    ReportUpdate,
)
from app.tasks.service import check_references

FIELDS = ("status", "health", "period_at")


def _drafts_of_their_author(reader: WorkspaceContext) -> Any:
    """A draft's activities are its author's alone, like the draft."""
    return or_(Activity.verb != "report.drafted", Activity.actor_member_id == reader.member_id)


register_visibility("report", _drafts_of_their_author)


def metrics_snapshot(session: Session, *, campaign_id: uuid.UUID) -> list[dict[str, Any]]:
    """Deprecated (`key_results_snapshot` replaces it): the campaign's simple goal targets
    now, each with the latest value observed for it."""
    snapshot = []
    goals = session.execute(
        select(CampaignGoal.metric_id, CampaignGoal.target, Metric.key, Metric.name)
        .join(Metric, Metric.id == CampaignGoal.metric_id)
        .where(CampaignGoal.campaign_id == campaign_id)
        .order_by(CampaignGoal.position)
    ).all()
    for metric_id, target, key, name in goals:
        value = session.scalar(
            select(Datapoint.value)
            .where(Datapoint.metric_id == metric_id, Datapoint.campaign_id == campaign_id)
            .order_by(Datapoint.observed_at.desc())
            .limit(1)
        )
        snapshot.append(
            {
                "metric_id": str(metric_id),
                "key": key,
                "name": name,
                "target": target,
                "value": value,
            }
        )
    return snapshot


def create(session: Session, *, ctx: WorkspaceContext, report_in: ReportCreate) -> ReportRead:
    ctx.require(Access.viewer)
    ctx.actor.require_write()
    now = clock.now()
    author_id = report_in.author_member_id or ctx.member_id
    if author_id != ctx.member_id:
        ctx.require(Access.editor)  # a viewer files their own reports only
    check_references(session, ctx=ctx, values={"campaign_id": report_in.campaign_id})
    if not ids_in_workspace(session, Member, {author_id}, ctx=ctx):
        missing = N_("Member not found.")
        raise NotFound(
            missing, errors=[field_error(("body", "author_member_id"), missing, "not_found")]
        )
    refuse_inactive(session, ctx=ctx, members=[(author_id, ("body", "author_member_id"))])
    _check_tasks(session, ctx=ctx, task_ids=report_in.task_ids)
    period_at: datetime | None = report_in.period_at
    reviewer_id: uuid.UUID | None
    if report_in.schedule_id is not None:
        schedule = schedule_row(session, ctx=ctx, schedule_id=report_in.schedule_id)
        campaign_id = schedule.campaign_id
        reviewer_id = schedule.reviewer_member_id
        if str(author_id) not in schedule.author_member_ids:
            message = N_("This member is not an author of the schedule.")
            raise InvalidInput(
                message,
                errors=[field_error(("body", "author_member_id"), message, "not_an_author")],
            )
        answered = answered_periods(session, [schedule.id]).get((schedule.id, author_id), set())
        if period_at is None:
            period_at = state.default_period(
                schedule, timezone=ctx.timezone, now=now, answered=answered
            )
        elif not state.is_period(schedule, timezone=ctx.timezone, instant=period_at):
            message = N_("The schedule has no period at that time.")
            raise InvalidInput(
                message, errors=[field_error(("body", "period_at"), message, "not_a_period")]
            )
    elif report_in.campaign_id is not None:
        campaign_id = report_in.campaign_id
        reviewer_id = default_reviewer(session, ctx=ctx, campaign_id=campaign_id)
    else:
        message = N_("Give the schedule or the campaign the report is about.")
        raise InvalidInput(
            message, errors=[field_error(("body", "campaign_id"), message, "missing")]
        )
    data = report_in.model_dump(include={"health", *PARTS})
    report = Report(
        id=uuid.uuid4(),
        workspace_id=ctx.workspace_id,
        schedule_id=report_in.schedule_id,
        campaign_id=campaign_id,
        author_member_id=author_id,
        reviewer_member_id=reviewer_id,
        period_at=period_at,
        task_ids=[str(t) for t in report_in.task_ids],
        status=ReportStatus.draft,
        **data,
    )
    session.add(report)
    if report_in.submit:
        _submit(session, ctx, report, now=now)
    session.flush()
    _record(
        session,
        ctx=ctx,
        report=report,
        verb="report.submitted" if report_in.submit else "report.drafted",
        after=activity.fields(report, FIELDS),
    )
    return reads.read(session, ctx=ctx, report_id=report.id)[0]


def _check_tasks(session: Session, *, ctx: WorkspaceContext, task_ids: list[uuid.UUID]) -> None:
    if task_ids:
        ensure_all_in_workspace(
            session,
            Task,
            task_ids,
            ctx=ctx,
            missing=N_("Task not found."),
            loc=("body", "task_ids"),
        )


def _submit(session: Session, ctx: WorkspaceContext, report: Report, *, now: datetime) -> None:
    report.status = ReportStatus.submitted
    report.submitted_at = now
    report.metrics_snapshot = metrics_snapshot(session, campaign_id=report.campaign_id)
    report.key_results_snapshot = key_results_snapshot(
        session,
        ctx=ctx,
        campaign_id=report.campaign_id,
        today=now.astimezone(ZoneInfo(ctx.timezone)).date(),
    )


def _record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    report: Report,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=report.id,
        subject_name=report.health.value,
        campaign_id=report.campaign_id,
        member_id=report.author_member_id,
        related_member_id=report.reviewer_member_id,
        before=before,
        after=after,
    )


def _report(session: Session, *, ctx: WorkspaceContext, report_id: uuid.UUID) -> Report:
    report = session.scalar(
        select(Report).where(
            Report.id == report_id, Report.workspace_id == ctx.workspace_id, reads.visible(ctx)
        )
    )
    if report is None:
        raise NotFound(reads.REPORT_NOT_FOUND)
    return report


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    report_id: uuid.UUID,
    report_in: ReportUpdate,
    if_match: frozenset[int] | None,
) -> ReportRead:
    """Only the author edits; a submitted report keeps what it said before as a version."""
    ctx.require(Access.viewer)
    ctx.actor.require_write()
    now = clock.now()
    report = _report(session, ctx=ctx, report_id=report_id)
    if report.author_member_id != ctx.member_id:
        raise Forbidden(N_("Only the author edits a report."))
    ensure_version(report.version, if_match)
    changes = report_in.model_dump(exclude_unset=True, exclude={"submit"})
    if "task_ids" in changes:
        _check_tasks(session, ctx=ctx, task_ids=changes["task_ids"])
        changes["task_ids"] = [str(t) for t in changes["task_ids"]]
    before = activity.fields(report, FIELDS)
    if report.status is not ReportStatus.draft and changes:
        previous = {
            "version": len(report.versions) + 1,
            "edited_at": now.isoformat(),
            "health": report.health.value,
        }
        previous.update({part: getattr(report, part) for part in PARTS})
        changes["versions"] = [*report.versions, previous]
    apply_changes(report, changes)
    submitting = report_in.submit and report.status is ReportStatus.draft
    if submitting:
        _submit(session, ctx, report, now=now)
    session.flush()
    verb = "report.submitted" if submitting else "report.updated"
    if report.status is ReportStatus.draft:
        verb = "report.drafted"  # seen by its author only
    _record(
        session,
        ctx=ctx,
        report=report,
        verb=verb,
        before=before,
        after=activity.fields(report, FIELDS),
    )
    return reads.read(session, ctx=ctx, report_id=report.id)[0]


def acknowledge(
    session: Session,
    *,
    ctx: WorkspaceContext,
    report_id: uuid.UUID,
    ack_in: ReportAcknowledge,
    if_match: frozenset[int] | None,
) -> ReportRead:
    """The reviewer (or an admin) has read it; only a submitted report can be acknowledged."""
    ctx.require(Access.viewer)
    ctx.actor.require_write()
    report = _report(session, ctx=ctx, report_id=report_id)
    if report.reviewer_member_id != ctx.member_id:
        ctx.require(Access.admin)
    ensure_version(report.version, if_match)
    if report.status is not ReportStatus.submitted:
        raise InvalidTransition(N_("Only a submitted report can be acknowledged."))
    before = activity.fields(report, FIELDS)
    apply_changes(
        report,
        {
            "status": ReportStatus.acknowledged,
            "acknowledged_at": clock.now(),
            "acknowledged_by_member_id": ctx.member_id,
            "acknowledgement": ack_in.comment,
        },
    )
    session.flush()
    _record(
        session,
        ctx=ctx,
        report=report,
        verb="report.acknowledged",
        before=before,
        after=activity.fields(report, FIELDS),
    )
    return reads.read(session, ctx=ctx, report_id=report.id)[0]
