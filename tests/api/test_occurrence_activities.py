"""Occurrences of work plans are written in bulk (one insert of tasks, one of activities),
yet each one still has its `task.created` activity in the stream, published when the
transaction commits: webhooks get one delivery each, and the live broker hears of them."""

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.live import publish
from app.models import Activity, WebhookDelivery
from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller, created

Json = dict[str, Any]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_each_materialised_occurrence_is_in_the_stream_and_goes_out(
    owner: Caller, session: Session, monkeypatch: pytest.MonkeyPatch, clock: SettableClock
) -> None:
    clock.set(datetime(2026, 11, 29, 10, 0, tzinfo=SHANGHAI))  # Sunday morning in Shanghai
    heard: list[tuple[str, uuid.UUID]] = []
    spy = lambda _session, entries: heard.extend((e.verb, e.subject_id) for e in entries)  # noqa: E731
    monkeypatch.setattr(publish, "BEFORE_COMMIT", [*publish.BEFORE_COMMIT, spy])
    owner.patch("", json={"timezone": "Asia/Shanghai"})
    endpoint = created(
        owner.post(
            "webhook-endpoints",
            json={"url": "https://hooks.example.com/troupe", "event_types": ["task.created"]},
        )
    )
    campaign = make_campaign(owner)
    lin = make_member(owner, display_name="Lin")
    plan = created(
        owner.post(
            "work-plans",
            json={
                "title": "Reply to fans",
                "campaign_id": campaign["id"],
                "owner_member_id": lin["id"],
                "rrule": "FREQ=DAILY",
                "start_on": "2026-11-26",
                "due_time": "18:00",
                "catch_up": "create_all",
            },
        )
    )

    tasks = owner.get("tasks", params={"plan_id": plan["id"], "limit": 200}).json()["items"]
    task_ids = {uuid.UUID(t["id"]) for t in tasks}
    feed = owner.get("activities", params={"verb": "task.created", "limit": 200}).json()["items"]
    mine = [a for a in feed if uuid.UUID(a["subject_id"]) in task_ids]
    session.expire_all()
    deliveries = session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.endpoint_id == uuid.UUID(endpoint["id"]))
    ).all()
    stored = session.scalars(select(Activity).where(Activity.subject_id.in_(task_ids))).all()

    assert len(tasks) == 4  # the missed days, Thursday 26th to Sunday 29th, 18:00 each
    assert len(mine) == len(stored) == 4
    assert {a["reason_code"] for a in mine} == {"plan_occurrence"}
    assert {a["member_id"] for a in mine} == {lin["id"]}
    assert all(a["after"]["plan_id"] == plan["id"] for a in mine)
    assert {d.activity_id for d in deliveries} == {a.id for a in stored}
    assert {d.payload["data"]["subject_id"] for d in deliveries} == {str(i) for i in task_ids}
    assert {subject for verb, subject in heard if verb == "task.created"} >= task_ids
