"""All ORM classes, importable from one place (Alembic and services use this)."""

from app.models.activity import Activity
from app.models.assignment import Assignment
from app.models.base import Base
from app.models.campaign import Campaign, CampaignGoal, CampaignRequiredRole, Scope
from app.models.contract import Contract, IPAsset
from app.models.deal import Deal, DealStageChange, Partner, PipelineStage
from app.models.division import ChangeAction, DivisionSettings
from app.models.file import FileReference, StoredFile
from app.models.funding import Contribution, CrowdfundingTerms, FundingGoal, Tier
from app.models.idempotency import IdempotencyRecord
from app.models.job import Job, JobState
from app.models.member import Member, MemberSkill
from app.models.metric import Datapoint, Metric
from app.models.ratelimit import RateLimitCounter
from app.models.role import Role, RoleRequiredSkill
from app.models.skill import Skill
from app.models.user import AccessToken, User
from app.models.workspace import Invite, Workspace

__all__ = [
    "AccessToken",
    "Activity",
    "Assignment",
    "Base",
    "Campaign",
    "CampaignGoal",
    "CampaignRequiredRole",
    "ChangeAction",
    "Contract",
    "Contribution",
    "CrowdfundingTerms",
    "Datapoint",
    "Deal",
    "DealStageChange",
    "DivisionSettings",
    "FileReference",
    "FundingGoal",
    "IPAsset",
    "IdempotencyRecord",
    "Invite",
    "Job",
    "JobState",
    "Member",
    "MemberSkill",
    "Metric",
    "Partner",
    "PipelineStage",
    "RateLimitCounter",
    "Role",
    "RoleRequiredSkill",
    "Scope",
    "Skill",
    "StoredFile",
    "Tier",
    "User",
    "Workspace",
]
