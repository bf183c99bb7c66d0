"""The API's enumerations, in the one place the web front end may import them from.

The web (app/web/) is a client of the JSON API and never imports app.models or the
services; it names the values it shows (labels, pickers, board columns) through this
module, so a value added to the API cannot be forgotten by the pages (a test checks
that every value has a label in both languages).
"""

from app.division.schemas import Severity
from app.imports.fields import ImportKind, OnDuplicate
from app.imports.schemas import ImportState
from app.metrics.schemas import Granularity
from app.models.enums import (
    Access,
    Aggregation,
    AssignmentStatus,
    CampaignKind,
    CampaignStatus,
    Direction,
    MemberStatus,
    MetricCategory,
    PlanAnchor,
    PlanCatchUp,
    PlanRotation,
    Raci,
    ReportHealth,
    ReportingState,
    ReportStatus,
    SkillCategory,
    TaskPriority,
    TaskStatus,
)
from app.models.goal import GoalStatus
from app.models.meeting import MeetingState, OutcomeKind
from app.models.notification import Delivery, NotificationKind
from app.models.webhook import DeliveryState

NEW_CAMPAIGN_STATUSES = (CampaignStatus.draft, CampaignStatus.planning, CampaignStatus.active)

__all__ = [
    "NEW_CAMPAIGN_STATUSES",
    "Access",
    "Aggregation",
    "AssignmentStatus",
    "CampaignKind",
    "CampaignStatus",
    "Delivery",
    "DeliveryState",
    "Direction",
    "GoalStatus",
    "Granularity",
    "ImportKind",
    "ImportState",
    "MeetingState",
    "MemberStatus",
    "MetricCategory",
    "NotificationKind",
    "OnDuplicate",
    "OutcomeKind",
    "PlanAnchor",
    "PlanCatchUp",
    "PlanRotation",
    "Raci",
    "ReportHealth",
    "ReportStatus",
    "ReportingState",
    "Severity",
    "SkillCategory",
    "TaskPriority",
    "TaskStatus",
]
