"""All ORM classes, importable from one place (Alembic and services use this)."""

from app.models.activity import Activity
from app.models.announcement import Announcement, AnnouncementReceipt
from app.models.assignment import Assignment
from app.models.base import Base
from app.models.campaign import Campaign, CampaignGoal, CampaignRequiredRole, Scope, ScopeRole
from app.models.comment import Comment
from app.models.contract import Contract, IPAsset
from app.models.data_import import DataImport, DataImportChange
from app.models.deal import Deal, DealStageChange, Partner, PipelineStage
from app.models.division import (
    ChangeAction,
    DivisionCampaignVersion,
    DivisionSettings,
    DivisionVersion,
)
from app.models.file import FileReference, StoredFile
from app.models.funding import Contribution, CrowdfundingTerms, FundingGoal, Tier
from app.models.goal import Goal, GoalSettings, KeyResult
from app.models.idempotency import IdempotencyRecord
from app.models.job import Job, JobState
from app.models.meeting import AgendaItem, Meeting, MeetingAttendee, MeetingOutcome
from app.models.member import Member, MemberSkill
from app.models.metric import Datapoint, Metric
from app.models.notification import Notification, NotificationDigest, NotificationPreference

# money13: documents, licence grants, investors, obligations
from app.models.paper import Document, Investor, LicenceGrant, Obligation
from app.models.ratelimit import RateLimitCounter
from app.models.report import Report, ReportSchedule
from app.models.role import Role, RoleRequiredSkill
from app.models.rollup import MetricRollup
from app.models.skill import Skill
from app.models.task import Task, WorkPlan
from app.models.training import SkillLevelChange, Training
from app.models.user import AccessToken, User
from app.models.webhook import DeliveryState, WebhookDelivery, WebhookEndpoint
from app.models.workspace import Invite, Workspace

__all__ = [
    "AccessToken",
    "Activity",
    "AgendaItem",
    "Announcement",
    "AnnouncementReceipt",
    "Assignment",
    "Base",
    "Campaign",
    "CampaignGoal",
    "CampaignRequiredRole",
    "ChangeAction",
    "Comment",
    "Contract",
    "Contribution",
    "CrowdfundingTerms",
    "DataImport",
    "DataImportChange",
    "Datapoint",
    "Deal",
    "DealStageChange",
    "DeliveryState",
    "DivisionCampaignVersion",
    "DivisionSettings",
    "DivisionVersion",
    # money13
    "Document",
    "FileReference",
    "FundingGoal",
    "Goal",
    "GoalSettings",
    "IPAsset",
    "IdempotencyRecord",
    "Investor",
    "Invite",
    "Job",
    "JobState",
    "KeyResult",
    "LicenceGrant",
    "Meeting",
    "MeetingAttendee",
    "MeetingOutcome",
    "Member",
    "MemberSkill",
    "Metric",
    "MetricRollup",
    "Notification",
    "NotificationDigest",
    "NotificationPreference",
    "Obligation",
    "Partner",
    "PipelineStage",
    "RateLimitCounter",
    "Report",
    "ReportSchedule",
    "Role",
    "RoleRequiredSkill",
    "Scope",
    "ScopeRole",
    "Skill",
    "SkillLevelChange",
    "StoredFile",
    "Task",
    "Tier",
    "Training",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WorkPlan",
    "Workspace",
]
