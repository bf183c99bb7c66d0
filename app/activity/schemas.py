"""The activity stream as the API shows it."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from app.core.pagination import Page
from app.core.schemas import ReadModel


class ActivityOrder(StrEnum):
    newest = "newest"
    oldest = "oldest"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


class ActivityRead(ReadModel):
    """One change: who did what to which object, when, what changed and why."""

    id: uuid.UUID = Field(description="Time-ordered: later activities have greater ids.")
    occurred_at: datetime
    verb: str = Field(description="`subject.action`, e.g. `assignment.created`.")
    subject_type: str = Field(description="`campaign`, `assignment`, `member`, …")
    subject_id: uuid.UUID
    subject_name: str = Field(description="The subject's name when it happened.")
    campaign_id: uuid.UUID | None
    member_id: uuid.UUID | None = Field(description="The member the subject concerns.")
    related_member_id: uuid.UUID | None = Field(
        description="Another member concerned (the assignee before a handover)."
    )
    actor_member_id: uuid.UUID | None = Field(description="`null` when Troupe itself acted.")
    actor_name: str
    before: dict[str, Any] | None = Field(
        description="Changed fields before (everything, for a deletion; `null` on creation)."
    )
    after: dict[str, Any] | None = Field(
        description="Changed fields after (the set ones, for a creation; `null` on deletion)."
    )
    reason: str = Field(
        description="Why, as the person typed it, or the system's reason in your language."
    )
    reason_code: str | None = Field(description="The system's reason, if it gave one.")
    request_id: str | None = Field(description="The `X-Request-ID` of the change.")


class ActivityPage(Page[ActivityRead]):
    pass


@dataclass(frozen=True)
class ActivityFilters:
    campaign_id: uuid.UUID | None = None
    member_id: uuid.UUID | None = None
    verbs: tuple[str, ...] = ()
    subject_type: str | None = None
    subject_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    order: ActivityOrder = ActivityOrder.newest
