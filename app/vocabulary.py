"""The API's enumerations, in the one place the web front end may import them from.

The web (app/web/) is a client of the JSON API and never imports app.models or the
services; it names the values it shows (labels, pickers, board columns) through this
module, so a value added to the API cannot be forgotten by the pages (a test checks
that every value has a label in both languages). The few rules the pages offer as the API
applies them (a contract's next statuses) come through here too, from where the service reads them.
"""

from app.announcements.schemas import AnnouncementState
from app.contracts.lifecycle import CONTRACT_NEXT_STATUSES
from app.division.schemas import Judged, Severity
from app.goals.progress import Likelihood
from app.imports.fields import ImportKind, OnDuplicate
from app.imports.schemas import ImportState
from app.metrics.schemas import Granularity
from app.models.contract import ContractStatus, ContractType, Decision, IPAssetKind, Renewal
from app.models.deal import PartnerKind, StageOutcome
from app.models.division import ChangeAction
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
from app.models.funding import ContributionStatus
from app.models.funding import GoalKind as FundingGoalKind
from app.models.goal import GoalOutcome, GoalState, GoalStatus, PaceProfile
from app.models.meeting import MeetingState, OutcomeKind
from app.models.notification import Delivery, NotificationKind
from app.models.paper import (
    DocumentKind,
    InvestorStage,
    ObligationRecurrence,
    ObligationStatus,
    OwedBy,
)
from app.models.webhook import DeliveryState
from app.staffing.schemas import SlotKind, SuggestionMode

NEW_CAMPAIGN_STATUSES = (CampaignStatus.draft, CampaignStatus.planning, CampaignStatus.active)

__all__ = [
    "CONTRACT_NEXT_STATUSES",
    "NEW_CAMPAIGN_STATUSES",
    "Access",
    "Aggregation",
    "AnnouncementState",
    "AssignmentStatus",
    "CampaignKind",
    "CampaignStatus",
    "ChangeAction",
    "ContractStatus",
    "ContractType",
    "ContributionStatus",
    "Decision",
    "Delivery",
    "DeliveryState",
    "Direction",
    "DocumentKind",
    "FundingGoalKind",
    "GoalOutcome",
    "GoalState",
    "GoalStatus",
    "Granularity",
    "IPAssetKind",
    "ImportKind",
    "ImportState",
    "InvestorStage",
    "Judged",
    "Likelihood",
    "MeetingState",
    "MemberStatus",
    "MetricCategory",
    "NotificationKind",
    "ObligationRecurrence",
    "ObligationStatus",
    "OnDuplicate",
    "OutcomeKind",
    "OwedBy",
    "PaceProfile",
    "PartnerKind",
    "PlanAnchor",
    "PlanCatchUp",
    "PlanRotation",
    "Raci",
    "Renewal",
    "ReportHealth",
    "ReportStatus",
    "ReportingState",
    "Severity",
    "SkillCategory",
    "SlotKind",
    "StageOutcome",
    "SuggestionMode",
    "TaskPriority",
    "TaskStatus",
]
