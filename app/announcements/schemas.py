import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import AwareDatetime, ConfigDict, Field, model_validator

from app.core.pagination import Page
from app.core.richtext import Markdown
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, omittable

Ids = Annotated[list[uuid.UUID], Field(max_length=200)]


class AnnouncementAudience(InputModel):
    """Who receives it: `everyone` (also those who join later), or together the holders
    of `role_ids`, the members assigned to `campaign_id` and the chosen `member_ids`."""

    everyone: bool = False
    role_ids: Ids = []
    campaign_id: uuid.UUID | None = None
    member_ids: Ids = []

    @model_validator(mode="after")
    def _one_audience(self) -> Self:
        named = bool(self.role_ids or self.member_ids) or self.campaign_id is not None
        if self.everyone == named:
            raise ValueError("either everyone, or roles, a campaign and members")
        if len(set(self.role_ids)) != len(self.role_ids):
            raise ValueError("each role may appear only once")
        if len(set(self.member_ids)) != len(self.member_ids):
            raise ValueError("each member may appear only once")
        return self


_EXAMPLE: dict[str, Any] = {
    "title": "New upload schedule",
    "body": "From December we publish on **Tuesdays and Fridays**.",
    "audience": {"everyone": True},
    "requires_ack": True,
    "ack_due_at": "2026-12-04T18:00:00+08:00",
}


class AnnouncementCreate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    title: LongName
    body: Markdown = ""
    audience: AnnouncementAudience
    pinned_until: AwareDatetime | None = None
    requires_ack: bool = False
    ack_due_at: AwareDatetime | None = Field(
        default=None, description="Only with `requires_ack`; a reminder goes out a day before."
    )
    publish_at: AwareDatetime | None = Field(
        default=None, description="Publish later (scheduled); now when left out."
    )

    @model_validator(mode="after")
    def _ack_due_needs_ack(self) -> Self:
        if self.ack_due_at is not None and not self.requires_ack:
            raise ValueError("ack_due_at needs requires_ack")
        return self


class AnnouncementUpdate(InputModel):
    """Title, text, pin and due time at any time; the schedule until it is published (the
    audience is fixed: to reach others, make another announcement)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"title": "New upload schedule (v2)"}]}
    )

    title: LongName = omittable()
    body: Markdown = omittable()
    pinned_until: AwareDatetime | None = None
    ack_due_at: AwareDatetime | None = None
    publish_at: AwareDatetime | None = None


class ReceiptCounts(ReadModel):
    recipients: int
    seen: int
    acknowledged: int


class MyReceipt(ReadModel):
    delivered_at: datetime
    first_seen_at: datetime | None
    acknowledged_at: datetime | None


class AnnouncementState(StrEnum):
    scheduled = "scheduled"
    published = "published"


class AnnouncementRead(ReadModel):
    id: uuid.UUID
    title: str
    body: str
    body_html: str
    author_member_id: uuid.UUID | None
    author_name: str | None
    audience: AnnouncementAudience
    state: AnnouncementState
    pinned_until: datetime | None
    requires_ack: bool
    ack_due_at: datetime | None
    publish_at: datetime | None
    published_at: datetime | None
    my_receipt: MyReceipt | None = Field(description="Yours, if you are a recipient.")
    counts: ReceiptCounts | None = Field(description="For its author and admins only.")
    created_at: datetime
    updated_at: datetime


class AnnouncementPage(Page[AnnouncementRead]):
    pass


class ReceiptRead(ReadModel):
    member_id: uuid.UUID
    member_name: str
    delivered_at: datetime
    first_seen_at: datetime | None
    acknowledged_at: datetime | None


class MemberRef(ReadModel):
    id: uuid.UUID
    display_name: str


class ReceiptsRead(ReadModel):
    """Who got it, who has seen it and who has acknowledged it ("seen 12/20")."""

    counts: ReceiptCounts
    not_seen: list[MemberRef]
    not_acknowledged: list[MemberRef] = Field(description="Empty unless it requires it.")
    items: list[ReceiptRead]
