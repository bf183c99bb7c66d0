"""The pages' view models (app/web/views/) read the API's replies: every field a view
names is a field of the reply it parses, so a renamed or removed reply field fails here
rather than on a page."""

import pytest
from pydantic import BaseModel, ValidationError

from app.activity.schemas import ActivityRead
from app.announcements import schemas as announcements
from app.assignments.schemas import AssignmentRead
from app.campaigns.schemas import CampaignGoalRead, CampaignRead, RequiredRoleRead
from app.contracts import health as contract_health
from app.contracts.obligation_schemas import ObligationRead
from app.contracts.schemas import ContractRead, ReminderRead
from app.dashboards import schemas as dashboards
from app.deals import pipeline
from app.deals import schemas as deals
from app.division import schemas as division
from app.documents.schemas import DocumentPage, DocumentRead
from app.funding import investor_schemas as investors
from app.funding import schemas as funding
from app.goals import schemas as goals
from app.history.schemas import AssignmentChangeRead, AssignmentSnapshot
from app.ip import grants_schemas
from app.ip import schemas as ip
from app.members.schemas import MemberRead
from app.scopes.schemas import ScopeRead
from app.skill_matrix import schemas as skill_matrix
from app.staffing import schemas as staffing
from app.vocabulary import Access
from app.web.views import View
from app.web.views import announcements as announcement_views
from app.web.views import assignments as assignment_views
from app.web.views import campaigns as campaign_views
from app.web.views import contracts as contract_views
from app.web.views import dashboards as dashboard_views
from app.web.views import deals as deal_views
from app.web.views import division as division_views
from app.web.views import documents as document_views
from app.web.views import feed as feed_views
from app.web.views import funding as funding_views
from app.web.views import goals as goal_views
from app.web.views import health as health_views
from app.web.views import ip as ip_views
from app.web.views import staffing as staffing_views
from app.web.views.workspace import Permissions, Workspace
from app.workload import schemas as workload
from app.workspaces.schemas import WorkspaceRead
from tests.web.test_page_views import VIEWS_OF_REPLIES as PAGE_VIEWS_OF_REPLIES

