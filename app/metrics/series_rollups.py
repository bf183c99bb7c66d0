"""A series from the daily rollups, when they answer it exactly.

The rollups (`app/metrics/rollups.py`) hold each metric's datapoints per local day of
the workspace, channel and campaign: their sum, count, minimum and maximum. A series of
the whole metric (no campaign, member or channel filter) adds those up per bucket
instead of scanning every datapoint: a month of a busy metric is a few hundred rollup
rows instead of tens of thousands of datapoints. The rollups' days are the workspace's
local days, the same days the raw query buckets by, so the answer is the same: a sum of
sums, the minimum of minimums, an average as the sum of sums over the sum of counts, a
ratio as the numerator's sum over the denominator's. `last` (the latest value of each
channel in a bucket) is left to the raw datapoints, whose ties order by creation.
"""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, Select, case, cast, func, select, type_coerce

from app.metrics.schemas import Granularity
from app.models import Metric, MetricRollup
from app.models.enums import Aggregation

_SQLITE_TRUNCATE = {
    Granularity.day: (),
    Granularity.week: ("-6 days", "weekday 1"),  # back to the ISO week's Monday
    Granularity.month: ("start of month",),
}


def from_rollups(
    metric: Metric,
    granularity: Granularity,
    dialect: str,
    workspace_id: uuid.UUID,
    start: date,
    end: date,
) -> Select[*tuple[Any, ...]] | None:
    """(bucket's first local day, value) per bucket with data; None if the rollups can't
    answer it (a metric aggregated by `last`)."""
    if metric.aggregation is Aggregation.last:
        return None
    bucket = _bucket(granularity, dialect).label("bucket")
    in_range = (
        MetricRollup.workspace_id == workspace_id,
        MetricRollup.day >= start,
        MetricRollup.day <= end,
    )
    if metric.aggregation is None:
        numerator, denominator = metric.ratio_numerator_id, metric.ratio_denominator_id
        assert numerator is not None
        assert denominator is not None
        numerator_sum = func.sum(case((MetricRollup.metric_id == numerator, MetricRollup.total)))
        denominator_sum = func.sum(
            case((MetricRollup.metric_id == denominator, MetricRollup.total))
        )
        return (
            select(bucket, numerator_sum / func.nullif(denominator_sum, 0))
            .where(*in_range, MetricRollup.metric_id.in_((numerator, denominator)))
            .group_by(bucket)
        )
    value: ColumnElement[Any] = {
        Aggregation.sum: func.sum(MetricRollup.total),
        Aggregation.avg: func.sum(MetricRollup.total) / func.sum(MetricRollup.count),
        Aggregation.min: func.min(MetricRollup.minimum),
        Aggregation.max: func.max(MetricRollup.maximum),
    }[metric.aggregation]
    return (
        select(bucket, value).where(*in_range, MetricRollup.metric_id == metric.id).group_by(bucket)
    )


def _bucket(granularity: Granularity, dialect: str) -> ColumnElement[date]:
    if granularity is Granularity.day:
        return MetricRollup.day.expression
    if dialect == "postgresql":
        return cast(func.date_trunc(granularity.value, MetricRollup.day), Date)
    return type_coerce(func.date(MetricRollup.day, *_SQLITE_TRUNCATE[granularity]), Date)
