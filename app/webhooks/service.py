"""Webhook endpoints: admins register them, test them, rotate their secrets, resend.

Secrets never enter the activity stream (it records that a secret was rotated, not
which); the endpoint's custom headers are recorded by name only, their values may be
credentials of the receiver.
"""

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.activity.ids import uuid7
from app.activity.visibility import at_least, register_visibility
from app.core import clock
from app.core.crud import apply_changes, get_in_workspace
from app.core.errors import Conflict, NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.models import WebhookDelivery, WebhookEndpoint
from app.models.enums import Access
from app.webhooks import fanout
from app.webhooks.schemas import WebhookEndpointCreate, WebhookEndpointUpdate
from app.webhooks.sending import new_secret

NOT_FOUND = N_("Webhook endpoint not found.")
DELIVERY_NOT_FOUND = N_("Webhook delivery not found.")
DISABLED = N_("The endpoint is disabled; enable it first.")
FIELDS = ("url", "description", "event_types", "enabled", "disabled_reason")
ROTATION_OVERLAP = timedelta(hours=24)

register_visibility("webhook_endpoint", at_least(Access.admin))


def _snapshot(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {**activity.fields(endpoint, FIELDS), "headers": sorted(endpoint.headers)}


def list_endpoints(
    session: Session, *, ctx: WorkspaceContext, limit: int, cursor: str | None
) -> tuple[list[WebhookEndpoint], str | None]:
    ctx.require(Access.admin, writing=False)
    stmt = select(WebhookEndpoint).where(WebhookEndpoint.workspace_id == ctx.workspace_id)
    return paginate(
        session,
        stmt,
        order_by=(WebhookEndpoint.created_at, WebhookEndpoint.id),
        limit=limit,
        cursor=cursor,
    )


def get(session: Session, *, ctx: WorkspaceContext, endpoint_id: uuid.UUID) -> WebhookEndpoint:
    ctx.require(Access.admin, writing=False)
    return get_in_workspace(session, WebhookEndpoint, endpoint_id, ctx=ctx, missing=NOT_FOUND)


def create(
    session: Session, *, ctx: WorkspaceContext, endpoint_in: WebhookEndpointCreate
) -> WebhookEndpoint:
    ctx.require(Access.admin)
    endpoint = WebhookEndpoint(
        workspace_id=ctx.workspace_id,
        url=endpoint_in.url,
        description=endpoint_in.description,
        event_types=list(endpoint_in.event_types),
        headers=dict(endpoint_in.headers),
        secret=new_secret(),
        enabled=True,
        disabled_reason="",
    )
    session.add(endpoint)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="webhook_endpoint.created",
        subject_id=endpoint.id,
        subject_name=endpoint.url[:200],
        after=_snapshot(endpoint),
    )
    return endpoint


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    endpoint_id: uuid.UUID,
    endpoint_in: WebhookEndpointUpdate,
    if_match: frozenset[int] | None,
) -> WebhookEndpoint:
    endpoint = get(session, ctx=ctx, endpoint_id=endpoint_id)
    ctx.require(Access.admin)
    ensure_version(endpoint.version, if_match)
    changes = endpoint_in.model_dump(exclude_unset=True)
    if changes.get("enabled") is True and "disabled_reason" not in changes:
        changes["disabled_reason"] = ""
    if changes.get("enabled") is True:
        endpoint.failing_since = None
    before = _snapshot(endpoint)
    apply_changes(endpoint, changes)
    activity.record(
        session,
        ctx=ctx,
        verb="webhook_endpoint.updated",
        subject_id=endpoint.id,
        subject_name=endpoint.url[:200],
        before=before,
        after=_snapshot(endpoint),
    )
    session.flush()
    return endpoint


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    endpoint_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    endpoint = get(session, ctx=ctx, endpoint_id=endpoint_id)
    ctx.require(Access.admin)
    ensure_version(endpoint.version, if_match)
    activity.record(
        session,
        ctx=ctx,
        verb="webhook_endpoint.deleted",
        subject_id=endpoint.id,
        subject_name=endpoint.url[:200],
        before=_snapshot(endpoint),
    )
    session.delete(endpoint)
    session.flush()


def rotate_secret(
    session: Session, *, ctx: WorkspaceContext, endpoint_id: uuid.UUID
) -> WebhookEndpoint:
    """A new secret; the old one keeps signing (beside it) for 24 hours."""
    endpoint = get(session, ctx=ctx, endpoint_id=endpoint_id)
    ctx.require(Access.admin)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = clock.now() + ROTATION_OVERLAP
    endpoint.secret = new_secret()
    activity.record(
        session,
        ctx=ctx,
        verb="webhook_endpoint.secret_rotated",
        subject_id=endpoint.id,
        subject_name=endpoint.url[:200],
        after={"previous_secret_until": endpoint.previous_secret_until},
    )
    session.flush()
    return endpoint


def send_test(
    session: Session, *, ctx: WorkspaceContext, endpoint_id: uuid.UUID
) -> WebhookDelivery:
    """Queue a `webhook.test` message to this endpoint (whatever its event types)."""
    endpoint = get(session, ctx=ctx, endpoint_id=endpoint_id)
    ctx.require(Access.admin)
    if not endpoint.enabled:
        raise Conflict(DISABLED)
    now = clock.now()
    message_id = f"msg_{uuid7(now).hex}"
    delivery = fanout.queue_delivery(
        session,
        endpoint_id=endpoint.id,
        workspace_id=ctx.workspace_id,
        message_id=message_id,
        event_type="webhook.test",
        payload=fanout.body(
            "webhook.test", now, {"endpoint_id": str(endpoint.id), "workspace": ctx.slug}
        ),
    )
    session.flush()
    return delivery


def get_delivery(
    session: Session, *, ctx: WorkspaceContext, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDelivery:
    get(session, ctx=ctx, endpoint_id=endpoint_id)
    delivery = session.scalar(
        select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.endpoint_id == endpoint_id,
            WebhookDelivery.workspace_id == ctx.workspace_id,
        )
    )
    if delivery is None:
        raise NotFound(DELIVERY_NOT_FOUND)
    return delivery


def resend(
    session: Session, *, ctx: WorkspaceContext, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDelivery:
    """Send the same message again (same `webhook-id`: receivers may deduplicate)."""
    original = get_delivery(session, ctx=ctx, endpoint_id=endpoint_id, delivery_id=delivery_id)
    ctx.require(Access.admin)
    endpoint = session.get_one(WebhookEndpoint, endpoint_id)
    if not endpoint.enabled:
        raise Conflict(DISABLED)
    again = fanout.queue_delivery(
        session,
        endpoint_id=endpoint_id,
        workspace_id=ctx.workspace_id,
        message_id=original.message_id,
        event_type=original.event_type,
        payload=dict(original.payload),
        activity_id=original.activity_id,
    )
    session.flush()
    return again
