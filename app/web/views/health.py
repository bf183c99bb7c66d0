"""What the /health page reads of the workspace's health (app/division/schemas.py's
WorkspaceHealth): the days judged, the campaigns, and the findings' counts per group."""

from datetime import date

from pydantic import Field

from app.vocabulary import CampaignStatus, Judged, Severity
from app.web.views import View


class HealthCampaign(View):
    campaign_id: str
    campaign_name: str
    status: CampaignStatus


class FindingGroup(View):
    """How many findings of one code a campaign (None: the workspace) has."""

    campaign_id: str | None
    code: str
    severity: Severity
    count: int


class Finding(View):
    severity: Severity
    message: str


class Health(View):
    first_day: date = Field(alias="from")
    to: date
    load_from: date
    load_to: date
    campaigns: list[HealthCampaign]
    groups: list[FindingGroup]


class FindingsPage(View):
    findings: list[Finding]
    next_cursor: str | None


class DivisionFinding(Finding):
    """A finding of one campaign's division of labour, with who could help."""

    helper_names: list[str] = []


class HealthSummary(View):
    errors: int
    warnings: int
    infos: int


class CampaignHealth(View):
    campaign_name: str
    first_day: date = Field(alias="from")
    to: date
    judged: Judged
    summary: HealthSummary
    findings: list[DivisionFinding]
