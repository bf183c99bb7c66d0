"""Escalation along the division of labour, derived from the reports and the clock.

A period without a report: within a day of its due time the author is reminded; once
due, the reviewer is told; past its grace, the campaign lead. Each step is recorded once
(the schedule remembers the steps it took, per author and period), so a late or repeated
run only delays a step, never repeats or corrupts one. The inbox follows these activities
(`app/notifications/rules.py`).
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.activity.reasons import register_reason
from app.core.i18n import N_
from app.jobs.registry import JobRun, periodic
from app.models import Campaign, Member, ReportSchedule, Workspace
from app.reports import state
from app.reports.schedules import answered_periods

DUE_SOON_TO_AUTHOR = register_reason(
    "report_due", N_("The report of {author} is due within {hours} hours.")
)
OVERDUE_TO_REVIEWER = register_reason(
    "report_overdue", N_("The report of {author} is overdue; {reviewer} was told.")
)
ESCALATED_TO_LEAD = register_reason(
    "report_escalated",
    N_("The report of {author} is past its grace of {hours} hours; escalated to {lead}."),
)


@periodic("reports.escalate", every=timedelta(minutes=5))
def escalate(session: Session, job: JobRun) -> None:
    now = job.now
    rows = session.execute(
        select(ReportSchedule, Workspace.timezone, Campaign.lead_member_id)
        .join(Workspace, Workspace.id == ReportSchedule.workspace_id)
        .join(Campaign, Campaign.id == ReportSchedule.campaign_id)
        .where(ReportSchedule.enabled.is_(True))
    ).all()
    if not rows:
        return
    answered = answered_periods(session, [row[0].id for row in rows])
    people = {uuid.UUID(a) for row in rows for a in row[0].author_member_ids}
    people |= {m for row in rows for m in (row[0].reviewer_member_id, row[2]) if m is not None}
    names: dict[uuid.UUID, str] = dict(
        session.execute(select(Member.id, Member.display_name).where(Member.id.in_(people))).all()
    )
    for schedule, timezone, lead_id in rows:
        grace = timedelta(hours=schedule.grace_hours)
        lookback = state.cadence(schedule, timezone=timezone) + grace
        due = _steps(schedule, timezone=timezone, now=now, lookback=lookback, lead_id=lead_id)
        taken = set(schedule.escalations)
        new_steps: list[str] = []
        for author in schedule.author_member_ids:
            author_id = uuid.UUID(author)
            done = answered.get((schedule.id, author_id), set())
            for period, step, member_id in due:
                key = f"{author}:{period.isoformat()}:{step}"
                if period in done or key in taken:
                    continue
                new_steps.append(key)
                _record(
                    session,
                    schedule,
                    author_id=author_id,
                    member_id=member_id,
                    step=step,
                    period=period,
                    names=names,
                )
        if new_steps:
            session.execute(
                update(ReportSchedule)
                .where(ReportSchedule.id == schedule.id)
                .values(escalations=[*schedule.escalations, *new_steps])
                .execution_options(synchronize_session=False)
            )


def _steps(
    schedule: ReportSchedule,
    *,
    timezone: str,
    now: datetime,
    lookback: timedelta,
    lead_id: uuid.UUID | None,
) -> list[tuple[datetime, str, uuid.UUID | None]]:
    """(period, step, who is told) of every step due by now, for one author."""
    grace = timedelta(hours=schedule.grace_hours)
    found: list[tuple[datetime, str, uuid.UUID | None]] = []
    for period in state.past_periods(schedule, timezone=timezone, now=now, lookback=lookback):
        found.append((period, "reviewer", schedule.reviewer_member_id))
        if now > period + grace:
            found.append((period, "lead", lead_id))
    upcoming = state.next_period(schedule, timezone=timezone, now=now)
    if upcoming is not None and upcoming - now <= state.DUE_SOON:
        found.append((upcoming, "due", None))
    return found


def _record(
    session: Session,
    schedule: ReportSchedule,
    *,
    author_id: uuid.UUID,
    member_id: uuid.UUID | None,
    step: str,
    period: datetime,
    names: dict[uuid.UUID, str],
) -> None:
    author = names.get(author_id, "")
    told = names.get(member_id, "") if member_id else ""
    params: dict[str, object]
    if step == "due":
        code = DUE_SOON_TO_AUTHOR
        params = {"author": author, "hours": int(state.DUE_SOON.total_seconds() // 3600)}
        verb = "report.due"
    elif step == "reviewer":
        code, params = OVERDUE_TO_REVIEWER, {"author": author, "reviewer": told}
        verb = "report.overdue"
    else:
        code = ESCALATED_TO_LEAD
        params = {"author": author, "lead": told, "hours": schedule.grace_hours}
        verb = "report.escalated"
    activity.record(
        session,
        ctx=activity.Origin(workspace_id=schedule.workspace_id),
        verb=verb,
        subject_id=schedule.id,
        subject_name=author,
        campaign_id=schedule.campaign_id,
        member_id=author_id,
        related_member_id=member_id,
        after={"period_at": period},
        reason_code=code,
        reason_params=params,
    )
