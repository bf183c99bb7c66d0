"""What the metric pages show: metric definitions, a metric's series and its datapoints."""

from datetime import date, datetime

from pydantic import Field

from app.vocabulary import Aggregation, Direction, MetricCategory
from app.web.views import View


class RatioOf(View):
    numerator: str
    denominator: str


class Metric(View):
    id: str
    key: str
    name: str
    description: str
    unit: str
    category: MetricCategory
    aggregation: Aggregation | None
    ratio_of: RatioOf | None
    direction: Direction
    min_value: float | None
    max_value: float | None


class SeriesPoint(View):
    start: datetime
    value: float | None


class ChannelSeries(View):
    channel: str | None
    points: list[SeriesPoint]


class Series(View):
    """A metric's buckets over a range (`from_` is the API's `from`)."""

    timezone: str
    from_: date = Field(alias="from")
    to: date
    points: list[SeriesPoint]
    by_channel: list[ChannelSeries] = []


class Datapoint(View):
    id: str
    value: float
    observed_at: datetime
    channel: str | None


class DatapointRow(Datapoint):
    """A datapoint with its time as a `datetime-local` input shows it (workspace time)."""

    local: str
