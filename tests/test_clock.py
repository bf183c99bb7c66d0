"""One injectable now: requests, services, pages and ids all follow the clock a test sets."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from app.activity.ids import lowest_at, millis_of, uuid7
from app.core import clock as clocks
from app.core.clock import SettableClock
from tests.api.helpers import make_campaign
from tests.factories import Caller, make_token, make_user


def test_a_token_expires_by_the_clock_not_the_wall(
    owner: Caller, session: Session, clock: SettableClock
) -> None:
    response = owner.post("/api/v1/users/me/tokens", json={"name": "week", "expires_in_days": 7})
    secret = response.json()["token"]
    headers = {"Authorization": f"Bearer {secret}"}

    clock.advance(timedelta(days=7) - timedelta(seconds=1))
    still = owner.client.get("/api/v1/users/me", headers=headers)
    clock.advance(timedelta(seconds=1))
    expired = owner.client.get("/api/v1/users/me", headers=headers)

    assert (still.status_code, expired.status_code) == (200, 401)
    assert expired.json()["detail"] == "The token has expired."


def test_today_is_the_workspaces_day_by_the_clock(owner: Caller, clock: SettableClock) -> None:
    owner.patch("", json={"timezone": "Asia/Shanghai"})
    clock.set(datetime(2026, 3, 1, 16, 30, tzinfo=UTC))  # 00:30 on 2 March in Shanghai
    campaign = make_campaign(owner, "Script")
    role = owner.get("roles").json()["items"][0]
    member = owner.get("members").json()["items"][0]

    assignment = owner.post(
        "assignments",
        json={
            "member_id": member["id"],
            "role_id": role["id"],
            "campaign_id": campaign["id"],
            "scope_id": campaign["scopes"][0]["id"],
            "raci": "informed",
        },
    ).json()

    assert assignment["starts_on"] == "2026-03-02"
    assert assignment["created_at"].startswith("2026-03-01T16:30:00")


def test_rows_are_stamped_by_the_clock(session: Session, clock: SettableClock) -> None:
    clock.set(datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC))
    user = make_user(session)
    make_token(session, user)

    assert user.created_at == datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_the_clock_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="aware"):
        SettableClock(datetime(2026, 1, 1))


def test_outside_a_request_or_a_job_the_system_clock_answers() -> None:
    before = datetime.now(UTC)
    now = clocks.now()
    assert before <= now <= datetime.now(UTC)


def test_time_ordered_ids_sort_by_time_and_in_the_order_made() -> None:
    moment = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    same_ms = [uuid7(moment) for _ in range(100)]
    later = uuid7(moment + timedelta(milliseconds=1))
    earlier = uuid7(moment - timedelta(milliseconds=1))

    assert same_ms == sorted(same_ms)
    assert earlier < same_ms[0] and same_ms[-1] < later  # noqa: PT018
    assert {millis_of(i) for i in same_ms} == {millis_of(lowest_at(moment))}
    assert lowest_at(moment) <= same_ms[0]
    assert all(i.version == 7 for i in same_ms)
