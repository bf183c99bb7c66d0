"""What the campaign list, board and form show of a campaign (app/campaigns/schemas.py)."""

from datetime import date, datetime

from app.vocabulary import CampaignKind, CampaignStatus
from app.web.views import View


class Scope(View):
    """An area of the campaign's work, and the roles it needs."""

    id: str
    name: str
    role_ids: list[str] = []


class CampaignCard(View):
    """A campaign in the list and on the board."""

    id: str
    name: str
    kind: CampaignKind
    status: CampaignStatus
    allowed_transitions: list[CampaignStatus]
    starts_on: date | None
    ends_on: date | None
    lead_member_id: str | None
    lead_member_name: str | None
    scopes: list[Scope]


class Audience(View):
    description: str = ""
    segments: list[str] = []
    channels: list[str] = []


class RequiredRole(View):
    role_id: str
    name: str


class GoalRow(View):
    """A row of the form's simple targets: as saved, or as typed when the form comes back."""

    metric_id: str | None = None
    metric_name: str = ""
    target: float | str | None = None
    due_on: date | str | None = None


class Campaign(CampaignCard):
    """A campaign with what its form edits."""

    audience: Audience
    required_roles: list[RequiredRole]
    goals: list[GoalRow]
    archived_at: datetime | None = None

    def form_values(self, etag: str) -> dict[str, str | list[str]]:
        return {
            "name": self.name,
            "kind": self.kind,
            "status": self.status,
            "starts_on": self.starts_on.isoformat() if self.starts_on else "",
            "ends_on": self.ends_on.isoformat() if self.ends_on else "",
            "lead_member_id": self.lead_member_id or "",
            "audience_description": self.audience.description,
            "segments": ", ".join(self.audience.segments),
            "channels": ", ".join(self.audience.channels),
            "role_ids": [r.role_id for r in self.required_roles],
            "etag": etag,
        }


class Role(View):
    id: str
    key: str
    name: str


class Metric(View):
    id: str
    name: str


class Person(View):
    """A member as a picker shows them (the chosen lead, a person found by name)."""

    id: str
    display_name: str
