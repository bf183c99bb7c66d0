"""Metrics in the browser (issue 15): define and change metrics, correct and delete
datapoints, a chart in the workspace's time zone with a line per channel."""

import html
import json
import re

from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.api.helpers import seeded
from tests.factories import Caller, created, join
from tests.web.conftest import Browser, sign_in

CHART = re.compile(r'<script type="application/json" id="series-data">(.*?)</script>', re.S)


def test_an_editor_defines_a_metric_and_changes_its_bounds(web: Browser, owner: Caller) -> None:
    form = web.get(web.page("/metrics/new"))
    assert form.status_code == 200

    made = web.post(
        web.page("/metrics"),
        {
            "name": "Watch time",
            "key": "watch_time",
            "category": "content",
            "aggregation": "sum",
            "unit": "min",
            "direction": "higher_is_better",
            "min_value": "0",
        },
    )
    assert made.status_code == 303, made.text
    metric = seeded(owner, "metrics", "watch_time")
    assert metric["min_value"] == 0

    edit = web.get(web.page(f"/metrics/{metric['id']}/edit"))
    etag = re.search(r'name="etag" value="([^"]*)"', edit.text)
    assert etag is not None
    saved = web.post(
        web.page(f"/metrics/{metric['id']}"),
        {
            "name": "Watch time",
            "key": "watch_time",
            "category": "content",
            "aggregation": "sum",
            "unit": "min",
            "direction": "higher_is_better",
            "min_value": "10",
            "max_value": "5",
            "etag": html.unescape(etag.group(1)),
        },
    )
    assert saved.status_code == 422
    assert "Must not be below the minimum." in saved.text
    assert 'value="10"' in saved.text  # what was typed stays


def test_an_editor_corrects_and_deletes_a_datapoint_on_the_metric_page(
    web: Browser, owner: Caller
) -> None:
    metric = seeded(owner, "metrics", "followers")
    created(
        owner.post(
            "datapoints",
            json={
                "items": [
                    {"metric": "followers", "value": 1500, "observed_at": "2026-11-20T08:00:00Z"}
                ]
            },
        )
    )
    point = owner.get("datapoints", params={"metric": "followers"}).json()["items"][0]
    page_path = web.page(f"/metrics/{metric['id']}?start=2026-11-15&end=2026-11-25")
    page = web.get(page_path)
    assert f'action="/w/{owner.workspace}/datapoints/{point["id"]}"' in page.text

    refused = web.post(
        web.page(f"/datapoints/{point['id']}"),
        {"value": "-5", "observed_at": "2026-11-20T16:00", "next": page_path},
    )
    assert refused.status_code == 303
    assert "Must be at least 0." in web.get(page_path).text
    corrected = web.post(
        web.page(f"/datapoints/{point['id']}"),
        {"value": "1480", "observed_at": "2026-11-20T16:00", "channel": "bilibili"},
    )
    assert corrected.status_code == 303
    assert owner.get(f"datapoints/{point['id']}").json()["value"] == 1480

    deleted = web.post(web.page(f"/datapoints/{point['id']}/delete"), {"next": page_path})
    assert deleted.status_code == 303
    assert owner.get(f"datapoints/{point['id']}").status_code == 404


def test_the_chart_carries_the_workspace_time_zone_and_a_line_per_channel(
    web: Browser, owner: Caller
) -> None:
    owner.patch("", json={"timezone": "Asia/Shanghai"}).raise_for_status()
    metric = seeded(owner, "metrics", "followers")
    items = [
        {
            "metric": "followers",
            "value": 1500,
            "observed_at": "2026-11-20T08:00:00Z",
            "channel": "bilibili",
        },
        {
            "metric": "followers",
            "value": 900,
            "observed_at": "2026-11-20T09:00:00Z",
            "channel": "douyin",
        },
    ]
    created(owner.post("datapoints", json={"items": items}))

    page = web.get(
        web.page(f"/metrics/{metric['id']}?start=2026-11-19&end=2026-11-21&split=channel")
    )
    match = CHART.search(page.text)
    assert match is not None
    chart = json.loads(match.group(1))

    assert chart["timezone"] == "Asia/Shanghai"
    assert [line["label"] for line in chart["channels"]] == ["bilibili", "douyin"]
    assert [p["value"] for p in chart["points"]] == [None, 2400, None]


def test_viewers_see_datapoints_without_edit_forms(
    client: object, owner: Caller, session: Session
) -> None:
    metric = seeded(owner, "metrics", "followers")
    created(
        owner.post(
            "datapoints",
            json={
                "items": [
                    {"metric": "followers", "value": 1500, "observed_at": "2026-11-20T08:00:00Z"}
                ]
            },
        )
    )
    viewer = sign_in(owner.client, join(session, owner, Access.viewer))

    page = viewer.get(viewer.page(f"/metrics/{metric['id']}?start=2026-11-15&end=2026-11-25"))

    assert "1,500" in page.text
    assert "/delete" not in page.text
    assert "/metrics/new" not in viewer.get(viewer.page("/metrics")).text
