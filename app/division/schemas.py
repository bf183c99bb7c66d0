import uuid
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field

from app.core.schemas import ReadModel
from app.models.enums import CampaignStatus


class FindingCode(StrEnum):
    no_accountable = "no_accountable"
    no_responsible = "no_responsible"
    multiple_accountable = "multiple_accountable"
    uncovered_role = "uncovered_role"
    overlap = "overlap"
    over_allocated = "over_allocated"
    skill_gap = "skill_gap"
    single_point_of_failure = "single_point_of_failure"
    idle_member = "idle_member"
    lead_not_assigned = "lead_not_assigned"
    task_owner_not_assigned = "task_owner_not_assigned"
    report_overdue = "report_overdue"
    goal_off_track = "goal_off_track"


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class Finding(ReadModel):
    """One problem of the division of labour, with the ids a screen links to."""

    code: FindingCode
    severity: Severity
    message: str = Field(description="In the caller's language.")
    campaign_id: uuid.UUID | None = None
    scope_id: uuid.UUID | None = None
    role_id: uuid.UUID | None = None
    skill_id: uuid.UUID | None = None
    member_ids: list[uuid.UUID] = Field(default_factory=list, description="The members concerned.")
    assignment_ids: list[uuid.UUID] = Field(
        default_factory=list, description="The assignments concerned."
    )
    helper_member_ids: list[uuid.UUID] = Field(
        default_factory=list,
        description="`skill_gap`: members who have the skill at the required level and "
        "could cover or mentor, best first.",
    )
    helper_names: list[str] = Field(
        default_factory=list,
        description="`skill_gap`: the display names of `helper_member_ids`, in their order.",
    )
    goal_id: uuid.UUID | None = Field(default=None, description="`goal_off_track`: the goal.")
    weeks: list[str] | None = Field(
        default=None,
        description="ISO weeks (`2026-W12`) in which it holds: always for `over_allocated`; "
        "for the other codes when a period (`from`/`to`) was asked and it holds in part of it.",
    )


class Judged(StrEnum):
    """Which days a campaign was judged on."""

    asked = "asked"
    campaign_part = "campaign_part"
    campaign_dates = "campaign_dates"


class HealthSummary(ReadModel):
    errors: int
    warnings: int
    infos: int


_WINDOW = (
    "The days judged: the day or period asked, cut to the campaign's dates; or — for a "
    "campaign that does not run on any day asked — the campaign's own dates (at most 12 "
    "weeks when it has no end). `judged` says which."
)
_LOAD = (
    "First day of the load check: `over_allocated` is judged in the ISO weeks of "
    "`load_from`–`load_to`. With a day or period asked, the days judged; without one, the "
    "12 weeks from today (as the workload heatmap shows), up to the campaign's end."
)
_JUDGED = (
    "`asked`: the day or period asked; `campaign_part`: only the part of it in which the "
    "campaign runs (the days outside its dates are not judged); `campaign_dates`: the "
    "campaign does not run on any day asked, so its own dates were judged instead."
)


class CampaignHealth(ReadModel):
    """A campaign's findings. `over_allocated` covers the members the campaign gives work
    to (an allocation above 0), over the ISO weeks of the days checked."""

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    campaign_id: uuid.UUID
    campaign_name: str
    status: CampaignStatus
    from_: date = Field(alias="from", description="First day judged. " + _WINDOW)
    to: date = Field(description="Last day judged (the same as `from` for one day).")
    judged: Judged = Field(description=_JUDGED)
    asked_from: date = Field(description="First day asked (today without `on`/`from`/`to`).")
    asked_to: date = Field(description="Last day asked.")
    load_from: date = Field(description=_LOAD)
    load_to: date = Field(description="Last day of the load check.")
    summary: HealthSummary
    findings: list[Finding] = Field(description="Errors first, then warnings, then infos.")


class CampaignHealthSummary(ReadModel):
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    campaign_id: uuid.UUID
    campaign_name: str
    status: CampaignStatus
    from_: date = Field(alias="from", description="First day judged. " + _WINDOW)
    to: date = Field(description="Last day judged.")
    judged: Judged = Field(description=_JUDGED)
    summary: HealthSummary


class FindingGroup(ReadModel):
    """How many of the matching findings a campaign (or the workspace) has of one code."""

    campaign_id: uuid.UUID | None = Field(description="`null`: workspace-wide findings.")
    code: FindingCode
    severity: Severity
    count: int


class WorkspaceHealth(ReadModel):
    """Findings of every planning, active or paused campaign, and the workspace-wide ones
    (`over_allocated`, `idle_member`, standing `multiple_accountable`: no `campaign_id`).
    `summary` and `campaigns` count every finding; `groups`, `total` and the pages of
    `findings` only those matching the filters."""

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    from_: date = Field(alias="from", description="First day asked.")
    to: date = Field(description="Last day asked.")
    load_from: date = Field(description=_LOAD)
    load_to: date = Field(description="Last day of the load check.")
    summary: HealthSummary
    campaigns: list[CampaignHealthSummary] = Field(description="Worst first, then by name.")
    groups: list[FindingGroup] = Field(
        description="Counts of the matching findings per campaign, code and severity: "
        "errors first, then in the order of `findings`."
    )
    total: int = Field(description="How many findings match the filters.")
    findings: list[Finding] = Field(
        description="A page of the matching findings: errors first, then warnings, then infos."
    )
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; `null` on the last page. Findings "
        "are computed per request: a page follows on while the workspace does not change."
    )


SEVERITY_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}
# The rules produce findings as plain dicts (thousands for a workspace): the response
# model validates them all at once, in pydantic-core.
FindingData = dict[str, Any]


def ordered(findings: list[FindingData]) -> list[FindingData]:
    """Errors first, then warnings, then infos (stable within a severity)."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f["severity"]])


def summarize(findings: list[FindingData]) -> HealthSummary:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding["severity"]] += 1
    return HealthSummary(
        errors=counts[Severity.error],
        warnings=counts[Severity.warning],
        infos=counts[Severity.info],
    )
