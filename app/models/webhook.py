"""Webhooks: endpoints a workspace's admins register, and the deliveries made to them.

A delivery is one message (an activity, or a test ping) for one endpoint; it is written
in the transaction of the change and sent by the outbox (app/jobs/outbox.py), retried
until it succeeds or gives up. The row keeps the last attempt's outcome.
"""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, VersionedMixin, WorkspaceScopedMixin, enum_type


class WebhookEndpoint(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "webhook_endpoints"

    url: Mapped[str] = mapped_column(String(2000), comment="https URL the messages go to.")
    description: Mapped[str] = mapped_column(String(200), default="")
    event_types: Mapped[list[str]] = mapped_column(
        comment="Verb globs (`task.*`, `*.deleted`, `*`); a message goes out if one matches."
    )
    headers: Mapped[dict[str, str]] = mapped_column(comment="Extra request headers, as given.")
    secret: Mapped[str] = mapped_column(String(100), comment="`whsec_…`, signs every message.")
    previous_secret: Mapped[str | None] = mapped_column(
        String(100), comment="The secret before the last rotation, still signing a while."
    )
    previous_secret_until: Mapped[datetime | None]
    enabled: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str] = mapped_column(String(200), default="")
    failing_since: Mapped[datetime | None] = mapped_column(
        comment="First failed attempt since the last success (auto-disable after 5 days)."
    )


class DeliveryState(StrEnum):
    pending = "pending"  # queued, or waiting for a retry
    succeeded = "succeeded"
    failed = "failed"  # gave up (out of attempts, endpoint gone or disabled)


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_endpoint", "endpoint_id", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, comment="UUIDv7: orders by time.")
    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    message_id: Mapped[str] = mapped_column(
        String(64), comment="`webhook-id`: the same for every attempt and resend."
    )
    event_type: Mapped[str] = mapped_column(String(64))
    activity_id: Mapped[uuid.UUID | None]
    payload: Mapped[dict[str, Any]] = mapped_column(comment="The body sent: type, timestamp, data.")
    state: Mapped[DeliveryState] = mapped_column(
        enum_type(DeliveryState, "webhook_delivery_state"), default=DeliveryState.pending
    )
    attempts: Mapped[int] = mapped_column(default=0)
    status_code: Mapped[int | None]
    latency_ms: Mapped[int | None]
    response_excerpt: Mapped[str] = mapped_column(Text, default="", comment="First 1 KB.")
    error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime | None]
