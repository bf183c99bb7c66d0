"""A report's snapshot at submission records the campaign's key results as the goals
module measures them (metric, current value, target, progress, status); a draft keeps
none, and later datapoints do not change what a submitted report recorded."""

from datetime import datetime
from typing import Any

from app.core.clock import SettableClock
from tests.api.helpers import make_campaign
from tests.factories import Caller, created

Json = dict[str, Any]


def test_submitting_snapshots_the_campaigns_key_results(
    owner: Caller, clock: SettableClock
) -> None:
    owner.patch("", json={"timezone": "Asia/Shanghai"})
    campaign = make_campaign(owner)
    goal = created(
        owner.post(
            "goals",
            json={
                "title": "Grow the fan base",
                "campaign_id": campaign["id"],
                "starts_on": "2026-11-01",
                "due_on": "2026-12-31",
                "key_results": [
                    {
                        "metric": "followers",
                        "campaign_id": campaign["id"],
                        "start_value": 1000,
                        "target_value": 2000,
                    }
                ],
            },
        )
    )
    other = make_campaign(owner)
    created(
        owner.post(
            "goals",
            json={
                "title": "Elsewhere",
                "campaign_id": other["id"],
                "starts_on": "2026-11-01",
                "due_on": "2026-12-31",
                "key_results": [{"metric": "followers", "start_value": 0, "target_value": 5}],
            },
        )
    )

    def followers(value: float, observed_at: str) -> None:
        point = {
            "metric": "followers",
            "value": value,
            "observed_at": observed_at,
            "campaign_id": campaign["id"],
        }
        created(owner.post("datapoints", json={"items": [point]}))

    followers(1450, "2026-11-29T12:00:00+08:00")
    draft = created(
        owner.post("reports", json={"campaign_id": campaign["id"], "health": "on_track"})
    )
    submitted = owner.patch(f"reports/{draft['id']}", json={"submit": True}).json()
    clock.set(datetime.fromisoformat("2026-12-02T09:00:00+00:00"))
    followers(1900, "2026-12-01T12:00:00+08:00")
    later = owner.get(f"reports/{draft['id']}").json()

    assert draft["key_results_snapshot"] == []
    (kr,) = submitted["key_results_snapshot"]
    assert kr == {
        "goal_id": goal["id"],
        "goal_title": "Grow the fan base",
        "key_result_id": goal["key_results"][0]["id"],
        "metric": "followers",
        "metric_name": goal["key_results"][0]["metric_name"],
        "unit": goal["key_results"][0]["unit"],
        "start_value": 1000,
        "target_value": 2000,
        "current_value": 1450,
        "progress": 45,
        "status": "on_track",  # 45 % done, 48 % expected on 30 November (ratio 0.93)
    }
    assert later["key_results_snapshot"] == submitted["key_results_snapshot"]
