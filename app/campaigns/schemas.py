import uuid
from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, ShortTextList, Text, omittable
from app.models.enums import CampaignKind, CampaignStatus
from app.scopes.schemas import ScopeCreate, ScopeRead

CREATABLE_STATUSES = (CampaignStatus.draft, CampaignStatus.planning, CampaignStatus.active)


class Audience(InputModel):
    """Who the campaign is for, and where it reaches them."""

    description: Text = ""
    segments: ShortTextList = Field(default=[], examples=[["students", "indie gamers"]])
    channels: ShortTextList = Field(default=[], examples=[["bilibili", "wechat"]])


class GoalIn(InputModel):
    metric_id: uuid.UUID
    target: float = Field(allow_inf_nan=False)
    due_on: date | None = None


class GoalRead(ReadModel):
    metric_id: uuid.UUID
    metric_key: str
    metric_name: str
    target: float
    due_on: date | None


class RequiredRoleRead(ReadModel):
    role_id: uuid.UUID
    key: str
    name: str


def _unique_ids(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    if len(set(ids)) != len(ids):
        raise ValueError("each role may appear only once")
    return ids


RequiredRoleIds = Annotated[list[uuid.UUID], Field(max_length=50), AfterValidator(_unique_ids)]
_DEPRECATED_GOALS = (
    "Deprecated: campaign goals became key results of goals (`goals_*`, `key_results_*`); "
    "these simple targets keep working but are not shown with progress."
)
Goals = Annotated[
    list[GoalIn],
    Field(max_length=50, description=_DEPRECATED_GOALS, json_schema_extra={"deprecated": True}),
]


def _scope_names_unique(scopes: list[ScopeCreate]) -> list[ScopeCreate]:
    if len({s.name for s in scopes}) != len(scopes):
        raise ValueError("scope names must be unique within a campaign")
    return scopes


class _Dates(InputModel):
    starts_on: date | None = None
    ends_on: date | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


_EXAMPLE: dict[str, Any] = {
    "name": "Spring video series",
    "kind": "content",
    "status": "planning",
    "starts_on": "2026-03-01",
    "ends_on": "2026-05-31",
    "audience": {
        "description": "Students learning to edit video",
        "segments": ["students"],
        "channels": ["bilibili", "douyin"],
    },
    "scopes": [{"name": "Script"}, {"name": "Filming"}, {"name": "Sponsor contract"}],
}


class CampaignCreate(_Dates):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    name: LongName
    kind: CampaignKind = CampaignKind.content
    status: CampaignStatus = Field(
        default=CampaignStatus.draft, description="`draft`, `planning` or `active`."
    )
    lead_member_id: uuid.UUID | None = None
    audience: Audience = Audience()
    required_role_ids: RequiredRoleIds = []
    goals: Goals = []
    scopes: Annotated[
        list[ScopeCreate], Field(max_length=100), AfterValidator(_scope_names_unique)
    ] = Field(default=[], description="Initial scopes; manage them later under /scopes.")

    @model_validator(mode="after")
    def _creatable_status(self) -> Self:
        if self.status not in CREATABLE_STATUSES:
            raise ValueError("a new campaign starts as draft, planning or active")
        return self


class CampaignUpdate(InputModel):
    """Fields to change; `goals` and `required_role_ids` replace the whole list."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "active"}]})

    name: LongName = omittable()
    kind: CampaignKind = omittable()
    status: CampaignStatus = omittable(
        description="Only along allowed transitions; see `allowed_transitions`."
    )
    starts_on: date | None = None
    ends_on: date | None = None
    lead_member_id: uuid.UUID | None = None
    audience: Audience = omittable()
    required_role_ids: RequiredRoleIds = omittable()
    goals: Goals = omittable()


class CampaignRead(ReadModel):
    id: uuid.UUID
    name: str
    kind: CampaignKind
    status: CampaignStatus
    allowed_transitions: list[CampaignStatus] = Field(
        description="Statuses this campaign may move to next."
    )
    starts_on: date | None
    ends_on: date | None
    lead_member_id: uuid.UUID | None
    lead_member_name: str | None
    audience: Audience
    required_roles: list[RequiredRoleRead]
    goals: list[GoalRead] = Field(
        description=_DEPRECATED_GOALS, json_schema_extra={"deprecated": True}
    )
    scopes: list[ScopeRead]
    created_at: datetime
    updated_at: datetime


class CampaignPage(Page[CampaignRead]):
    pass


ALLOWED_TRANSITIONS: dict[CampaignStatus, tuple[CampaignStatus, ...]] = {
    CampaignStatus.draft: (
        CampaignStatus.planning,
        CampaignStatus.active,
        CampaignStatus.cancelled,
    ),
    CampaignStatus.planning: (
        CampaignStatus.draft,
        CampaignStatus.active,
        CampaignStatus.cancelled,
    ),
    CampaignStatus.active: (
        CampaignStatus.paused,
        CampaignStatus.completed,
        CampaignStatus.cancelled,
    ),
    CampaignStatus.paused: (
        CampaignStatus.active,
        CampaignStatus.completed,
        CampaignStatus.cancelled,
    ),
    CampaignStatus.completed: (CampaignStatus.planning,),
    CampaignStatus.cancelled: (CampaignStatus.planning,),
}
