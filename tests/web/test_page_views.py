"""The view models of the member, plan, task, meeting, report, training, metric, role,
settings, import, inbox, webhook and sign-in pages, with the API replies they parse
(tests/web/test_views.py checks every pair)."""

from pydantic import BaseModel

from app.assignments.schemas import AssignmentPage, AssignmentRead
from app.auth import schemas as auth
from app.campaigns.schemas import CampaignRead
from app.comments.schemas import CommentRead, CommentReplyRead
from app.contracts.obligation_schemas import ObligationRead
from app.imports import schemas as imports
from app.invites.schemas import InviteCreated, InviteRead
from app.meetings import schemas as meetings
from app.members.schemas import MemberRead, MemberSkillRead
from app.metrics import schemas as metrics
from app.notifications.schemas import NotificationRead, PreferenceRead
from app.reports import digest_schemas as digest
from app.reports import schemas as reports
from app.roles.schemas import RequiredSkillRead, RoleRead
from app.skills.schemas import SkillRead
from app.tasks import schemas as tasks
from app.trainings.schemas import TrainingRead
from app.web.views import View
from app.web.views import auth as auth_views
from app.web.views import comments as comment_views
from app.web.views import imports as import_views
from app.web.views import inbox as inbox_views
from app.web.views import meetings as meeting_views
from app.web.views import members as member_views
from app.web.views import metrics as metric_views
from app.web.views import reports as report_views
from app.web.views import roles as role_views
from app.web.views import settings as settings_views
from app.web.views import tasks as task_views
from app.web.views import trainings as training_views
from app.web.views import webhooks as webhook_views
from app.web.views import work_plans as plan_views
from app.webhooks import schemas as webhooks
from app.work_plans import schemas as work_plans
from app.work_plans.templates import WorkPlanTemplateRead

VIEWS_OF_REPLIES: list[tuple[type[View], type[BaseModel]]] = [
    (member_views.MemberChoice, MemberRead),
    (member_views.SkillOption, SkillRead),
    (member_views.MemberSkill, MemberSkillRead),
    (member_views.Member, MemberRead),
    (member_views.MemberAssignment, AssignmentRead),
    (plan_views.WorkPlan, work_plans.WorkPlanRead),
    (plan_views.Occurrence, work_plans.Occurrence),
    (plan_views.PlanTemplate, WorkPlanTemplateRead),
    (plan_views.RoleOption, RoleRead),
    (plan_views.CampaignHeading, CampaignRead),
    (plan_views.DigestTask, digest.DigestTask),
    (plan_views.DigestReport, digest.DigestReport),
    (plan_views.DigestKeyResult, digest.DigestKeyResult),
    (plan_views.DigestGoal, digest.DigestGoal),
    (plan_views.DigestMetric, digest.MetricMovement),
    (plan_views.OpenRisk, digest.OpenRisk),
    (plan_views.Digest, digest.CampaignDigest),
    (meeting_views.MeetingSummary, meetings.MeetingSummary),
    (meeting_views.AgendaItem, meetings.AgendaItemRead),
    (meeting_views.Outcome, meetings.OutcomeRead),
    (meeting_views.Meeting, meetings.MeetingRead),
    (meeting_views.Decision, meetings.DecisionRead),
    (comment_views.Reply, CommentReplyRead),
    (comment_views.Comment, CommentRead),
    (role_views.RequiredSkill, RequiredSkillRead),
    (role_views.Role, RoleRead),
    (role_views.HolderAssignment, AssignmentRead),
    (role_views.HolderAssignments, AssignmentPage),
    (role_views.CampaignChoice, CampaignRead),
    (settings_views.Person, MemberRead),
    (settings_views.Invite, InviteRead),
    (settings_views.Token, auth.ApiTokenRead),
    (settings_views.MadeInvite, InviteCreated),
    (settings_views.MadeToken, auth.ApiTokenCreated),
    (task_views.Step, tasks.ChecklistStep),
    (task_views.TaskWarning, tasks.TaskWarning),
    (task_views.Task, tasks.TaskRead),
    (task_views.Obligation, ObligationRead),
    (report_views.AuthorState, reports.AuthorState),
    (report_views.Schedule, reports.ReportScheduleRead),
    (report_views.Report, reports.ReportRead),
    (training_views.Training, TrainingRead),
    (webhook_views.Endpoint, webhooks.WebhookEndpointRead),
    (webhook_views.Delivery, webhooks.WebhookDeliveryRead),
    (webhook_views.Secret, webhooks.WebhookEndpointWithSecret),
    (metric_views.Metric, metrics.MetricRead),
    (metric_views.SeriesPoint, metrics.SeriesPoint),
    (metric_views.ChannelSeries, metrics.ChannelSeries),
    (metric_views.Series, metrics.MetricSeries),
    (metric_views.Datapoint, metrics.DatapointRead),
    (import_views.ImportSummary, imports.ImportSummary),
    (import_views.ImportField, imports.ImportField),
    (import_views.Import, imports.ImportRead),
    (import_views.RowError, imports.RowErrorRead),
    (import_views.Validation, imports.ValidationRead),
    (inbox_views.Notification, NotificationRead),
    (inbox_views.Preference, PreferenceRead),
    (auth_views.InvitePreview, auth.InvitePreview),
    (auth_views.SessionToken, auth.TokenResponse),
    (auth_views.Accepted, auth.InviteAccepted),
    (auth_views.Me, auth.UserRead),
]


def test_a_series_reads_the_apis_from_under_another_name() -> None:
    series = metric_views.Series.model_validate(
        {"timezone": "Asia/Shanghai", "from": "2026-11-01", "to": "2026-11-30", "points": []}
    )

    assert (series.from_.isoformat(), series.to.isoformat()) == ("2026-11-01", "2026-11-30")
