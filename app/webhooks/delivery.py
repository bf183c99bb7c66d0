"""The outbox sender of webhooks: one attempt per run, its outcome kept on the delivery.

The database is not held while the receiver answers: the handler reads what it sends,
ends that transaction, posts, then writes the outcome in a new one. A failed attempt's
outcome is committed before the job is retried (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, …;
`Retry-After` when the receiver gives one). `410 Gone` disables the endpoint; so does
failing without a success for 5 days (the workspace's admins see it in the activity
stream, `webhook_endpoint.disabled`).
"""

import json
import uuid
from datetime import datetime, timedelta

import httpx
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.activity.reasons import register_reason
from app.core.config import get_settings
from app.core.db import begin_write
from app.core.i18n import N_
from app.jobs import outbox
from app.jobs.registry import JobRun, RetryLater
from app.models import DeliveryState, WebhookDelivery, WebhookEndpoint
from app.webhooks import sending
from app.webhooks.addresses import RefusedAddress, Resolver, system_resolver
from app.webhooks.fanout import KIND

__all__ = ["KIND", "deliver"]

AUTO_DISABLE_AFTER = timedelta(days=5)
MAX_RETRY_AFTER = timedelta(days=1)
GONE = register_reason("webhook_gone", N_("The receiver answered 410 Gone."))
FAILING = register_reason(
    "webhook_failing", N_("Every delivery failed for {days} days; turned off.")
)


class DeliveryFailed(Exception):
    """The attempt did not succeed; the outbox retries it."""


def allow_private() -> bool:
    return get_settings().webhook_allow_private


def resolver() -> Resolver:
    return system_resolver


def transport() -> httpx.BaseTransport | None:
    return None


def message_for(
    delivery: WebhookDelivery, endpoint: WebhookEndpoint, now: datetime
) -> sending.Message:
    signing = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_until
        and (endpoint.previous_secret_until > now)
    ):
        signing.append(endpoint.previous_secret)
    return sending.Message(
        url=endpoint.url,
        message_id=delivery.message_id,
        at=now,
        body=json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")),
        signing_secrets=tuple(signing),
        headers=dict(endpoint.headers),
    )


@outbox.sender(KIND)
def deliver(session: Session, job: JobRun) -> None:
    delivery_id = uuid.UUID(job.payload["delivery_id"])
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.state is DeliveryState.succeeded:
        return
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    if endpoint is None or not endpoint.enabled:
        delivery.state = DeliveryState.failed
        delivery.error = "The endpoint is disabled."
        return
    message = message_for(delivery, endpoint, job.now)
    session.rollback()  # hold no lock while the receiver answers
    answer: sending.Answer | None = None
    error = ""
    try:
        answer = sending.send(
            message, allow_private=allow_private(), resolve=resolver(), transport=transport()
        )
    except RefusedAddress as exc:
        error = str(exc)
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    begin_write(session)
    delivery = session.get_one(WebhookDelivery, delivery_id)
    endpoint = session.get_one(WebhookEndpoint, delivery.endpoint_id)
    _record(delivery, answer=answer, error=error, now=job.now)
    if answer is not None and 200 <= answer.status_code < 300:
        delivery.state = DeliveryState.succeeded
        endpoint.failing_since = None
        return
    if answer is not None and answer.status_code == 410:
        delivery.state = DeliveryState.failed
        disable(session, endpoint, reason_code=GONE, params={})
        return
    endpoint.failing_since = endpoint.failing_since or job.now
    if job.now - endpoint.failing_since >= AUTO_DISABLE_AFTER:
        delivery.state = DeliveryState.failed
        days = (job.now - endpoint.failing_since).days
        disable(session, endpoint, reason_code=FAILING, params={"days": days})
        return
    if job.attempt >= outbox.MAX_ATTEMPTS:
        delivery.state = DeliveryState.failed
        return
    session.commit()  # the attempt stays in the log; the job is retried
    wait = sending.retry_after_seconds(answer.retry_after if answer else None, now=job.now)
    if wait is not None:
        raise RetryLater(after=min(timedelta(seconds=wait), MAX_RETRY_AFTER))
    raise DeliveryFailed(error or f"HTTP {answer.status_code if answer else '?'}")


def _record(
    delivery: WebhookDelivery, *, answer: sending.Answer | None, error: str, now: datetime
) -> None:
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.error = error
    delivery.status_code = answer.status_code if answer else None
    delivery.latency_ms = answer.latency_ms if answer else None
    delivery.response_excerpt = answer.excerpt if answer else ""


def disable(
    session: Session, endpoint: WebhookEndpoint, *, reason_code: str, params: dict[str, int]
) -> None:
    """Turn the endpoint off and tell the workspace's admins (the activity stream)."""
    endpoint.enabled = False
    endpoint.disabled_reason = reason_code
    activity.record(
        session,
        ctx=activity.Origin(workspace_id=endpoint.workspace_id),
        verb="webhook_endpoint.disabled",
        subject_id=endpoint.id,
        subject_name=endpoint.url[:200],
        before={"enabled": True},
        after={"enabled": False},
        reason_code=reason_code,
        reason_params=params,
    )
