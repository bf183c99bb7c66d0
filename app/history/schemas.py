import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from app.core.pagination import Page
from app.core.schemas import ReadModel
from app.models.division import ChangeAction
from app.models.enums import AssignmentStatus, Raci


class HistoryOrder(StrEnum):
    newest = "newest"
    oldest = "oldest"


class AssignmentSnapshot(ReadModel):
    """An assignment as it was at that moment, with the names as they were then."""

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


class AssignmentChangeRead(ReadModel):
    """One entry of the timeline: who changed which assignment, when, how and why."""

    id: uuid.UUID
    assignment_id: uuid.UUID
    campaign_id: uuid.UUID | None
    member_id: uuid.UUID = Field(description="The assignee after the change (before, if deleted).")
    previous_member_id: uuid.UUID | None = Field(description="The assignee before a handover.")
    action: ChangeAction
    changed_at: datetime
    actor_member_id: uuid.UUID | None = Field(description="Who made the change.")
    actor_name: str
    reason: str = Field(
        description="Why, as the person typed it, or the system's reason in your language."
    )
    reason_code: str | None = Field(
        default=None,
        description="The system's reason (`staffing_applied`, `scope_deleted`, "
        "`campaign_deleted`, …), shown as `reason` when nobody typed one; else `null`.",
    )
    changed_fields: list[str] = Field(
        description="Fields that differ between `before` and `after` (all set ones on create)."
    )
    before: AssignmentSnapshot | None = Field(description="`null` for `created`.")
    after: AssignmentSnapshot | None = Field(description="`null` for `deleted`.")


class AssignmentChangePage(Page[AssignmentChangeRead]):
    pass
