"""Webhook endpoints: admins register them; every matching activity becomes a delivery."""

import uuid
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import DeliveryState, Job, WebhookDelivery
from app.models.enums import Access
from tests.factories import Caller, created, join, unique

HOOK = "https://hooks.example.com/troupe"


def register(caller: Caller, **fields: Any) -> dict[str, Any]:
    return created(caller.post("webhook-endpoints", json={"url": HOOK, **fields}))


def new_campaign(caller: Caller) -> dict[str, Any]:
    return created(caller.post("campaigns", json={"name": unique("Launch"), "kind": "content"}))


def deliveries(session: Session, endpoint_id: str) -> list[WebhookDelivery]:
    session.expire_all()
    return list(
        session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.endpoint_id == uuid.UUID(endpoint_id))
            .order_by(WebhookDelivery.id)
        )
    )


def test_an_admin_registers_an_endpoint_and_gets_its_secret_once(owner: Caller) -> None:
    endpoint = register(owner, event_types=["campaign.*"], headers={"X-Team": "ops"})

    assert endpoint["secret"].startswith("whsec_")
    assert endpoint["enabled"] is True
    shown = owner.get(f"webhook-endpoints/{endpoint['id']}").json()
    assert "secret" not in shown
    assert shown["event_types"] == ["campaign.*"]
    assert shown["headers"] == {"X-Team": "ops"}
    listed = owner.get("webhook-endpoints").json()["items"]
    assert [item["id"] for item in listed] == [endpoint["id"]]


@pytest.mark.parametrize("access", [Access.editor, Access.viewer])
def test_only_admins_see_or_change_endpoints(
    owner: Caller, session: Session, access: Access
) -> None:
    endpoint = register(owner)
    other = join(session, owner, access)

    assert other.get("webhook-endpoints").status_code == 403
    assert other.post("webhook-endpoints", json={"url": HOOK}).status_code == 403
    assert other.post(f"webhook-endpoints/{endpoint['id']}/rotate-secret").status_code == 403


def test_another_workspace_s_endpoint_is_not_found(owner: Caller, outsider: Caller) -> None:
    endpoint = register(owner)

    assert outsider.get(f"webhook-endpoints/{endpoint['id']}").status_code == 404
    assert outsider.post(f"webhook-endpoints/{endpoint['id']}/test").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://hooks.example.com/x"}, "url"),
        ({"url": "hooks.example.com"}, "url"),
        ({"url": HOOK, "event_types": ["campaign created"]}, "event_types"),
        ({"url": HOOK, "event_types": []}, "event_types"),
        ({"url": HOOK, "headers": {"webhook-signature": "forged"}}, "headers"),
        ({"url": HOOK, "headers": {"X-Bad": "a\r\nInjected: 1"}}, "headers"),
    ],
)
def test_bad_endpoints_are_refused_naming_the_field(
    owner: Caller, body: dict[str, Any], field: str
) -> None:
    response = owner.post("webhook-endpoints", json=body)

    assert response.status_code == 422
    assert field in response.json()["errors"][0]["loc"]


def test_each_matching_activity_becomes_one_delivery_written_with_it(
    owner: Caller, session: Session
) -> None:
    campaigns = register(owner, event_types=["campaign.*"])
    skills = register(owner, event_types=["skill.created"])

    campaign = new_campaign(owner)

    [delivery] = deliveries(session, campaigns["id"])
    assert delivery.event_type == "campaign.created"
    assert delivery.state is DeliveryState.pending
    assert delivery.payload["type"] == "campaign.created"
    assert delivery.payload["data"]["subject_id"] == campaign["id"]
    assert delivery.activity_id is not None
    assert delivery.message_id == f"msg_{delivery.activity_id.hex}"
    assert deliveries(session, skills["id"]) == []
    assert session.scalar(select(Job).where(Job.kind == "webhooks.deliver")) is not None


def test_a_disabled_endpoint_gets_nothing_and_keeps_its_reason(
    owner: Caller, session: Session
) -> None:
    endpoint = register(owner, event_types=["campaign.*"])
    etag = owner.get(f"webhook-endpoints/{endpoint['id']}").headers["ETag"]
    changed = owner.patch(
        f"webhook-endpoints/{endpoint['id']}",
        json={"enabled": False, "disabled_reason": "Moving servers"},
        headers={"If-Match": etag},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["disabled_reason"] == "Moving servers"

    new_campaign(owner)

    assert deliveries(session, endpoint["id"]) == []
    assert owner.post(f"webhook-endpoints/{endpoint['id']}/test").status_code == 409


def test_the_stream_records_endpoint_changes_without_secrets_or_header_values(
    owner: Caller,
) -> None:
    register(owner, headers={"Authorization": "Bearer receiver-secret"})

    [entry] = owner.get("activities", params={"verb": "webhook_endpoint.created"}).json()["items"]

    assert "receiver-secret" not in str(entry)
    assert "whsec_" not in str(entry)
    assert entry["after"]["headers"] == ["Authorization"]


def test_a_test_message_and_a_resend_are_deliveries_of_their_own(
    owner: Caller, session: Session
) -> None:
    endpoint = register(owner, event_types=["skill.created"])
    base = f"webhook-endpoints/{endpoint['id']}"

    test = owner.post(f"{base}/test")
    assert test.status_code == 202, test.text
    assert test.json()["event_type"] == "webhook.test"
    again = owner.post(f"{base}/deliveries/{test.json()['id']}/resend")
    assert again.status_code == 202, again.text

    assert again.json()["message_id"] == test.json()["message_id"]
    log = owner.get(f"{base}/deliveries").json()["items"]
    assert [item["id"] for item in log] == [again.json()["id"], test.json()["id"]]


def test_deleting_an_endpoint_removes_its_log(owner: Caller, session: Session) -> None:
    endpoint = register(owner)
    owner.post(f"webhook-endpoints/{endpoint['id']}/test")
    etag = owner.get(f"webhook-endpoints/{endpoint['id']}").headers["ETag"]

    gone = owner.delete(f"webhook-endpoints/{endpoint['id']}", headers={"If-Match": etag})

    assert gone.status_code == 204
    assert owner.get(f"webhook-endpoints/{endpoint['id']}/deliveries").status_code == 404
    assert deliveries(session, endpoint["id"]) == []
