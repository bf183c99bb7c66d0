"""The API's enumerations, in the one place the web front end may import them from.

The web (app/web/) is a client of the JSON API and never imports app.models or the
services; it names the values it shows (labels, pickers, board columns) through this
module, so a value added to the API cannot be forgotten by the pages (a test checks
that every value has a label in both languages).
"""

from app.announcements.schemas import AnnouncementState
from app.division.schemas import Judged, Severity
from app.goals.progress import Likelihood
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
    MemberStatus,
    MetricCategory,
    Raci,
    SkillCategory,
)
from app.models.funding import ContributionStatus
from app.models.funding import GoalKind as FundingGoalKind
from app.models.goal import GoalOutcome, GoalState, GoalStatus, PaceProfile
from app.models.notification import Delivery, NotificationKind
from app.models.paper import (
    DocumentKind,
    InvestorStage,
    ObligationRecurrence,
    ObligationStatus,
    OwedBy,
)
from app.staffing.schemas import SlotKind, SuggestionMode

NEW_CAMPAIGN_STATUSES = (CampaignStatus.draft, CampaignStatus.planning, CampaignStatus.active)

__all__ = [
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
    "DocumentKind",
    "FundingGoalKind",
    "GoalOutcome",
    "GoalState",
    "GoalStatus",
    "Granularity",
    "IPAssetKind",
    "InvestorStage",
    "Judged",
    "Likelihood",
    "MemberStatus",
    "MetricCategory",
    "NotificationKind",
    "ObligationRecurrence",
    "ObligationStatus",
    "OwedBy",
    "PaceProfile",
    "PartnerKind",
    "Raci",
    "Renewal",
    "Severity",
    "SkillCategory",
    "SlotKind",
    "StageOutcome",
    "SuggestionMode",
]
