"""The demo's week: work plans from the role templates, a few tasks, a report schedule
with one report filed and one overdue, and a planned training with its task."""

import uuid
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.core.permissions import WorkspaceContext
from app.reports import schedules as report_schedules
from app.reports import service as reports
from app.reports.schemas import ReportCreate, ReportScheduleCreate
from app.seed.templates import pick
from app.tasks import service as tasks
from app.tasks.schemas import ChecklistStep, TaskCreate
from app.trainings import service as trainings
from app.trainings.schemas import TrainingCreate
from app.work_plans import service as work_plans
from app.work_plans.schemas import WorkPlanCreate
from app.work_plans.templates import TEMPLATES

Ids = dict[str, uuid.UUID]


def seed_week(
    session: Session,
    *,
    ctx: WorkspaceContext,
    today: date,
    people: Ids,
    roles: Ids,
    skills: Ids,
    campaigns: Ids,
) -> None:
    locale = ctx.locale
    series = campaigns["series"]
    by_key = {t.key: t for t in TEMPLATES}
    for key, owner in (("metrics_review", people["xu"]), ("content_calendar", people["chen"])):
        template = by_key[key]
        work_plans.create(
            session,
            ctx=ctx,
            plan_in=WorkPlanCreate(
                title=pick(template.title, locale),
                campaign_id=series,
                owner_member_id=owner,
                checklist=[pick(step, locale) for step in template.checklist],
                rrule=template.rrule,
                start_on=today - timedelta(days=7),
                lead_days=max(template.lead_days, 2),
            ),
        )
    tasks.create(
        session,
        ctx=ctx,
        task_in=TaskCreate(
            title=pick(("Edit episode 3", "剪辑第三集"), locale),
            campaign_id=series,
            owner_member_id=people["wang"],
            due_at=today + timedelta(days=2),
            checklist=[
                ChecklistStep(text=pick(("Rough cut", "粗剪"), locale), done=True),
                ChecklistStep(text=pick(("Color grade", "调色"), locale)),
                ChecklistStep(text=pick(("Subtitles", "字幕"), locale)),
            ],
        ),
    )
    tasks.create(
        session,
        ctx=ctx,
        task_in=TaskCreate(
            title=pick(("Confirm the sponsor's logo files", "确认赞助商标志文件"), locale),
            campaign_id=series,
            owner_member_id=people["guo"],
            due_at=today - timedelta(days=1),
        ),
    )
    schedule = report_schedules.create(
        session,
        ctx=ctx,
        schedule_in=ReportScheduleCreate(
            campaign_id=campaigns["book"],  # the campaign in trouble: its missing report shows
            author_member_ids=[people["chen"], people["zhao"]],
            start_on=today - timedelta(days=21),
        ),
    )
    author_ctx = WorkspaceContext(**{**ctx.__dict__, "member_id": people["chen"]})
    reports.create(
        session,
        ctx=author_ctx,
        report_in=ReportCreate(
            schedule_id=schedule.id,
            health="at_risk",
            progress=pick(
                ("Two of three photo sets are edited.", "三组照片中已修完两组。"), locale
            ),
            difficulties=pick(
                ("The printer has not confirmed a date.", "印厂尚未确认日期。"), locale
            ),
            next_plan=pick(("Send the proofs on Tuesday.", "周二发出样张。"), locale),
            submit=True,
        ),
    )  # Zhao's report of the same period is missing: the health check shows it
    trainings.create(
        session,
        ctx=ctx,
        training_in=TrainingCreate(
            member_id=people["sun"],
            skill_id=skills["community_management"],
            title=pick(("Community moderation course", "社群管理课程"), locale),
            provider="Troupe Academy",
            starts_on=today + timedelta(days=3),
            ends_on=today + timedelta(days=17),
            hours=10,
            level_after=3,
            plan_task=True,
        ),  # planned: the skill gap it closes stays planted until it is done
    )
