"""Metrics: definitions, quick entry of a datapoint, and a chart per metric."""

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import TypedDict
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.core import clock
from app.core.i18n import N_, translate
from app.core.pagination import MAX_LIMIT
from app.vocabulary import Granularity
from app.web.choices import ChoiceKind, picker
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, safe_next, text
from app.web.paging import one_page
from app.web.views.metrics import DatapointRow, Metric, Series
from app.web.views.workspace import Workspace, WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()
GRANULARITIES = tuple(Granularity)


class NewDatapoint(TypedDict):
    metric: str
    value: str | None
    observed_at: str | None
    campaign_id: str | None
    channel: str | None


class ChartLine(TypedDict):
    label: str
    points: list[dict[str, object]]


class Chart(TypedDict):
    """What static/chart.js draws (embedded as JSON)."""

    label: str
    timezone: str
    points: list[dict[str, object]]
    channels: list[ChartLine]


@router.get("/w/{slug}/metrics")
async def metrics_page(page: PageDep, slug: str, cursor: str = "") -> Response:
    frame = await workspace_frame(page, slug)
    return await _metrics_page(page, slug, frame, entry={}, errors={}, cursor=cursor)


async def _metrics_page(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    entry: Mapping[str, str],
    errors: Mapping[str, str],
    status_code: int = 200,
    cursor: str = "",
) -> Response:
    """A page of the metric definitions; the entry form's picker offers the first
    `MAX_LIMIT` (one call: definitions are a catalogue, not a growing log)."""
    base = f"/workspaces/{slug}"
    here = page.request.url.replace(path=f"/w/{slug}/metrics", query="")
    shown = await one_page(page.api, here, f"{base}/metrics", cursor=cursor or None)
    metrics = [Metric.model_validate(m) for m in shown.items]
    if page.is_htmx and cursor:
        return page.render("metrics/_rows.html", frame=frame, metrics=metrics, more=shown.more_url)
    recordable = await page.api.get(f"{base}/metrics", limit=MAX_LIMIT)
    return page.render(
        "metrics/list.html",
        status_code=status_code,
        frame=frame,
        metrics=metrics,
        more=shown.more_url,
        recordable=[Metric.model_validate(m) for m in recordable["items"]],
        entry_campaign=await picker(page, slug, ChoiceKind.campaign, entry.get("campaign_id")),
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
    item = NewDatapoint(
        metric=entry["metric"],
        value=entry["value"] or None,
        observed_at=aware_local(entry["observed_at"], frame.ws.timezone),
        campaign_id=entry["campaign_id"] or None,
        channel=entry["channel"] or None,
    )
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
    metric = Metric.model_validate(await page.api.get(f"{base}/metrics/{metric_id}"))
    filters = {"campaign_id": campaign_id, "channel": channel}
    by_channel = split == "channel"
    params: dict[str, str | bool] = {
        "granularity": granularity,
        **filters,
        "by_channel": by_channel,
    }
    if start:
        params["from"] = start
    if end:
        params["to"] = end
    error = None
    try:
        reply = await page.api.get(f"{base}/metrics/{metric_id}/series", **params)
    except ApiError as refused:
        if refused.status != 422:
            raise
        error = refused.detail
        reply = await page.api.get(f"{base}/metrics/{metric_id}/series", granularity=granularity)
    series = Series.model_validate(reply)
    campaign = await picker(page, slug, ChoiceKind.campaign, campaign_id)
    unnamed = translate(N_("No channel"), page.locale)
    chart = Chart(
        label=metric.name,
        timezone=series.timezone,
        points=[point.model_dump(mode="json") for point in series.points],
        channels=[
            ChartLine(
                label=line.channel or unnamed,
                points=[point.model_dump(mode="json") for point in line.points],
            )
            for line in series.by_channel
        ],
    )
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
        filters={**filters, "start": series.from_.isoformat(), "end": series.to.isoformat()},
        campaign=campaign,
        entry_campaign=replace(campaign, chosen=None),
        error=error,
        entry={"metric": metric.key, "observed_at": _now_local(frame.ws)},
        errors={},
    )


async def _datapoints_in_range(
    page: Page,
    base: str,
    metric: Metric,
    series: Series,
    filters: Mapping[str, str],
) -> list[DatapointRow]:
    """The first 100 datapoints of the shown range, with times for `datetime-local` inputs."""
    if metric.ratio_of is not None:
        return []
    tz = ZoneInfo(series.timezone)
    start = datetime.combine(series.from_, time.min, tzinfo=tz)
    end = datetime.combine(series.to, time.min, tzinfo=tz) + timedelta(days=1)
    params = {key: value for key, value in filters.items() if value}
    page_of = await page.api.get(
        f"{base}/datapoints",
        metric=metric.key,
        limit=100,
        **{"from": start.isoformat(), "to": end.isoformat()},
        **params,
    )
    rows = []
    for item in page_of["items"]:
        observed = datetime.fromisoformat(item["observed_at"])
        rows.append(
            DatapointRow.model_validate(
                {**item, "local": observed.astimezone(tz).strftime("%Y-%m-%dT%H:%M")}
            )
        )
    return rows


def _script_safe_json(data: Chart) -> str:
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
