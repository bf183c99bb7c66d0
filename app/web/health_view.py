"""View models of the /health page: the filters, and the findings' counts grouped by
campaign and code (the findings themselves are loaded per group, on demand)."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from app.web.views.health import FindingGroup, Health

SECTIONS_PER_PAGE = 20
FINDINGS_PER_PAGE = 25
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class HealthFilters:
    severity: str = ""
    code: str = ""
    campaign_id: str = ""
    member_id: str = ""

    def query(self) -> dict[str, str]:
        """The API's query parameters (only those set)."""
        return {
            name: value
            for name, value in (
                ("severity", self.severity),
                ("code", self.code),
                ("campaign_id", self.campaign_id),
                ("member_id", self.member_id),
            )
            if value
        }

    @property
    def active(self) -> bool:
        return bool(self.query())

    def page_link(self, number: int) -> str:
        return urlencode({**self.query(), "page": number})


@dataclass(frozen=True)
class GroupView:
    """One code's findings in a campaign (or across the workspace): a count to expand."""

    code: str
    severity: str
    count: int
    campaign_id: str | None
    filters: HealthFilters

    @property
    def expand(self) -> str:
        """The query of the fragment that lists them (built only for the groups shown: a
        large workspace has hundreds of groups, a page shows 20 sections)."""
        return urlencode(
            {
                **self.filters.query(),
                "code": self.code,
                "severity": self.severity,
                "campaign_id": self.campaign_id or "",
            }
        )


@dataclass
class SectionView:
    campaign_id: str | None  # None: findings of no one campaign
    name: str
    status: str | None
    groups: list[GroupView] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def health_sections(health: Health, filters: HealthFilters) -> list[SectionView]:
    """Workspace-wide findings first, then the campaigns (worst first, as the API orders
    them); within a section, errors first, then the largest groups."""
    sections: dict[str | None, SectionView] = {None: SectionView(None, "", None)}
    for campaign in health.campaigns:
        sections[campaign.campaign_id] = SectionView(
            campaign.campaign_id, campaign.campaign_name, campaign.status
        )
    for group in health.groups:
        section = sections.get(group.campaign_id)
        if section is None:
            continue
        section.groups.append(
            GroupView(group.code, group.severity, group.count, group.campaign_id, filters)
        )
    for section in sections.values():
        section.groups.sort(key=lambda g: (SEVERITY_ORDER[g.severity], -g.count, g.code))
    return [section for section in sections.values() if section.groups]


def severity_counts(groups: list[FindingGroup]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for group in groups:
        counts[group.severity] += group.count
    return counts