VIEWS_OF_REPLIES: list[tuple[type[View], type[BaseModel]]] = [
    (Workspace, WorkspaceRead),
    (goal_views.Goal, goals.GoalRead),
    (goal_views.KeyResult, goals.KeyResultRead),
    (goal_views.Forecast, goals.ForecastRead),
    (campaign_views.CampaignCard, CampaignRead),
    (campaign_views.Campaign, CampaignRead),
    (campaign_views.Scope, ScopeRead),
    (campaign_views.RequiredRole, RequiredRoleRead),
    (campaign_views.GoalRow, CampaignGoalRead),
    (campaign_views.Person, MemberRead),
    (campaign_views.Person, announcements.MemberRef),
    (deal_views.Stage, deals.PipelineStageRead),
    (deal_views.StageValue, pipeline.StageValue),
    (deal_views.StageSummary, pipeline.PipelineStageSummary),
    (deal_views.ForecastMonth, pipeline.ForecastMonth),
    (deal_views.Pipeline, pipeline.DealsPipeline),
    (deal_views.DealCard, deals.DealRead),
    (deal_views.Deal, deals.DealRead),
    (deal_views.StageChange, deals.DealStageChangeRead),
    (deal_views.DealContract, ContractRead),
    (deal_views.Contact, deals.Contact),
    (deal_views.Partner, deals.PartnerRead),
    (contract_views.ContractRow, ContractRead),
    (contract_views.Contract, ContractRead),
    (contract_views.Reminder, ReminderRead),
    (contract_views.Finding, contract_health.ContractFinding),
    (contract_views.ContractsHealth, contract_health.ContractsHealth),
    (contract_views.Obligation, ObligationRead),
    (contract_views.Accountable, AssignmentRead),
    (document_views.Document, DocumentRead),
    (document_views.DocumentList, DocumentPage),
    (ip_views.Owner, ip.Owner),
    (ip_views.Asset, ip.IPAssetRead),
    (ip_views.Grant, grants_schemas.LicenceGrantRead),
    (funding_views.Progress, funding.GoalProgress),
    (funding_views.FundingGoal, funding.FundingGoalRead),
    (funding_views.Contribution, funding.ContributionRead),
    (funding_views.Investor, investors.InvestorRead),
    (funding_views.StageTotal, investors.InvestorStageTotal),
    (funding_views.InvestorPipeline, investors.InvestorPipeline),
    (assignment_views.Assignment, AssignmentRead),
    (assignment_views.AssignmentSnapshot, AssignmentSnapshot),
    (assignment_views.AssignmentChange, AssignmentChangeRead),
    (feed_views.Activity, ActivityRead),
    (announcement_views.Announcement, announcements.AnnouncementRead),
    (announcement_views.ReceiptCounts, announcements.ReceiptCounts),
    (announcement_views.MyReceipt, announcements.MyReceipt),
    (announcement_views.Receipts, announcements.ReceiptsRead),
    (health_views.HealthCampaign, division.CampaignHealthSummary),
    (health_views.FindingGroup, division.FindingGroup),
    (health_views.Finding, division.Finding),
    (health_views.Health, division.WorkspaceHealth),
    (health_views.FindingsPage, division.WorkspaceHealth),
    (dashboard_views.ChannelValue, dashboards.ChannelValue),
    (dashboard_views.Tile, dashboards.DashboardTile),
    (dashboard_views.Dashboard, dashboards.Dashboard),
    (division_views.Week, workload.WeekHeader),
    (division_views.WeekLoad, workload.WeekLoad),
    (division_views.HeatmapRow, workload.HeatmapRow),
    (division_views.Heatmap, workload.WorkloadHeatmap),
    (division_views.WeekAssignment, workload.WorkloadAssignment),
    (division_views.MemberWorkload, workload.MemberWorkload),
    (division_views.Skill, skill_matrix.SkillColumn),
    (division_views.SkillRow, skill_matrix.SkillMatrixRow),
    (division_views.RequiredSkill, skill_matrix.RequiredSkill),
    (division_views.RoleQualification, skill_matrix.RoleQualification),
    (division_views.SkillMatrix, skill_matrix.SkillMatrix),
    (division_views.SkillHolder, skill_matrix.SkillHolder),
    (division_views.SkillGap, skill_matrix.SkillGap),
    (division_views.SkillGapPage, skill_matrix.SkillGapPage),
    (health_views.HealthSummary, division.HealthSummary),
    (health_views.DivisionFinding, division.Finding),
    (health_views.CampaignHealth, division.CampaignHealth),
    (staffing_views.OpenSlot, staffing.OpenSlot),
    (staffing_views.Candidate, staffing.Candidate),
    (staffing_views.Pick, staffing.Pick),
    (staffing_views.SlotSuggestions, staffing.SlotSuggestions),
    (staffing_views.StaffingSuggestions, staffing.StaffingSuggestions),
]


def _reply_names(model: type[BaseModel]) -> set[str]:
    """The names a reply has in JSON (its aliases where it has them)."""
    return {field.alias or name for name, field in model.model_fields.items()}


@pytest.mark.parametrize(
    ("view", "reply"),
    [*VIEWS_OF_REPLIES, *PAGE_VIEWS_OF_REPLIES],
    ids=[f"{v.__name__}-{r.__name__}" for v, r in [*VIEWS_OF_REPLIES, *PAGE_VIEWS_OF_REPLIES]],
)
def test_a_view_names_only_fields_of_the_reply_it_parses(
    view: type[View], reply: type[BaseModel]
) -> None:
    assert _reply_names(view) <= _reply_names(reply), _reply_names(view) - _reply_names(reply)


def test_a_view_ignores_reply_fields_it_does_not_show_and_cannot_be_changed() -> None:
    person = campaign_views.Person.model_validate(
        {"id": "m1", "display_name": "Lin", "email": "lin@example.com"}
    )

    assert person.display_name == "Lin"
    assert not hasattr(person, "email")
    with pytest.raises(ValidationError, match="frozen"):
        person.__setattr__("display_name", "Chen")


@pytest.mark.parametrize(
    ("access", "edit", "admin", "own"),
    [
        (Access.viewer, False, False, False),
        (Access.editor, True, False, False),
        (Access.admin, True, True, False),
        (Access.owner, True, True, True),
    ],
)
def test_what_a_page_lets_the_caller_do_follows_their_access(
    access: Access, edit: bool, admin: bool, own: bool
) -> None:
    assert Permissions.of(access) == Permissions(edit=edit, admin=admin, own=own)
