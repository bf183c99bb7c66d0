"""Delivering webhooks: signed (checked with the standardwebhooks reference verifier),
retried on the outbox schedule with an injected clock, Retry-After honoured, 410 and five
days of failures disabling the endpoint, secrets rotated with 24 hours of overlap."""

import json
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.core.clock import SettableClock
from app.jobs import runner
from app.models import Activity, DeliveryState, Job, WebhookDelivery, WebhookEndpoint
from app.webhooks import delivery
from tests.factories import Caller, created, unique
from tests.webhook_receiver import Receiver, Reply, webhook_receiver


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    """A receiver on loopback, which only a LAN deployment's setting lets webhooks reach."""
    monkeypatch.setattr(delivery, "allow_private", lambda: True)
    with webhook_receiver() as found:
        yield found


@pytest.fixture
def now(clock: SettableClock) -> SettableClock:
    """The reference verifier checks the timestamp against the real time: start there."""
    clock.set(datetime.now(UTC).replace(microsecond=0))
    return clock


def deliver_due(factory: sessionmaker[Session], clock: SettableClock) -> runner.Report:
    return runner.run_due_jobs(
        factory, clock=clock, kinds=["webhooks.deliver"], rng=random.Random(3)
    )


def register(caller: Caller, url: str, **fields: Any) -> dict[str, Any]:
    body = {"url": url, "event_types": ["campaign.created"], **fields}
    return created(caller.post("webhook-endpoints", json=body))


def new_campaign(caller: Caller) -> dict[str, Any]:
    return created(caller.post("campaigns", json={"name": unique("Launch"), "kind": "content"}))


def the_delivery(session: Session, endpoint: dict[str, Any]) -> WebhookDelivery:
    session.expire_all()
    delivery = session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == uuid.UUID(endpoint["id"]))
        .order_by(WebhookDelivery.id.desc())
    ).first()
    assert delivery is not None, "the endpoint has no delivery"
    return delivery


def job_of(session: Session, found: WebhookDelivery) -> Job:
    return session.scalars(
        select(Job).where(Job.payload["delivery_id"].as_string() == str(found.id))
    ).one()


def test_a_change_arrives_signed_and_the_reference_verifier_accepts_it(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    now: SettableClock,
) -> None:
    endpoint = register(owner, receiver.url, headers={"X-Team": "ops"})
    campaign = new_campaign(owner)

    report = deliver_due(session_factory, now)

    assert len(report.done) == 1
    [message] = receiver.received
    body = Webhook(endpoint["secret"]).verify(message.body, message.headers)
    assert body["type"] == "campaign.created"
    assert body["data"]["subject_id"] == campaign["id"]
    assert set(body) == {"type", "timestamp", "data"}
    assert message.headers["X-Team"] == "ops"
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(message.body, message.headers)
    logged = the_delivery(session, endpoint)
    assert logged.state is DeliveryState.succeeded
    assert (logged.status_code, logged.attempts, logged.response_excerpt) == (200, 1, "ok")
    assert logged.latency_ms is not None


def test_a_failing_receiver_is_retried_on_the_schedule_with_the_same_webhook_id(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    now: SettableClock,
) -> None:
    endpoint = register(owner, receiver.url)
    receiver.answer(Reply(500, b"down"), Reply(502, b"still down"))
    new_campaign(owner)
    start = now.now()

    waits = []
    for _ in range(3):
        deliver_due(session_factory, now)
        found = the_delivery(session, endpoint)
        job = job_of(session, found)
        waits.append(job.run_at - start)
        now.set(job.run_at)

    assert timedelta(seconds=4) <= waits[0] <= timedelta(seconds=6)
    assert timedelta(minutes=4) <= waits[1] - waits[0] <= timedelta(minutes=6)
    assert len(receiver.received) == 3
    assert len({m.headers["webhook-id"] for m in receiver.received}) == 1
    assert found.state is DeliveryState.succeeded
    assert found.attempts == 3


def test_retry_after_is_honoured(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    now: SettableClock,
) -> None:
    endpoint = register(owner, receiver.url)
    receiver.answer(Reply(503, b"busy", {"Retry-After": "120"}))
    new_campaign(owner)

    deliver_due(session_factory, now)

    found = the_delivery(session, endpoint)
    assert (found.status_code, found.response_excerpt, found.attempts) == (503, "busy", 1)
    assert job_of(session, found).run_at == now.now() + timedelta(seconds=120)


def test_410_gone_disables_the_endpoint_and_tells_admins(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    now: SettableClock,
) -> None:
    endpoint = register(owner, receiver.url)
    receiver.answer(Reply(410, b"gone"))
    new_campaign(owner)

    deliver_due(session_factory, now)

    shown = owner.get(f"webhook-endpoints/{endpoint['id']}").json()
    assert shown["enabled"] is False
    assert shown["disabled_reason"] == "webhook_gone"
    assert the_delivery(session, endpoint).state is DeliveryState.failed
    [entry] = owner.get("activities", params={"verb": "webhook_endpoint.disabled"}).json()["items"]
    assert entry["reason"] == "The receiver answered 410 Gone."


def test_five_days_of_failures_disable_the_endpoint(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    now: SettableClock,
) -> None:
    endpoint = register(owner, receiver.url)
    receiver.answer(*[Reply(500, b"down")] * 20)
    new_campaign(owner)
    deliver_due(session_factory, now)

    now.advance(timedelta(days=5))
    new_campaign(owner)
    deliver_due(session_factory, now)

    row = session.get_one(WebhookEndpoint, uuid.UUID(endpoint["id"]))
    session.refresh(row)
    assert row.enabled is False
    assert row.disabled_reason == "webhook_failing"
    disabled = session.scalars(
        select(Activity).where(Activity.verb == "webhook_endpoint.disabled")
    ).one()
    assert disabled.reason_params == {"days": 5}


def test_a_rotated_secret_signs_beside_the_old_one_for_24_hours(
    owner: Caller,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    now: SettableClock,
) -> None:
    endpoint = register(owner, receiver.url)
    rotated = owner.post(f"webhook-endpoints/{endpoint['id']}/rotate-secret").json()
    assert rotated["secret"] != endpoint["secret"]

    new_campaign(owner)
    deliver_due(session_factory, now)
    message = receiver.received[-1]
    Webhook(endpoint["secret"]).verify(message.body, message.headers)
    Webhook(rotated["secret"]).verify(message.body, message.headers)

    now.advance(timedelta(hours=24, seconds=1))
    new_campaign(owner)
    deliver_due(session_factory, now)
    later = receiver.received[-1]
    assert len(later.headers["webhook-signature"].split(" ")) == 1
    assert json.loads(later.body)["type"] == "campaign.created"


def test_a_redirect_is_not_followed(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    now: SettableClock,
) -> None:
    endpoint = register(owner, receiver.url)
    receiver.answer(Reply(302, b"", {"Location": "http://169.254.169.254/latest/meta-data"}))
    new_campaign(owner)

    deliver_due(session_factory, now)

    assert len(receiver.received) == 1
    found = the_delivery(session, endpoint)
    assert (found.status_code, found.state) == (302, DeliveryState.pending)


def test_only_the_first_kilobyte_of_a_large_answer_is_kept(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    now: SettableClock,
) -> None:
    endpoint = register(owner, receiver.url)
    receiver.answer(Reply(200, b"x" * 1_000_000))
    new_campaign(owner)

    deliver_due(session_factory, now)

    assert the_delivery(session, endpoint).response_excerpt == "x" * 1024
