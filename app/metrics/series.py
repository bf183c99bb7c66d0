"""A metric's series: one value per day, ISO week or month of the workspace's calendar.

The database buckets and aggregates (one GROUP BY, whatever the number of datapoints or
buckets); Python only lays out the buckets and fills the empty ones with `null`.

Buckets follow the workspace's time zone, daylight saving time included. PostgreSQL
converts with `timezone(tz, observed_at)` and `date_trunc`. SQLite has no time zones:
the requested range is cut into stretches of constant UTC offset (found with
`zoneinfo`), and a small CASE shifts each instant by its stretch's offset before SQLite's
date functions truncate it.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    case,
    cast,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from app.core.dates import today_in
from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.metrics import service
from app.metrics.schemas import ChannelSeries, Granularity, MetricSeries, SeriesPoint
from app.metrics.series_rollups import from_rollups
from app.models import Datapoint, Metric
from app.models.enums import Aggregation

MAX_BUCKETS = 1000
DEFAULT_BUCKETS = {Granularity.day: 30, Granularity.week: 12, Granularity.month: 12}
_STEP = timedelta(days=1)  # offsets never change twice within a day
MEAN_UNITS = frozenset({"%", "ratio", "比率"})


def series(
    session: Session,
    *,
    ctx: WorkspaceContext,
    metric_id: uuid.UUID,
    granularity: Granularity,
    start: date | None,
    end: date | None,
    campaign_id: uuid.UUID | None,
    member_id: uuid.UUID | None,
    channel: str | None,
    by_channel: bool = False,
) -> MetricSeries:
    metric = service.get(session, ctx=ctx, metric_id=metric_id).metric
    tz = ZoneInfo(ctx.timezone)
    start, end = _range(granularity, start, end, today=today_in(ctx.timezone))
    try:
        buckets = _bucket_starts(granularity, start, end)
        begin_at = _first_instant(start, tz)
        end_at = _first_instant(end + timedelta(days=1), tz)
    except (OverflowError, ValueError) as exc:
        raise _invalid_range(("query", "from"), "The range is out of bounds.") from exc

    filters: list[ColumnElement[bool]] = [
        Datapoint.workspace_id == ctx.workspace_id,
        Datapoint.observed_at >= begin_at,
        Datapoint.observed_at < end_at,
    ]
    if campaign_id is not None:
        filters.append(Datapoint.campaign_id == campaign_id)
    if member_id is not None:
        filters.append(Datapoint.member_id == member_id)
    if channel is not None:
        filters.append(Datapoint.channel == channel)
    dialect = session.get_bind().dialect.name

    def raw_bucket() -> ColumnElement[date]:
        if dialect == "postgresql":
            return _postgresql_bucket(granularity, ctx.timezone)
        return _sqlite_bucket(granularity, _offset_stretches(tz, begin_at, end_at))

    rolled_up = None
    if campaign_id is None and member_id is None and channel is None:
        rolled_up = from_rollups(metric, granularity, dialect, ctx.workspace_id, start, end)
    stmt = rolled_up if rolled_up is not None else _aggregate(metric, raw_bucket(), filters)
    values: dict[date, float | None] = dict(session.execute(stmt).all())
    channels: dict[str | None, dict[date, float]] = {}
    if by_channel:
        by_channel_stmt = _aggregate(metric, raw_bucket(), filters, by_channel=True)
        for day, channel_name, value in session.execute(by_channel_stmt):
            channels.setdefault(channel_name, {})[day] = value
    return MetricSeries(
        metric_id=metric.id,
        metric_key=metric.key,
        granularity=granularity,
        timezone=ctx.timezone,
        from_=start,
        to=end,
        points=[
            SeriesPoint(start=_first_instant(day, tz).astimezone(tz), value=values.get(day))
            for day in buckets
        ],
        by_channel=[
            ChannelSeries(
                channel=name,
                points=[
                    SeriesPoint(start=_first_instant(day, tz).astimezone(tz), value=found.get(day))
                    for day in buckets
                ],
            )
            for name, found in sorted(channels.items(), key=lambda item: item[0] or "")
        ],
    )


def _range(
    granularity: Granularity, start: date | None, end: date | None, *, today: date
) -> tuple[date, date]:
    """The requested days, by default the last 30 days, 12 weeks or 12 months to `end`."""
    end = end or today
    if start is None:
        try:
            start = _default_start(granularity, end)
        except (OverflowError, ValueError) as exc:
            raise _invalid_range(("query", "to"), "The range is out of bounds.") from exc
    if end < start:
        raise _invalid_range(("query", "to"), "Must not be before from.")
    if _bucket_count(granularity, start, end) > MAX_BUCKETS:
        raise _invalid_range(
            ("query", "from"),
            "The range spans more than 1000 buckets; shorten it or use a coarser granularity.",
        )
    return start, end


def _default_start(granularity: Granularity, end: date) -> date:
    """The first day of the bucket `DEFAULT_BUCKETS - 1` buckets before `end`'s."""
    back = DEFAULT_BUCKETS[granularity] - 1
    if granularity is Granularity.day:
        return end - timedelta(days=back)
    if granularity is Granularity.week:
        return _monday(end) - timedelta(weeks=back)
    months = end.year * 12 + end.month - 1 - back
    return date(months // 12, months % 12 + 1, 1)


def _invalid_range(loc: tuple[str, ...], message: str) -> InvalidInput:
    return InvalidInput(N_("The range is not valid."), errors=[field_error(loc, message, "range")])


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _bucket_count(granularity: Granularity, start: date, end: date) -> int:
    if granularity is Granularity.day:
        return (end - start).days + 1
    if granularity is Granularity.week:
        return (_monday(end) - _monday(start)).days // 7 + 1
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _bucket_starts(granularity: Granularity, start: date, end: date) -> list[date]:
    """The local first day of every bucket that overlaps [start, end]."""
    count = _bucket_count(granularity, start, end)
    if granularity is Granularity.day:
        return [start + timedelta(days=i) for i in range(count)]
    if granularity is Granularity.week:
        return [_monday(start) + timedelta(weeks=i) for i in range(count)]
    first = start.year * 12 + start.month - 1
    return [date((first + i) // 12, (first + i) % 12 + 1, 1) for i in range(count)]


def _first_instant(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant a local day starts (01:00 where DST skips midnight)."""
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _offset_seconds(instant: datetime, tz: ZoneInfo) -> int:
    offset = instant.astimezone(tz).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def _offset_stretches(tz: ZoneInfo, begin: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """(first instant, UTC offset in seconds) of each stretch of constant offset in [begin, end)."""
    stretches = [(begin, _offset_seconds(begin, tz))]
    probe = begin
    while probe < end:
        ahead = min(probe + _STEP, end)
        current = stretches[-1][1]
        if _offset_seconds(ahead, tz) == current:
            probe = ahead
            continue
        # Bisect to the second: offsets change on whole seconds.
        low, high = int(probe.timestamp()), int(ahead.timestamp())
        while high - low > 1:
            middle = (low + high) // 2
            if _offset_seconds(datetime.fromtimestamp(middle, UTC), tz) == current:
                low = middle
            else:
                high = middle
        probe = datetime.fromtimestamp(high, UTC)
        if probe < end:
            stretches.append((probe, _offset_seconds(probe, tz)))
    return stretches


def _postgresql_bucket(granularity: Granularity, timezone: str) -> ColumnElement[date]:
    local = func.timezone(timezone, Datapoint.observed_at)
    return cast(func.date_trunc(granularity.value, local), Date)


_SQLITE_TRUNCATE = {
    Granularity.day: (),
    Granularity.week: ("-6 days", "weekday 1"),  # back to the ISO week's Monday
    Granularity.month: ("start of month",),
}


def _sqlite_bucket(
    granularity: Granularity, stretches: Sequence[tuple[datetime, int]]
) -> ColumnElement[date]:
    """SQLite's `date()` of the local wall time: UTC shifted by its stretch's offset."""

    def shift(offset: int) -> str:
        return f"{offset:+d} seconds"

    last = literal(shift(stretches[-1][1]))
    modifier: ColumnElement[Any] = (
        case(
            *[
                (Datapoint.observed_at < following[0], shift(offset))
                for (_, offset), following in pairwise(stretches)
            ],
            else_=last,
        )
        if len(stretches) > 1
        else last
    )
    truncate = [literal(m) for m in _SQLITE_TRUNCATE[granularity]]
    return type_coerce(func.date(Datapoint.observed_at, modifier, *truncate), Date)


def combines_channels_by_mean(metric: Metric) -> bool:
    """Latest values of several channels add up for counts and money, not for shares."""
    return metric.unit in MEAN_UNITS


def _aggregate(
    metric: Metric,
    bucket: ColumnElement[date],
    filters: list[ColumnElement[bool]],
    *,
    by_channel: bool = False,
) -> Select[Any]:
    """(bucket's local first day, [channel,] value) for each bucket that has data.

    `last` takes the latest value of each channel in the bucket, then combines the
    channels (sum; mean for percentages and ratios): followers on two platforms add up
    instead of zig-zagging between whichever reported last.
    """
    channel_key = func.coalesce(Datapoint.channel, "")
    if metric.aggregation is None:
        numerator, denominator = metric.ratio_numerator_id, metric.ratio_denominator_id
        assert numerator is not None
        assert denominator is not None
        parts = (
            select(
                bucket.label("bucket"),
                Datapoint.channel.label("channel"),
                Datapoint.metric_id,
                Datapoint.value,
            )
            .where(*filters, Datapoint.metric_id.in_((numerator, denominator)))
            .subquery()
        )
        numerator_sum = func.sum(case((parts.c.metric_id == numerator, parts.c.value)))
        denominator_sum = func.sum(case((parts.c.metric_id == denominator, parts.c.value)))
        keys = [parts.c.bucket, parts.c.channel] if by_channel else [parts.c.bucket]
        return select(*keys, numerator_sum / func.nullif(denominator_sum, 0)).group_by(*keys)

    if metric.aggregation is Aggregation.last:
        ranked = (
            select(
                bucket.label("bucket"),
                Datapoint.channel.label("channel"),
                channel_key.label("channel_key"),
                Datapoint.value,
                Datapoint.observed_at,
                Datapoint.created_at,
                Datapoint.id,
            )
            .where(*filters, Datapoint.metric_id == metric.id)
            .subquery()
        )
        latest_first = func.row_number().over(
            partition_by=(ranked.c.bucket, ranked.c.channel_key),
            order_by=(ranked.c.observed_at.desc(), ranked.c.created_at.desc(), ranked.c.id.desc()),
        )
        numbered = select(
            ranked.c.bucket, ranked.c.channel, ranked.c.value, latest_first.label("rank")
        ).subquery()
        if by_channel:
            return select(numbered.c.bucket, numbered.c.channel, numbered.c.value).where(
                numbered.c.rank == 1
            )
        combine_channels = func.avg if combines_channels_by_mean(metric) else func.sum
        return (
            select(numbered.c.bucket, combine_channels(numbered.c.value))
            .where(numbered.c.rank == 1)
            .group_by(numbered.c.bucket)
        )

    points = (
        select(bucket.label("bucket"), Datapoint.channel.label("channel"), Datapoint.value)
        .where(*filters, Datapoint.metric_id == metric.id)
        .subquery()
    )
    combine = getattr(func, metric.aggregation.value)  # sum, avg, min and max are SQL's names
    keys = [points.c.bucket, points.c.channel] if by_channel else [points.c.bucket]
    return select(*keys, combine(points.c.value)).group_by(*keys)
