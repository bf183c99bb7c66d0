"""The outbox rows of webhooks: written with the activities, in their transaction.

Just before a transaction that recorded activities commits (app/live/publish.py), one
statement finds the enabled endpoints of those workspaces; each activity an endpoint's
event types match becomes a delivery row and an outbox message. A rolled-back change
sends nothing; a committed one is delivered at least once.
"""

import fnmatch
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.activity.ids import uuid7
from app.activity.reasons import reason_text
from app.activity.schemas import ActivityRead
from app.core import clock
from app.jobs import outbox
from app.live.publish import before_commit
from app.models import Activity, DeliveryState, WebhookDelivery, WebhookEndpoint

KIND = "webhooks.deliver"


def matches(event_type: str, globs: Iterable[str]) -> bool:
    """`task.created` is matched by `task.created`, `task.*`, `task`, `*.created`, `*`."""
    for glob in globs:
        pattern = glob if "." in glob or glob == "*" else f"{glob}.*"
        if fnmatch.fnmatchcase(event_type, pattern):
            return True
    return False


def activity_data(entry: Activity) -> dict[str, Any]:
    """The activity as `activities_list` shows it (the system's reasons in English)."""
    read = ActivityRead(
        id=entry.id,
        occurred_at=entry.occurred_at,
        verb=entry.verb,
        subject_type=entry.subject_type,
        subject_id=entry.subject_id,
        subject_name=entry.subject_name,
        campaign_id=entry.campaign_id,
        member_id=entry.member_id,
        related_member_id=entry.related_member_id,
        actor_member_id=entry.actor_member_id,
        actor_name=entry.actor_name,
        before=entry.before,
        after=entry.after,
        reason=reason_text(
            reason=entry.reason,
            code=entry.reason_code,
            params=entry.reason_params,
            locale="en",
        ),
        reason_code=entry.reason_code,
        request_id=entry.request_id,
    )
    return read.model_dump(mode="json")


def body(event_type: str, at: datetime, data: dict[str, Any]) -> dict[str, Any]:
    return {"type": event_type, "timestamp": at.isoformat(), "data": data}


def queue_delivery(
    session: Session,
    *,
    endpoint_id: uuid.UUID,
    workspace_id: uuid.UUID,
    message_id: str,
    event_type: str,
    payload: dict[str, Any],
    activity_id: uuid.UUID | None = None,
) -> WebhookDelivery:
    delivery = WebhookDelivery(
        id=uuid7(clock.now()),
        workspace_id=workspace_id,
        endpoint_id=endpoint_id,
        message_id=message_id,
        event_type=event_type,
        activity_id=activity_id,
        payload=payload,
        state=DeliveryState.pending,
        attempts=0,
        response_excerpt="",
        error="",
        created_at=clock.now(),
    )
    session.add(delivery)
    outbox.enqueue(
        session,
        kind=KIND,
        payload={"delivery_id": str(delivery.id)},
        dedupe_key=f"webhook:{delivery.id}",
        workspace_id=workspace_id,
    )
    return delivery


# Built once (every writing request runs it): a statement built per call costs more to
# key for SQLAlchemy's cache than to run.
_ENABLED_ENDPOINTS = (
    select(WebhookEndpoint.id, WebhookEndpoint.workspace_id, WebhookEndpoint.event_types)
    .where(
        WebhookEndpoint.workspace_id.in_(bindparam("workspaces", expanding=True)),
        WebhookEndpoint.enabled.is_(True),
    )
    .order_by(WebhookEndpoint.id)
)


@before_commit
def queue_for_activities(session: Session, activities: list[Activity]) -> None:
    workspaces = {entry.workspace_id for entry in activities}
    endpoints = session.execute(_ENABLED_ENDPOINTS, {"workspaces": list(workspaces)}).all()
    if not endpoints:
        return
    for entry in activities:
        assert entry.workspace_id is not None
        data: dict[str, Any] | None = None
        for endpoint in endpoints:
            if endpoint.workspace_id != entry.workspace_id:
                continue
            if not matches(entry.verb, endpoint.event_types):
                continue
            data = data or activity_data(entry)
            queue_delivery(
                session,
                endpoint_id=endpoint.id,
                workspace_id=entry.workspace_id,
                message_id=f"msg_{entry.id.hex}",
                event_type=entry.verb,
                payload=body(entry.verb, entry.occurred_at, data),
                activity_id=entry.id,
            )
    session.flush()
