"""The numbers of a dashboard, answered from `metric_rollups` (never raw datapoints):
two statements whatever the number of datapoints."""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.errors import InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.dashboards.schemas import ChannelValue, Dashboard, DashboardTile, PeriodPreset
from app.metrics.series import MEAN_UNITS
from app.models import Campaign, Metric, MetricRollup
from app.models.enums import Aggregation, MetricCategory

MAX_DAYS = 366
CATEGORY_ORDER = list(MetricCategory)


@dataclass
class _Cell:
    """What the rollups say about one metric, day and channel."""

    total: float = 0.0
    count: int = 0
    minimum: float | None = None
    maximum: float | None = None
    last_value: float | None = None
    last_at: datetime | None = None


@dataclass
class _Facts:
    """Cells by metric, then day, then channel."""

    cells: dict[uuid.UUID, dict[date, dict[str, _Cell]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict))
    )


def resolve_period(
    preset: PeriodPreset, start: date | None, end: date | None, *, today: date
) -> tuple[date, date]:
    if preset is PeriodPreset.custom:
        if start is None or end is None:
            raise _invalid(("query", "from"), N_("A custom period needs from and to."))
        if end < start:
            raise _invalid(("query", "to"), N_("Must not be before from."))
        if (end - start).days + 1 > MAX_DAYS:
            raise _invalid(("query", "from"), N_("A period spans at most 366 days."))
        return start, end
    if preset is PeriodPreset.this_month:
        return today.replace(day=1), today
    if preset is PeriodPreset.this_quarter:
        return date(today.year, (today.month - 1) // 3 * 3 + 1, 1), today
    days = {"7d": 7, "30d": 30, "90d": 90}[preset.value]
    return today - timedelta(days=days - 1), today


def _invalid(loc: tuple[str, ...], message: str) -> InvalidInput:
    return InvalidInput(
        N_("The period is not valid."), errors=[field_error(loc, message, "period")]
    )


def dashboard(
    session: Session,
    *,
    ctx: WorkspaceContext,
    preset: PeriodPreset,
    start: date | None,
    end: date | None,
    channel: str | None,
    campaign_id: uuid.UUID | None,
) -> Dashboard:
    if campaign_id is not None and not session.scalar(
        select(Campaign.id).where(
            Campaign.id == campaign_id, Campaign.workspace_id == ctx.workspace_id
        )
    ):
        raise NotFound(N_("Campaign not found."))
    first, last = resolve_period(preset, start, end, today=clock.today_in(ctx.timezone))
    length = (last - first).days + 1
    previous_first, previous_last = first - timedelta(days=length), first - timedelta(days=1)
    metrics = list(session.scalars(select(Metric).where(Metric.workspace_id == ctx.workspace_id)))
    facts = _load(
        session, ctx=ctx, first=previous_first, last=last, channel=channel, campaign_id=campaign_id
    )
    by_id = {m.id: m for m in metrics}
    days = [first + timedelta(days=i) for i in range(length)]
    previous_days = [previous_first + timedelta(days=i) for i in range(length)]
    tiles = [
        _tile(metric, by_id, facts, days, previous_days)
        for metric in sorted(metrics, key=lambda m: (CATEGORY_ORDER.index(m.category), m.key))
    ]
    return Dashboard(
        from_=first,
        to=last,
        previous_from=previous_first,
        previous_to=previous_last,
        timezone=ctx.timezone,
        campaign_id=campaign_id,
        channel=channel,
        tiles=tiles,
    )


def _load(
    session: Session,
    *,
    ctx: WorkspaceContext,
    first: date,
    last: date,
    channel: str | None,
    campaign_id: uuid.UUID | None,
) -> _Facts:
    r = MetricRollup
    where: list[Any] = [r.workspace_id == ctx.workspace_id, r.day >= first, r.day <= last]
    if channel is not None:
        where.append(r.channel == channel)
    if campaign_id is not None:
        where.append(r.campaign_key == campaign_id)
    facts = _Facts()
    # Ids as text and Core rows: converting 10,000 ids to UUID objects costs more than SQL.
    metric_key = cast(r.metric_id, String)
    ids = {
        text_id: metric_id
        for metric_id in session.scalars(
            select(Metric.id).where(Metric.workspace_id == ctx.workspace_id)
        )
        for text_id in (metric_id.hex, str(metric_id))
    }
    connection = session.connection()
    grouped = (
        select(
            metric_key,
            r.day,
            r.channel,
            func.sum(r.total),
            func.sum(r.count),
            func.min(r.minimum),
            func.max(r.maximum),
        )
        .where(*where)
        .group_by(r.metric_id, r.day, r.channel)
    )
    for text_id, day, channel_name, total, count, minimum, maximum in connection.execute(grouped):
        facts.cells[ids[text_id]][day][channel_name] = _Cell(total, count, minimum, maximum)
    latest_first = func.row_number().over(
        partition_by=(r.metric_id, r.day, r.channel), order_by=r.last_at.desc()
    )
    ranked = (
        select(
            metric_key.label("metric_key"),
            r.day,
            r.channel,
            r.last_value,
            r.last_at,
            latest_first.label("rank"),
        )
        .join(Metric, Metric.id == r.metric_id)
        .where(*where, Metric.aggregation == Aggregation.last)
        .subquery()
    )
    for text_id, day, channel_name, value, at, _rank in connection.execute(
        select(ranked).where(ranked.c.rank == 1)
    ):
        cell = facts.cells[ids[text_id]][day][channel_name]
        cell.last_value, cell.last_at = value, at
    return facts


def _combine(metric: Metric, cells: list[_Cell]) -> float | None:
    """One value from the cells (days × channels) of a period, by the metric's rule."""
    cells = [c for c in cells if c.count]
    if not cells:
        return None
    aggregation = metric.aggregation
    if aggregation is Aggregation.sum:
        return sum(c.total for c in cells)
    if aggregation is Aggregation.avg:
        return sum(c.total for c in cells) / sum(c.count for c in cells)
    if aggregation is Aggregation.min:
        return min(c.minimum for c in cells if c.minimum is not None)
    if aggregation is Aggregation.max:
        return max(c.maximum for c in cells if c.maximum is not None)
    return None


def _value(
    metric: Metric,
    by_id: dict[uuid.UUID, Metric],
    facts: _Facts,
    days: list[date],
    channel: str | None = None,
) -> float | None:
    def cells_of(metric_id: uuid.UUID) -> dict[str, list[_Cell]]:
        found: dict[str, list[_Cell]] = defaultdict(list)
        by_day = facts.cells.get(metric_id, {})
        for day in days:
            for found_channel, cell in by_day.get(day, {}).items():
                if channel is None or found_channel == channel:
                    found[found_channel].append(cell)
        return found

    if metric.aggregation is None:
        assert metric.ratio_numerator_id is not None
        assert metric.ratio_denominator_id is not None
        numerator = sum(c.total for cs in cells_of(metric.ratio_numerator_id).values() for c in cs)
        denominator = sum(
            c.total for cs in cells_of(metric.ratio_denominator_id).values() for c in cs
        )
        return numerator / denominator if denominator else None
    channels = cells_of(metric.id)
    if metric.aggregation is Aggregation.last:
        latest = []
        for cells in channels.values():
            dated = [c for c in cells if c.last_at is not None and c.last_value is not None]
            if dated:
                latest.append(max(dated, key=lambda c: c.last_at or datetime.min).last_value or 0.0)
        if not latest:
            return None
        return sum(latest) / len(latest) if metric.unit in MEAN_UNITS else sum(latest)
    return _combine(metric, [c for cells in channels.values() for c in cells])


def _tile(
    metric: Metric,
    by_id: dict[uuid.UUID, Metric],
    facts: _Facts,
    days: list[date],
    previous_days: list[date],
) -> DashboardTile:
    value = _value(metric, by_id, facts, days)
    previous = _value(metric, by_id, facts, previous_days)
    change = value - previous if value is not None and previous is not None else None
    own = metric.id if metric.aggregation is not None else metric.ratio_numerator_id
    own_days = facts.cells.get(own, {}) if own is not None else {}
    channels = sorted({ch for day in days for ch in own_days.get(day, {})})
    by_channel = [
        ChannelValue(channel=ch or None, value=_value(metric, by_id, facts, days, channel=ch))
        for ch in channels
    ]
    by_channel.sort(key=lambda c: (c.value is None, -(c.value or 0)))
    return DashboardTile(
        metric=metric.key,
        metric_id=metric.id,
        name=metric.name,
        unit=metric.unit,
        category=metric.category,
        aggregation=metric.aggregation,
        value=value,
        previous_value=previous,
        change=change,
        change_percent=change / abs(previous) * 100 if change is not None and previous else None,
        sparkline=[_value(metric, by_id, facts, [day]) for day in days],
        by_channel=by_channel,
    )
