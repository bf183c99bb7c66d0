import uuid
from datetime import datetime
from typing import Annotated, Self

from pydantic import ConfigDict, Field, model_validator

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.models.notification import Delivery, NotificationKind


class NotificationRead(ReadModel):
    id: uuid.UUID
    kind: NotificationKind
    subject_type: str = Field(description="What it is about: `comment`, `announcement`, …")
    subject_id: uuid.UUID
    actor_name: str = Field(description="Who caused it (empty: Troupe itself).")
    title: str
    excerpt: str = Field(description="Plain text, at most 280 characters.")
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Page[NotificationRead]):
    pass


class UnreadCount(ReadModel):
    unread: int = Field(description="Unread notifications (the number in the top bar).")


class MarkRead(InputModel):
    """Mark some notifications read (`ids`), or all of them (`all`)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"ids": ["0192…"]}, {"all": True}]})

    ids: Annotated[list[uuid.UUID], Field(max_length=200)] = []
    all: bool = False

    @model_validator(mode="after")
    def _ids_or_all(self) -> Self:
        if self.all == bool(self.ids):
            raise ValueError("give either ids or all=true")
        return self


class MarkedRead(ReadModel):
    marked: int = Field(description="How many were unread and are read now.")
    unread: int


class PreferenceRead(ReadModel):
    kind: NotificationKind
    delivery: Delivery
    default: Delivery = Field(description="What applies when the member has not chosen.")


class PreferencesRead(ReadModel):
    email_enabled: bool = Field(description="Whether this Troupe can send email at all.")
    items: list[PreferenceRead]


class PreferenceIn(InputModel):
    kind: NotificationKind
    delivery: Delivery


def _unique_kinds(items: list[PreferenceIn]) -> list[PreferenceIn]:
    if len({item.kind for item in items}) != len(items):
        raise ValueError("each kind may appear only once")
    return items


class PreferencesUpdate(InputModel):
    """The kinds to change; the others stay as they are."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [{"kind": "assignment", "delivery": "off"}]}]},
    )

    items: Annotated[list[PreferenceIn], Field(min_length=1, max_length=20)]

    @model_validator(mode="after")
    def _unique(self) -> Self:
        _unique_kinds(self.items)
        return self
