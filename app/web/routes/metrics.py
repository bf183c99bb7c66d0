"""Metrics: definitions, quick entry of a datapoint, and a chart per metric."""

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.core import clock
from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, safe_next, text
from app.web.views.workspace import Workspace, WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()
GRANULARITIES = ("day", "week", "month")


@router.get("/w/{slug}/metrics")
async def metrics_page(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    return await _metrics_page(page, slug, frame, entry={}, errors={})


async def _metrics_page(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    entry: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    base = f"/workspaces/{slug}"
    metrics = await page.api.all_items(f"{base}/metrics")
    campaigns = await page.api.all_items(f"{base}/campaigns")
    return page.render(
        "metrics/list.html",
        status_code=status_code,
        frame=frame,
        metrics=metrics,
        campaigns=campaigns,
        entry={"observed_at": _now_local(frame.ws), **entry},
        errors=errors,
    )


@router.post("/w/{slug}/datapoints")
async def record_datapoint(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    frame = await workspace_frame(page, slug)
    entry = {
        key: text(form, key) for key in ("metric", "value", "observed_at", "campaign_id", "channel")
    }
    next_path = safe_next(optional(form, "next"), f"/w/{slug}/metrics")
    item: dict[str, Any] = {
        "metric": entry["metric"],
        "value": entry["value"] or None,
        "observed_at": aware_local(entry["observed_at"], frame.ws.timezone),
        "campaign_id": entry["campaign_id"] or None,
        "channel": entry["channel"] or None,
    }
    try:
        await page.api.post(f"/workspaces/{slug}/datapoints", json={"items": [item]})
    except ApiError as error:
        if error.status not in (404, 422):
            raise
        errors = {
            key.removeprefix("items.0."): message
            for key, message in field_messages(error).items()
            if key.startswith("items.0.")
        } or {"form": error.detail}
        return await _metrics_page(
            page, slug, frame, entry=entry, errors=errors, status_code=error.status
        )
    page.session.add_flash(translate(N_("Datapoint recorded."), page.locale))
    return page.redirect(next_path)


@router.get("/w/{slug}/metrics/{metric_id}")
async def metric_page(
    page: PageDep,
    slug: str,
    metric_id: str,
    granularity: str = "day",
    campaign_id: str = "",
    channel: str = "",
    start: str = "",
    end: str = "",
    split: str = "",
) -> Response:
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    granularity = granularity if granularity in GRANULARITIES else "day"
    metric = await page.api.get(f"{base}/metrics/{metric_id}")
    filters = {"campaign_id": campaign_id, "channel": channel}
    by_channel = split == "channel"
    params: dict[str, Any] = {"granularity": granularity, **filters, "by_channel": by_channel}
    if start:
        params["from"] = start
    if end:
        params["to"] = end
    error = None
    try:
        series = await page.api.get(f"{base}/metrics/{metric_id}/series", **params)
    except ApiError as refused:
        if refused.status != 422:
            raise
        error = refused.detail
        series = await page.api.get(f"{base}/metrics/{metric_id}/series", granularity=granularity)
    campaigns = await page.api.all_items(f"{base}/campaigns")
    unnamed = translate(N_("No channel"), page.locale)
    chart = {
        "label": metric["name"],
        "timezone": series["timezone"],
        "points": series["points"],
        "channels": [
            {"label": line["channel"] or unnamed, "points": line["points"]}
            for line in series["by_channel"]
        ],
    }
    recent = await _datapoints_in_range(page, base, metric, series, filters)
    return page.render(
        "metrics/detail.html",
        frame=frame,
        metric=metric,
        series=series,
        chart_json=_script_safe_json(chart),
        granularity=granularity,
        split="channel" if by_channel else "",
        datapoints=recent,
        filters={**filters, "start": series["from"], "end": series["to"]},
        campaigns=campaigns,
        error=error,
        entry={"metric": metric["key"], "observed_at": _now_local(frame.ws)},
        errors={},
    )


async def _datapoints_in_range(
    page: Page,
    base: str,
    metric: dict[str, Any],
    series: dict[str, Any],
    filters: dict[str, str],
) -> list[dict[str, Any]]:
    """The first 100 datapoints of the shown range, with times for `datetime-local` inputs."""
    if metric["ratio_of"] is not None:
        return []
    tz = ZoneInfo(series["timezone"])
    start = datetime.fromisoformat(series["from"]).replace(tzinfo=tz)
    end = datetime.fromisoformat(series["to"]).replace(tzinfo=tz) + timedelta(days=1)
    params = {key: value for key, value in filters.items() if value}
    page_of = await page.api.get(
        f"{base}/datapoints",
        metric=metric["key"],
        limit=100,
        **{"from": start.isoformat(), "to": end.isoformat()},
        **params,
    )
    return [
        {
            **item,
            "local": datetime.fromisoformat(item["observed_at"])
            .astimezone(tz)
            .strftime("%Y-%m-%dT%H:%M"),
        }
        for item in page_of["items"]
    ]


def _script_safe_json(data: Any) -> str:
    """JSON to embed in a `<script type="application/json">`: no `</script>` can end it."""
    raw = json.dumps(data, ensure_ascii=False)
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _now_local(ws: Workspace) -> str:
    return clock.now().astimezone(ZoneInfo(ws.timezone)).strftime("%Y-%m-%dT%H:%M")


def aware_local(local: str, timezone: str) -> str | None:
    """A `datetime-local` value, read in the workspace's time zone, with its offset."""
    try:
        parsed = datetime.fromisoformat(local)
    except ValueError:
        return local or None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed.isoformat()
