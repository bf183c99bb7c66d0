"""Dashboards in the browser: a tile per metric with its value, change and sparkline
(an SVG line, with the same numbers in a table), for the workspace or one campaign."""

from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import Response

from app.vocabulary import MetricCategory
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.views.campaigns import CampaignCard
from app.web.views.dashboards import Dashboard
from app.web.workspace import workspace_frame

router = APIRouter()
PERIODS = ("7d", "30d", "90d", "month", "quarter", "custom")
CATEGORIES = tuple(MetricCategory)
WIDTH, HEIGHT = 120, 32


def sparkline_points(values: list[float | None]) -> str:
    """SVG polyline points of the non-empty values, scaled into WIDTH × HEIGHT."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if not known:
        return ""
    low = min(v for _, v in known)
    high = max(v for _, v in known)
    span = high - low or 1.0
    step = WIDTH / max(1, len(values) - 1)
    return " ".join(
        f"{i * step:.1f},{HEIGHT - 2 - (v - low) / span * (HEIGHT - 4):.1f}" for i, v in known
    )


@router.get("/w/{slug}/dashboard")
async def workspace_dashboard(
    page: PageDep, slug: str, period: str = "30d", start: str = "", end: str = "", channel: str = ""
) -> Response:
    return await _dashboard(page, slug, None, period, start, end, channel)


@router.get("/w/{slug}/campaigns/{campaign_id}/dashboard")
async def campaign_dashboard(
    page: PageDep,
    slug: str,
    campaign_id: str,
    period: str = "30d",
    start: str = "",
    end: str = "",
    channel: str = "",
) -> Response:
    return await _dashboard(page, slug, campaign_id, period, start, end, channel)


async def _dashboard(
    page: Page,
    slug: str,
    campaign_id: str | None,
    period: str,
    start: str,
    end: str,
    channel: str,
) -> Response:
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    path = f"{base}/campaigns/{campaign_id}/dashboard" if campaign_id else f"{base}/dashboard"
    period = period if period in PERIODS else "30d"
    params = {"period": period}
    if period == "custom":
        params |= {"from": start, "to": end}
    if channel:
        params["channel"] = channel
    error = None
    try:
        body = Dashboard.model_validate(await page.api.get(path, **params))
    except ApiError as refused:
        if refused.status != 422:
            raise
        error = refused.detail
        body = Dashboard.model_validate(await page.api.get(path, period="30d"))
    campaign = (
        CampaignCard.model_validate(await page.api.get(f"{base}/campaigns/{campaign_id}"))
        if campaign_id
        else None
    )
    sections = [
        (category, [t for t in body.tiles if t.category == category]) for category in CATEGORIES
    ]
    days = (
        [body.first_day + timedelta(days=i) for i in range(len(body.tiles[0].sparkline))]
        if body.tiles
        else []
    )
    return page.render(
        "dashboards/dashboard.html",
        days=days,
        frame=frame,
        body=body,
        campaign=campaign,
        sections=[(c, tiles) for c, tiles in sections if tiles],
        period=period,
        channel=channel,
        error=error,
        sparkline=sparkline_points,
        width=WIDTH,
        height=HEIGHT,
    )
