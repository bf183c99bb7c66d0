"""`metrics_compare`: several metrics, or one metric on several channels, in one call.

Every series is computed by `series.series` over the same range and granularity, so the
buckets line up by construction: the answer lists the buckets once and each series as
one value per bucket (`null` where it has no data), ready for a chart or a spreadsheet.
"""

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.metrics import series
from app.metrics.schemas import ComparedSeries, Granularity, MetricComparison
from app.models import Metric

MAX_METRICS = 10
MAX_CHANNELS = 10
MAX_SERIES = 20


def compare(
    session: Session,
    *,
    ctx: WorkspaceContext,
    metric_keys: list[str],
    channels: list[str],
    granularity: Granularity,
    start: date | None,
    end: date | None,
    campaign_id: uuid.UUID | None,
    member_id: uuid.UUID | None,
) -> MetricComparison:
    keys = list(dict.fromkeys(metric_keys))  # asked twice, answered once
    wanted_channels: list[str | None] = list(dict.fromkeys(channels)) or [None]
    _check_sizes(keys, wanted_channels)
    ids = _metric_ids(session, ctx=ctx, keys=keys)
    answers = [
        (
            channel,
            series.series(
                session,
                ctx=ctx,
                metric_id=ids[key],
                granularity=granularity,
                start=start,
                end=end,
                campaign_id=campaign_id,
                member_id=member_id,
                channel=channel,
            ),
        )
        for key in keys
        for channel in wanted_channels
    ]
    first = answers[0][1]
    return MetricComparison(
        granularity=granularity,
        timezone=first.timezone,
        from_=first.from_,
        to=first.to,
        buckets=[point.start for point in first.points],
        series=[
            ComparedSeries(
                metric_id=answer.metric_id,
                metric_key=answer.metric_key,
                channel=channel,
                values=[point.value for point in answer.points],
            )
            for channel, answer in answers
        ],
    )


def _check_sizes(keys: list[str], channels: list[str | None]) -> None:
    if not keys:
        raise InvalidInput(
            N_("Name at least one metric to compare."),
            errors=[field_error(("query", "metric"), N_("Give at least one metric."), "missing")],
        )
    if len(keys) > MAX_METRICS:
        raise InvalidInput(
            N_("Too many metrics to compare."),
            errors=[
                field_error(("query", "metric"), N_("At most 10 metrics."), "too_long"),
            ],
        )
    if len(channels) > MAX_CHANNELS:
        raise InvalidInput(
            N_("Too many channels to compare."),
            errors=[
                field_error(("query", "channel"), N_("At most 10 channels."), "too_long"),
            ],
        )
    if len(keys) * len(channels) > MAX_SERIES:
        raise InvalidInput(
            N_("Too many series to compare."),
            errors=[
                field_error(
                    ("query", "channel"),
                    N_("Metrics times channels must be at most 20."),
                    "too_long",
                ),
            ],
        )


def _metric_ids(
    session: Session, *, ctx: WorkspaceContext, keys: list[str]
) -> dict[str, uuid.UUID]:
    rows = session.execute(
        select(Metric.key, Metric.id).where(
            Metric.workspace_id == ctx.workspace_id, Metric.key.in_(keys)
        )
    )
    found: dict[str, uuid.UUID] = dict(rows.all())
    unknown = [key for key in keys if key not in found]
    if unknown:
        raise InvalidInput(
            N_("Unknown metric."),
            errors=[
                field_error(
                    ("query", "metric"),
                    N_("No metric has the key {value}."),
                    "unknown",
                    value=", ".join(unknown),
                )
            ],
        )
    return found
