import uuid
from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import ConfigDict, Field, model_validator

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import Text, omittable
from app.models.enums import AssignmentStatus, Raci

AllocationPercent = Annotated[
    int, Field(ge=0, le=100, description="Share of the member's weekly capacity, in %.")
]

Reason = Annotated[
    str | None,
    Field(
        max_length=500,
        description="Why: kept in the assignment's history (not on the assignment itself).",
    ),
]

_EXAMPLE: dict[str, Any] = {
    "member_id": "0b6f3c1e-8a77-4f61-9a43-2a1f6a0e5d10",
    "role_id": "9d2e4b8c-31f0-4c5a-8b7e-6f1d2c3b4a59",
    "campaign_id": "3f8a9b2c-7d6e-4f50-a1b2-c3d4e5f60718",
    "scope_id": "7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928",
    "raci": "accountable",
    "allocation_percent": 30,
    "starts_on": "2026-03-01",
    "note": "Owns the script end to end",
}


class AssignmentCreate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    member_id: uuid.UUID
    role_id: uuid.UUID
    campaign_id: uuid.UUID | None = Field(
        default=None, description="Leave empty for a standing, workspace-wide assignment."
    )
    scope_id: uuid.UUID | None = Field(
        default=None, description="A scope of `campaign_id`; empty means the whole campaign."
    )
    raci: Raci
    allocation_percent: AllocationPercent | None = Field(
        default=None,
        description="Default: the workspace's suggested allocation for campaign work "
        "(division settings), 0 for a standing assignment.",
    )
    starts_on: date | None = Field(
        default=None,
        description="Default: what is left of the campaign — its start, or today once it has "
        "started; today for a standing assignment.",
    )
    ends_on: date | None = Field(
        default=None,
        description="Default (when left out): the campaign's end. Send `null` for no end.",
    )
    note: Text = ""
    reason: Reason = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.scope_id is not None and self.campaign_id is None:
            raise ValueError("scope_id needs campaign_id")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class AssignmentUpdate(InputModel):
    """Fields to change. Setting `status` to `ended` closes it today unless `ends_on` is given."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "raci": "responsible",
                    "allocation_percent": 50,
                    "reason": "Zhou takes over the edit",
                }
            ]
        },
    )

    member_id: uuid.UUID = omittable(description="Hand the assignment to someone else.")
    role_id: uuid.UUID = omittable()
    scope_id: uuid.UUID | None = Field(default=None, description="Another scope of the campaign.")
    raci: Raci = omittable()
    allocation_percent: AllocationPercent = omittable()
    starts_on: date = omittable()
    ends_on: date | None = None
    status: AssignmentStatus = omittable()
    note: Text = omittable()
    reason: Reason = None


class AssignmentRead(ReadModel):
    id: uuid.UUID
    member_id: uuid.UUID
    member_name: str
    role_id: uuid.UUID
    role_name: str
    campaign_id: uuid.UUID | None
    campaign_name: str | None
    scope_id: uuid.UUID | None
    scope_name: str | None
    raci: Raci
    allocation_percent: int
    starts_on: date
    ends_on: date | None
    status: AssignmentStatus
    note: str
    created_at: datetime
    updated_at: datetime


class AssignmentPage(Page[AssignmentRead]):
    pass
