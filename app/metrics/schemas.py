import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
)

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import Key, Name, Text, omittable
from app.models.enums import Aggregation, Direction, MetricCategory

MAX_BATCH = 10_000

Unit = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=32),
    Field(examples=["count", "%", "CNY"]),
]
Bound = Annotated[float, Field(allow_inf_nan=False, ge=-1e15, le=1e15)]
Value = Annotated[
    float, Field(allow_inf_nan=False, ge=-1e15, le=1e15, description="A finite number.")
]
AllowFuture = Annotated[
    bool,
    Field(
        description="Accept observations more than a day after now (a confirmed forecast "
        "or a typo's correction); refused by default."
    ),
]
MetricKey = Annotated[Key, Field(description="A metric's `key`.", examples=["content_views"])]


def _representable_in_utc(value: datetime) -> datetime:
    try:
        value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("the time is out of range") from exc
    return value


Instant = Annotated[AwareDatetime, AfterValidator(_representable_in_utc)]
ObservedAt = Annotated[
    Instant,
    Field(
        description="When the value was observed, ISO 8601 with an offset.",
        examples=["2026-03-01T20:00:00+08:00"],
    ),
]
Channel = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    Field(description="Where it was observed, e.g. `bilibili`.", examples=["bilibili"]),
]


class RatioOf(InputModel):
    """A ratio metric's value is, per bucket, sum(numerator) / sum(denominator)."""

    numerator: MetricKey
    denominator: MetricKey


_EXAMPLE_AGGREGATED: JsonValue = {
    "key": "live_viewers",
    "name": "Live viewers",
    "unit": "count",
    "category": "content",
    "aggregation": "max",
}
_EXAMPLE_RATIO: JsonValue = {
    "key": "like_rate",
    "name": "Like rate",
    "unit": "ratio",
    "category": "content",
    "ratio_of": {"numerator": "content_likes", "denominator": "content_views"},
}


class MetricCreate(InputModel):
    """A metric is aggregated from its own datapoints (`aggregation`) or is a ratio of
    two aggregated metrics (`ratio_of`): give exactly one of the two."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_AGGREGATED, _EXAMPLE_RATIO]})

    key: Key
    name: Name
    description: Text = ""
    unit: Unit = ""
    category: MetricCategory
    aggregation: Aggregation | None = Field(
        default=None, description="How datapoints combine in a bucket; `last` is the latest."
    )
    ratio_of: RatioOf | None = None
    direction: Direction = Direction.higher_is_better
    min_value: Bound | None = Field(
        default=None,
        description="Datapoints below it are refused. Default for unit `%`: 0; none otherwise.",
    )
    max_value: Bound | None = Field(
        default=None,
        description="Datapoints above it are refused. Default for unit `%`: 100; none otherwise.",
    )


class MetricUpdate(InputModel):
    """Fields to change. Setting `aggregation` turns a ratio metric into an aggregated one;
    setting `ratio_of` turns an aggregated metric without datapoints into a ratio."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Daily active members", "aggregation": "max"}]}
    )

    key: Key = omittable()
    name: Name = omittable()
    description: Text = omittable()
    unit: Unit = omittable()
    category: MetricCategory = omittable()
    aggregation: Aggregation = omittable()
    ratio_of: RatioOf = omittable()
    direction: Direction = omittable()
    min_value: Bound | None = None
    max_value: Bound | None = None


class MetricRead(ReadModel):
    id: uuid.UUID
    key: str
    name: str
    description: str
    unit: str
    category: MetricCategory
    aggregation: Aggregation | None = Field(description="`null` for a ratio metric.")
    ratio_of: RatioOf | None = Field(description="`null` for an aggregated metric.")
    direction: Direction
    min_value: float | None = Field(description="The lowest value a datapoint may have.")
    max_value: float | None = Field(description="The highest value a datapoint may have.")
    created_at: datetime
    updated_at: datetime


class MetricPage(Page[MetricRead]):
    pass


class DatapointIn(InputModel):
    metric: MetricKey
    value: Value
    observed_at: ObservedAt
    campaign_id: uuid.UUID | None = None
    member_id: uuid.UUID | None = None
    channel: Channel | None = None


class DatapointBatch(InputModel):
    """1 to 10,000 datapoints, stored all together or not at all."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "metric": "content_views",
                            "value": 1520,
                            "observed_at": "2026-03-01T20:00:00+08:00",
                            "channel": "bilibili",
                        },
                        {
                            "metric": "followers",
                            "value": 12840,
                            "observed_at": "2026-03-01T23:59:00+08:00",
                            "channel": "douyin",
                        },
                    ]
                }
            ]
        }
    )

    items: Annotated[list[DatapointIn], Field(min_length=1, max_length=MAX_BATCH)]
    allow_future: AllowFuture = False


class DatapointUpdate(InputModel):
    """Fields to correct; `null` clears the campaign, member or channel."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"value": 1480, "channel": "bilibili"}]}
    )

    value: Value = omittable()
    observed_at: ObservedAt = omittable()
    campaign_id: uuid.UUID | None = None
    member_id: uuid.UUID | None = None
    channel: Channel | None = None
    allow_future: AllowFuture = False


class DatapointsCreated(ReadModel):
    created: int = Field(description="How many datapoints were stored.")


class DatapointRead(ReadModel):
    id: uuid.UUID
    metric: str = Field(description="The metric's key.")
    metric_id: uuid.UUID
    value: float
    observed_at: datetime
    campaign_id: uuid.UUID | None
    member_id: uuid.UUID | None
    channel: str | None
    created_at: datetime


class DatapointPage(Page[DatapointRead]):
    pass


class Granularity(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class SeriesPoint(ReadModel):
    start: datetime = Field(
        description="The bucket's first instant, with the workspace's offset.",
        examples=["2026-03-02T00:00:00+08:00"],
    )
    value: float | None = Field(description="`null` when the bucket has no data.")


class ChannelSeries(ReadModel):
    channel: str | None
    points: list[SeriesPoint]


class MetricSeries(ReadModel):
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    metric_id: uuid.UUID
    metric_key: str
    granularity: Granularity
    timezone: str = Field(description="The workspace's time zone the buckets follow.")
    from_: date = Field(alias="from", description="First day of the range (inclusive).")
    to: date = Field(description="Last day of the range (inclusive).")
    points: list[SeriesPoint] = Field(description="Every bucket of the range, oldest first.")
    by_channel: list[ChannelSeries] = Field(
        default_factory=list,
        description="With `by_channel=true`: the same buckets per channel (`null`: none given).",
    )


class ComparedSeries(ReadModel):
    metric_id: uuid.UUID
    metric_key: str
    channel: str | None = Field(description="The channel compared; `null`: all channels.")
    values: list[float | None] = Field(
        description="One value per bucket of `buckets`, in the same order (`null`: no data)."
    )


class MetricComparison(ReadModel):
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    granularity: Granularity
    timezone: str = Field(description="The workspace's time zone the buckets follow.")
    from_: date = Field(alias="from", description="First day of the range (inclusive).")
    to: date = Field(description="Last day of the range (inclusive).")
    buckets: list[datetime] = Field(
        description="Every bucket's first instant (workspace offset), oldest first; every "
        "series has one value per bucket."
    )
    series: list[ComparedSeries] = Field(
        description="One series per metric asked, in the order asked; with channels, one per "
        "metric and channel (metric-major)."
    )
