"""What the work plan pages show: plans, their next occurrences, the guide's templates and the
campaign's weekly digest, parsed from the API's replies."""

from datetime import date, datetime

from app.vocabulary import (
    GoalStatus,
    PlanAnchor,
    PlanCatchUp,
    PlanRotation,
    ReportHealth,
    ReportStatus,
    TaskStatus,
)
from app.web.views import View


class WorkPlan(View):
    id: str
    title: str
    description: str
    campaign_id: str
    campaign_name: str
    checklist: list[str]
    owner_member_id: str | None
    owner_name: str | None
    role_id: str | None
    role_name: str | None
    rotation: PlanRotation
    rrule: str
    rrule_text: str
    start_on: date
    due_time: str
    anchor: PlanAnchor
    lead_days: int
    skip_weekends: bool
    catch_up: PlanCatchUp
    enabled: bool


class Occurrence(View):
    """`occurrence_at` stays the API's text: the skip form sends it back as it came."""

    occurrence_at: str
    appears_at: datetime
    task_id: str | None
    skipped: bool


class PlanTemplate(View):
    """A plan of the guide for the holders of one of its roles."""

    key: str
    role_key: str
    title: str
    rrule: str
    due_time: str
    lead_days: int
    checklist: list[str]


class RoleOption(View):
    id: str
    key: str
    name: str


class DigestTask(View):
    id: str
    title: str
    owner_name: str | None
    status: TaskStatus
    due_at: datetime | None
    completed_at: datetime | None


class DigestReport(View):
    author_name: str
    health: ReportHealth
    status: ReportStatus
    submitted_at: datetime | None


class DigestKeyResult(View):
    metric_name: str
    week_start_value: float | None
    current_value: float | None
    change: float | None
    target_value: float
    progress: float
    status: GoalStatus


class DigestGoal(View):
    id: str
    title: str
    status: GoalStatus
    progress: float
    due_on: date
    owner_name: str | None
    key_results: list[DigestKeyResult]


class DigestMetric(View):
    name: str
    start_value: float | None
    end_value: float | None
    change: float | None
    target: float


class OpenRisk(View):
    author_name: str
    health: ReportHealth
    difficulties_html: str


class Digest(View):
    """A campaign's week: done and slipped tasks, reports, goals, metrics, open risks."""

    campaign_id: str
    campaign_name: str
    week_start: date
    week_end: date
    tasks_done: list[DigestTask]
    tasks_slipped: list[DigestTask]
    reports: list[DigestReport]
    goals: list[DigestGoal]
    metrics: list[DigestMetric]
    open_risks: list[OpenRisk]


class CampaignHeading(View):
    """A campaign as a page of its parts names it."""

    id: str
    name: str
