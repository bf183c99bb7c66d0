"""Goals and key results: progress, the pace line, status with thresholds and overrides,
and the forecast, computed on read from datapoints in the workspace's calendar."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.goals import progress
from app.models.enums import Access
from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller, created, join

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # today is 2026-11-30 in UTC


def record(caller: Caller, metric: str, *points: tuple[str, float], **extra: Any) -> None:
    items = [{"metric": metric, "value": v, "observed_at": at, **extra} for at, v in points]
    created(caller.post("datapoints", json={"items": items}))


def followers_goal(caller: Caller, **fields: Any) -> dict[str, Any]:
    """Grow followers from 1000 to 2000 between Nov 25 and Dec 5 (halfway today)."""
    body = {
        "title": "Grow the audience",
        "starts_on": "2026-11-25",
        "due_on": "2026-12-05",
        "key_results": [{"metric": "followers", "start_value": 1000, "target_value": 2000}],
        **fields,
    }
    return created(caller.post("goals", json=body))


@pytest.fixture(autouse=True)
def today(clock: SettableClock) -> SettableClock:
    clock.set(NOW)
    return clock


def test_a_goal_halfway_with_45_percent_done_is_on_track(owner: Caller) -> None:
    record(
        owner,
        "followers",
        ("2026-11-26T10:00:00Z", 1200),
        ("2026-11-28T10:00:00Z", 1350),
        ("2026-11-29T10:00:00Z", 1450),
    )

    goal = followers_goal(owner)
    kr = goal["key_results"][0]

    assert kr["current_value"] == 1450
    assert kr["progress"] == pytest.approx(45)
    assert kr["expected_value"] == pytest.approx(1500)
    assert kr["expected_progress"] == pytest.approx(50)
    assert kr["pace_ratio"] == pytest.approx(0.9)
    assert (kr["status"], goal["status"], goal["computed_status"]) == ("on_track",) * 3
    assert goal["progress"] == pytest.approx(45)
    # least squares over days 1, 3, 4 of the period: slope 575/7, intercept 7800/7
    forecast = kr["forecast"]
    assert forecast["method"] == "least_squares"
    assert forecast["points"] == 3
    assert forecast["value"] == pytest.approx(7800 / 7 + 575 / 7 * 10)
    assert forecast["projected_hit_on"] == "2026-12-06"  # day (2000 − 7800/7) / (575/7) ≈ 10.8


def test_pace_profiles_move_the_expected_value(owner: Caller) -> None:
    record(owner, "followers", ("2026-11-29T10:00:00Z", 1450))

    front = followers_goal(owner, pace="front_loaded")["key_results"][0]
    back = followers_goal(owner, pace="back_loaded")["key_results"][0]

    assert (front["expected_value"], front["status"]) == (pytest.approx(1750), "off_track")
    assert (back["expected_value"], back["status"]) == (pytest.approx(1250), "on_track")


def test_a_decreasing_target_counts_progress_downward(owner: Caller) -> None:
    created(
        owner.post(
            "metrics",
            json={
                "key": "response_hours",
                "name": "Response time",
                "category": "operations",
                "aggregation": "avg",
                "direction": "lower_is_better",
            },
        )
    )
    record(owner, "response_hours", ("2026-11-26T10:00:00Z", 44), ("2026-11-29T10:00:00Z", 40))

    goal = followers_goal(
        owner,
        key_results=[
            {
                "metric": "response_hours",
                "start_value": 48,
                "target_value": 24,
                "aggregation": "avg",
            }
        ],
    )
    kr = goal["key_results"][0]

    assert kr["current_value"] == 42  # the mean over the period
    assert kr["progress"] == pytest.approx(25)  # 6 of the 24 hours to lose
    assert kr["expected_value"] == pytest.approx(36)
    assert kr["pace_ratio"] == pytest.approx(0.5)
    assert kr["status"] == "off_track"


def test_latest_sums_each_channels_latest_and_a_channel_filter_narrows(owner: Caller) -> None:
    record(owner, "followers", ("2026-11-26T10:00:00Z", 1000), channel="bilibili")
    record(owner, "followers", ("2026-11-27T10:00:00Z", 400), channel="douyin")
    record(owner, "followers", ("2026-11-28T10:00:00Z", 1100), channel="bilibili")

    both = followers_goal(owner)["key_results"][0]
    bilibili = followers_goal(
        owner,
        key_results=[
            {"metric": "followers", "channel": "bilibili", "start_value": 0, "target_value": 2000}
        ],
    )["key_results"][0]

    assert both["current_value"] == 1500
    assert bilibili["current_value"] == 1100


def test_workspace_thresholds_change_the_status(owner: Caller) -> None:
    record(owner, "followers", ("2026-11-29T10:00:00Z", 1450))
    goal = followers_goal(owner)
    assert goal["status"] == "on_track"

    changed = owner.patch("goal-settings", json={"on_track_from": 0.95, "at_risk_from": 0.92})
    assert changed.status_code == 200, changed.text

    assert owner.get(f"goals/{goal['id']}").json()["status"] == "off_track"
    reversed_order = owner.patch("goal-settings", json={"at_risk_from": 0.99})
    assert reversed_order.status_code == 422


def test_a_manual_status_holds_until_the_next_report(owner: Caller, today: SettableClock) -> None:
    record(owner, "followers", ("2026-11-29T10:00:00Z", 1450))
    goal = followers_goal(owner)

    overridden = owner.patch(
        f"goals/{goal['id']}",
        json={"status_override": "at_risk", "status_override_note": "Platform outage"},
    ).json()
    assert (overridden["status"], overridden["computed_status"]) == ("at_risk", "on_track")
    assert overridden["status_overridden"] is True
    assert overridden["status_override_note"] == "Platform outage"

    today.advance(timedelta(hours=1))
    record(owner, "followers", ("2026-11-30T09:30:00Z", 1500))
    after_report = owner.get(f"goals/{goal['id']}").json()
    assert after_report["status"] == "on_track"
    assert after_report["status_overridden"] is False


def test_closing_needs_an_outcome_and_reopening_forgets_it(owner: Caller) -> None:
    goal = followers_goal(owner)
    path = f"goals/{goal['id']}"

    assert owner.patch(path, json={"state": "closed"}).status_code == 422
    closed = owner.patch(path, json={"state": "closed", "outcome": "achieved"})
    assert closed.status_code == 200
    assert closed.json()["outcome"] == "achieved"
    reopened = owner.patch(path, json={"state": "active"}).json()
    assert reopened["outcome"] is None


def test_goals_form_a_tree_without_cycles_and_filter_by_campaign(owner: Caller) -> None:
    campaign = make_campaign(owner)
    lead = make_member(owner)
    parent = followers_goal(owner, title="Year", owner_member_id=lead["id"])
    child = followers_goal(
        owner, title="Quarter", parent_id=parent["id"], campaign_id=campaign["id"]
    )

    assert child["campaign_name"] == campaign["name"]
    assert parent["owner_name"] == lead["display_name"]
    cycle = owner.patch(f"goals/{parent['id']}", json={"parent_id": child["id"]})
    assert cycle.status_code == 422
    listed = owner.get("goals", params={"campaign_id": campaign["id"]}).json()["items"]
    assert [g["title"] for g in listed] == ["Quarter"]
    under = owner.get("goals", params={"parent_id": parent["id"]}).json()["items"]
    assert [g["id"] for g in under] == [child["id"]]

    assert owner.delete(f"goals/{parent['id']}").status_code == 204
    assert owner.get(f"goals/{child['id']}").json()["parent_id"] is None


def test_key_results_are_added_changed_and_removed(owner: Caller) -> None:
    goal = followers_goal(owner, key_results=[])
    base = f"goals/{goal['id']}/key-results"

    kr = created(
        owner.post(
            base, json={"metric": "content_views", "target_value": 10_000, "aggregation": "sum"}
        )
    )
    record(owner, "content_views", ("2026-11-26T10:00:00Z", 3000), ("2026-11-27T10:00:00Z", 1000))
    assert owner.get(f"{base}/{kr['id']}").json()["current_value"] == 4000

    same = owner.patch(f"{base}/{kr['id']}", json={"target_value": 0})
    assert same.status_code == 422
    changed = owner.patch(f"{base}/{kr['id']}", json={"target_value": 8000, "weight": 2})
    assert changed.status_code == 200
    assert changed.json()["progress"] == pytest.approx(50)
    assert owner.delete(f"{base}/{kr['id']}").status_code == 204
    assert owner.get(f"goals/{goal['id']}").json()["key_results"] == []


def test_bad_input_names_the_field(owner: Caller) -> None:
    reversed_dates = owner.post(
        "goals", json={"title": "x", "starts_on": "2026-12-01", "due_on": "2026-11-01"}
    )
    unknown_metric = owner.post(
        "goals",
        json={
            "title": "x",
            "starts_on": "2026-11-01",
            "due_on": "2026-12-01",
            "key_results": [{"metric": "nope", "target_value": 5}],
        },
    )

    assert reversed_dates.status_code == 422
    assert reversed_dates.json()["errors"][0]["loc"] == ["body", "due_on"]
    assert unknown_metric.status_code == 422
    assert unknown_metric.json()["errors"][0]["loc"] == ["body", "key_results", 0, "metric"]


def test_viewers_read_goals_but_cannot_write_and_outsiders_get_404(
    owner: Caller, outsider: Caller, session: Session
) -> None:
    goal = followers_goal(owner)
    viewer = join(session, owner, Access.viewer)

    assert viewer.get(f"goals/{goal['id']}").status_code == 200
    assert viewer.patch(f"goals/{goal['id']}", json={"title": "Mine"}).status_code == 403
    assert (
        viewer.post(
            "goals", json={"title": "x", "starts_on": "2026-11-01", "due_on": "2026-12-01"}
        ).status_code
        == 403
    )
    assert outsider.get(f"goals/{goal['id']}").status_code == 404
    assert outsider.delete(f"goals/{goal['id']}").status_code == 404


def test_a_metric_used_by_a_key_result_cannot_be_deleted(owner: Caller) -> None:
    goal = followers_goal(owner)
    metric_id = goal["key_results"][0]["metric_id"]

    assert owner.delete(f"metrics/{metric_id}").status_code == 409


def test_writes_are_in_the_activity_stream(owner: Caller) -> None:
    goal = followers_goal(owner)
    owner.patch(f"goals/{goal['id']}", json={"title": "Grow faster"}).raise_for_status()

    verbs = [a["verb"] for a in owner.get("activities", params={"verb": "goal.*"}).json()["items"]]
    assert sorted(verbs) == ["goal.created", "goal.updated"]
    kr_verbs = owner.get("activities", params={"verb": "key_result.*"}).json()["items"]
    assert [a["verb"] for a in kr_verbs] == ["key_result.created"]


def test_an_off_track_goal_is_a_health_warning_of_its_campaign_and_workspace(
    owner: Caller,
) -> None:
    campaign = make_campaign(owner, status="active")
    record(owner, "followers", ("2026-11-29T10:00:00Z", 1100))
    goal = followers_goal(owner, campaign_id=campaign["id"], title="Reach 2000")
    assert goal["status"] == "off_track"

    workspace = owner.get("health").json()["findings"]
    of_campaign = owner.get(f"campaigns/{campaign['id']}/health").json()["findings"]

    for findings in (workspace, of_campaign):
        off_track = [f for f in findings if f["code"] == "goal_off_track"]
        assert len(off_track) == 1
        assert off_track[0]["goal_id"] == goal["id"]
        assert off_track[0]["severity"] == "warning"
        assert "Reach 2000" in off_track[0]["message"]
        assert "10% done where 50% was expected" in off_track[0]["message"]


def test_a_goal_on_track_or_closed_is_no_finding(owner: Caller) -> None:
    record(owner, "followers", ("2026-11-29T10:00:00Z", 1100))
    goal = followers_goal(owner)
    owner.patch(
        f"goals/{goal['id']}", json={"state": "closed", "outcome": "missed"}
    ).raise_for_status()

    findings = owner.get("health").json()["findings"]

    assert [f for f in findings if f["code"] == "goal_off_track"] == []


def test_the_health_check_judges_goals_without_drawing_forecasts(
    owner: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(owner, "followers", ("2026-11-29T10:00:00Z", 1100))
    goal = followers_goal(owner, title="Reach 2000")
    drawn: list[int] = []
    real = progress.forecast

    def forecast(*args: Any, **kwargs: Any) -> progress.Forecast | None:
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(progress, "forecast", forecast)

    findings = owner.get("health").json()["findings"]
    read = owner.get(f"goals/{goal['id']}").json()

    assert [f["goal_id"] for f in findings if f["code"] == "goal_off_track"] == [goal["id"]]
    assert len(drawn) == 1  # only for the goal read itself
    assert read["key_results"][0]["forecast"] is None  # one point: none to draw anyway
