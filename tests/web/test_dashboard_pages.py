"""The dashboard page: tiles with values and sparklines, empty tiles that say what would
fill them, a period picker whose refusal stays on the page, and a campaign's dashboard."""

from datetime import UTC, datetime

import pytest

from app.core.clock import SettableClock
from app.web.routes.dashboards import sparkline_points
from tests.api.helpers import make_campaign
from tests.factories import Caller, created
from tests.web.conftest import Browser


@pytest.fixture(autouse=True)
def today(clock: SettableClock) -> SettableClock:
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    return clock


def test_tiles_show_values_and_empty_tiles_say_what_fills_them(web: Browser, owner: Caller) -> None:
    items = [{"metric": "content_views", "value": 1234, "observed_at": "2026-11-29T10:00:00Z"}]
    created(owner.post("datapoints", json={"items": items}))

    page = web.get(web.page("/dashboard?period=7d"))

    assert page.status_code == 200
    assert 'id="tile-content_views"' in page.text
    assert "1,234" in page.text
    assert "<polyline" in page.text
    assert "No data in this period: record Revenue datapoints" in page.text


def test_a_refused_custom_period_is_a_message_on_the_same_page(web: Browser) -> None:
    page = web.get(web.page("/dashboard?period=custom&start=2026-11-30&end=2026-11-01"))

    assert page.status_code == 200
    assert 'role="alert"' in page.text


def test_a_campaign_has_its_own_dashboard(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, name="Launch")

    page = web.get(web.page(f"/campaigns/{campaign['id']}/dashboard"))

    assert page.status_code == 200
    assert "Launch" in page.text


def test_sparklines_scale_into_the_box_and_skip_empty_days() -> None:
    assert sparkline_points([None, None]) == ""
    assert sparkline_points([0.0, None, 10.0]) == "0.0,30.0 120.0,2.0"
