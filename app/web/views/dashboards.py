"""What a dashboard shows: a tile per metric for a period (app/dashboards/schemas.py)."""

from datetime import date

from pydantic import Field

from app.vocabulary import MetricCategory
from app.web.views import View


class ChannelValue(View):
    channel: str | None
    value: float | None


class Tile(View):
    metric: str
    metric_id: str
    name: str
    unit: str
    category: MetricCategory
    value: float | None
    change: float | None
    change_percent: float | None
    sparkline: list[float | None]
    by_channel: list[ChannelValue]


class Dashboard(View):
    first_day: date = Field(alias="from")
    to: date
    previous_from: date
    previous_to: date
    timezone: str
    tiles: list[Tile]
