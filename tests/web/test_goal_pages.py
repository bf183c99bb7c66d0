"""Goals in the browser: set one with a first key result, read its numbers in words,
override the status, close it; the tree and the campaign page show it."""

import html
import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.models import User
from app.models.enums import Locale
from tests.api.helpers import make_campaign
from tests.factories import Caller, created
from tests.web.conftest import Browser, sign_in


@pytest.fixture(autouse=True)
def today(clock: SettableClock) -> SettableClock:
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    return clock


def etag_of(page_text: str) -> str:
    found = re.search(r'name="etag" value="([^"]*)"', page_text)
    assert found is not None
    return html.unescape(found.group(1))


def test_an_editor_sets_a_goal_and_reads_its_forecast_in_words(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner)
    items = [
        {"metric": "followers", "value": v, "observed_at": at}
        for at, v in (
            ("2026-11-26T10:00:00Z", 1200),
            ("2026-11-28T10:00:00Z", 1350),
            ("2026-11-29T10:00:00Z", 1450),
        )
    ]
    created(owner.post("datapoints", json={"items": items}))

    made = web.post(
        web.page("/goals"),
        {
            "title": "Grow the audience",
            "starts_on": "2026-11-25",
            "due_on": "2026-12-05",
            "pace": "linear",
            "campaign_id": campaign["id"],
            "kr_metric": "followers",
            "kr_aggregation": "latest",
            "kr_start_value": "1000",
            "kr_target_value": "2000",
        },
    )
    assert made.status_code == 303, made.text
    page = web.get(made.headers["location"])

    assert "On track" in page.text
    assert "1,450 now: 45% of the way from 1,000 to 2,000." in page.text
    assert "The plan expects 1,500 by today." in page.text
    assert "from 3 days with data" in page.text
    assert "Grow the audience" in web.get(web.page("/goals")).text
    assert "Grow the audience" in web.get(web.page(f"/campaigns/{campaign['id']}")).text


def test_a_goal_form_with_reversed_dates_keeps_what_was_typed(web: Browser) -> None:
    response = web.post(
        web.page("/goals"),
        {"title": "Backwards", "starts_on": "2026-12-05", "due_on": "2026-11-25"},
    )

    assert response.status_code == 422
    assert "Must not be before the start." in response.text
    assert 'value="Backwards"' in response.text


def test_status_by_hand_and_closing_from_the_goal_page(web: Browser, owner: Caller) -> None:
    goal = created(
        owner.post(
            "goals",
            json={
                "title": "Ship",
                "starts_on": "2026-11-25",
                "due_on": "2026-12-05",
                "key_results": [{"metric": "followers", "target_value": 100}],
            },
        )
    )
    path = web.page(f"/goals/{goal['id']}")

    overridden = web.post(
        path,
        {
            "part": "status",
            "status_override": "at_risk",
            "status_override_note": "Outage",
            "etag": etag_of(web.get(path).text),
        },
    )
    assert overridden.status_code == 303
    page = web.get(path).text
    assert "set by hand" in page
    assert "Outage" in page

    closed = web.post(
        path, {"part": "close", "state": "closed", "outcome": "achieved", "etag": etag_of(page)}
    )
    assert closed.status_code == 303
    assert owner.get(f"goals/{goal['id']}").json()["outcome"] == "achieved"


def test_the_goal_page_speaks_chinese(client: TestClient, owner: Caller, session: Session) -> None:
    session.get_one(User, owner.user_id).locale = Locale.zh_cn
    session.commit()
    web = sign_in(client, owner)
    goal = created(
        owner.post(
            "goals",
            json={
                "title": "增长",
                "starts_on": "2026-11-25",
                "due_on": "2026-12-05",
                "key_results": [{"metric": "followers", "target_value": 100}],
            },
        )
    )

    page = web.get(web.page(f"/goals/{goal['id']}")).text

    assert "关键结果" in page
    assert "预测至少需要 3 天的数据。" in page
