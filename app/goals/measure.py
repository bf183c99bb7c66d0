"""Key results measured from datapoints on read: the value to date of each day with data,
then progress, the pace line, status and the forecast (app/goals/progress.py).

One statement loads the datapoints of every key result of a page of goals; the rest is
arithmetic in Python over those rows.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.goals import progress
from app.goals.schemas import ForecastRead, GoalRead, KeyResultRead
from app.metrics.series import MEAN_UNITS
from app.models import Campaign, Datapoint, Goal, KeyResult, Member, Metric
from app.models.goal import KeyResultAggregation


@dataclass(frozen=True)
class Thresholds:
    on_track_from: float = 0.9
    at_risk_from: float = 0.7


@dataclass(frozen=True)
class _Row:
    metric_id: uuid.UUID
    campaign_id: uuid.UUID | None
    channel: str | None
    value: float
    observed_at: datetime
    created_at: datetime


@dataclass
class _Running:
    """The value to date of a key result, fed rows oldest first."""

    aggregation: KeyResultAggregation
    by_mean: bool
    numerator_id: uuid.UUID | None = None
    latest: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    count: int = 0
    denominator: float = 0.0

    def add(self, row: _Row) -> None:
        if self.numerator_id is not None:  # a ratio: sums of its two parts
            if row.metric_id == self.numerator_id:
                self.total += row.value
            else:
                self.denominator += row.value
            return
        self.latest[row.channel or ""] = row.value
        self.total += row.value
        self.count += 1

    def value(self) -> float | None:
        if self.numerator_id is not None:
            return self.total / self.denominator if self.denominator else None
        if self.count == 0:
            return None
        if self.aggregation is KeyResultAggregation.sum:
            return self.total
        if self.aggregation is KeyResultAggregation.avg:
            return self.total / self.count
        channels = list(self.latest.values())
        return sum(channels) / len(channels) if self.by_mean else sum(channels)


def first_instant(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def goal_reads(
    session: Session,
    goals: Sequence[Goal],
    *,
    workspace_id: uuid.UUID,
    timezone: str,
    today: date,
    thresholds: Thresholds,
    with_forecast: bool = True,
) -> list[GoalRead]:
    """Goals as read; `with_forecast=False` leaves the forecasts out (`null`) for callers
    that only need progress and status (the health check): they are the costly part."""
    tz = ZoneInfo(timezone)
    key_results = [kr for goal in goals for kr in goal.key_results]
    metric_ids = {kr.metric_id for kr in key_results}
    metrics = (
        {m.id: m for m in session.scalars(select(Metric).where(Metric.id.in_(metric_ids)))}
        if metric_ids
        else {}
    )
    part_ids = {
        part
        for m in metrics.values()
        for part in (m.ratio_numerator_id, m.ratio_denominator_id)
        if part is not None
    }
    rows = _rows(session, goals, workspace_id, metric_ids | part_ids, tz, today)
    names = _names(session, goals)
    return [
        _goal_read(
            goal,
            metrics,
            rows,
            names,
            tz=tz,
            today=today,
            thresholds=thresholds,
            with_forecast=with_forecast,
        )
        for goal in goals
    ]


def _rows(
    session: Session,
    goals: Sequence[Goal],
    workspace_id: uuid.UUID,
    metric_ids: set[uuid.UUID],
    tz: ZoneInfo,
    today: date,
) -> list[_Row]:
    if not metric_ids or not goals:
        return []
    begin = first_instant(min(g.starts_on for g in goals), tz)
    end = first_instant(min(max(g.due_on for g in goals), today) + timedelta(days=1), tz)
    return [
        _Row(*row)
        for row in session.execute(
            select(
                Datapoint.metric_id,
                Datapoint.campaign_id,
                Datapoint.channel,
                Datapoint.value,
                Datapoint.observed_at,
                Datapoint.created_at,
            )
            .where(
                Datapoint.workspace_id == workspace_id,
                Datapoint.metric_id.in_(metric_ids),
                Datapoint.observed_at >= begin,
                Datapoint.observed_at < end,
            )
            .order_by(Datapoint.observed_at, Datapoint.created_at, Datapoint.id)
        )
    ]


def _names(session: Session, goals: Sequence[Goal]) -> dict[uuid.UUID, str]:
    member_ids = {
        i for g in goals for i in (g.owner_member_id, g.reviewer_member_id) if i is not None
    }
    campaign_ids = {g.campaign_id for g in goals if g.campaign_id is not None}
    names: dict[uuid.UUID, str] = {}
    if member_ids:
        names.update(
            session.execute(
                select(Member.id, Member.display_name).where(Member.id.in_(member_ids))
            ).all()
        )
    if campaign_ids:
        names.update(
            session.execute(
                select(Campaign.id, Campaign.name).where(Campaign.id.in_(campaign_ids))
            ).all()
        )
    return names


def _goal_read(
    goal: Goal,
    metrics: dict[uuid.UUID, Metric],
    rows: list[_Row],
    names: dict[uuid.UUID, str],
    *,
    tz: ZoneInfo,
    today: date,
    thresholds: Thresholds,
    with_forecast: bool,
) -> GoalRead:
    period = (goal.due_on - goal.starts_on).days
    elapsed = progress.elapsed_fraction((today - goal.starts_on).days, period)
    expected = progress.expected_fraction(goal.pace, elapsed)
    begin = first_instant(goal.starts_on, tz)
    end = first_instant(min(goal.due_on, today) + timedelta(days=1), tz)
    in_period = [r for r in rows if begin <= r.observed_at < end]
    key_results = [
        _key_result_read(
            kr, goal, metrics[kr.metric_id], in_period, tz, expected, thresholds, with_forecast
        )
        for kr in goal.key_results
    ]
    total_weight = sum(kr.weight for kr in key_results)
    progress_share = (
        sum(kr.progress / 100 * kr.weight for kr in key_results) / total_weight
        if total_weight
        else 0.0
    )
    ratio = progress.pace_ratio(progress_share, expected) if key_results else None
    computed = progress.status_for(
        ratio, on_track_from=thresholds.on_track_from, at_risk_from=thresholds.at_risk_from
    )
    overridden = _override_holds(goal, metrics, in_period)
    return GoalRead(
        id=goal.id,
        title=goal.title,
        owner_member_id=goal.owner_member_id,
        owner_name=names.get(goal.owner_member_id) if goal.owner_member_id else None,
        reviewer_member_id=goal.reviewer_member_id,
        reviewer_name=names.get(goal.reviewer_member_id) if goal.reviewer_member_id else None,
        parent_id=goal.parent_id,
        campaign_id=goal.campaign_id,
        campaign_name=names.get(goal.campaign_id) if goal.campaign_id else None,
        starts_on=goal.starts_on,
        due_on=goal.due_on,
        state=goal.state,
        outcome=goal.outcome,
        pace=goal.pace,
        progress=round(progress_share * 100, 4),
        expected_progress=round(expected * 100, 4),
        pace_ratio=ratio,
        computed_status=computed,
        status=goal.status_override if overridden and goal.status_override else computed,
        status_overridden=overridden,
        status_override_note=goal.status_override_note if overridden else "",
        status_override_at=goal.status_override_at if overridden else None,
        key_results=key_results,
        created_at=goal.created_at,
        updated_at=goal.updated_at,
    )


def _override_holds(goal: Goal, metrics: dict[uuid.UUID, Metric], rows: list[_Row]) -> bool:
    """A manual status lasts until the next report: a datapoint of a key result after it."""
    if goal.status_override is None or goal.status_override_at is None:
        return False
    since = goal.status_override_at
    return not any(
        row.created_at > since and _belongs(row, kr, metrics[kr.metric_id])
        for kr in goal.key_results
        for row in rows
    )


def _belongs(row: _Row, kr: KeyResult, metric: Metric) -> bool:
    if metric.aggregation is None:
        if row.metric_id not in (metric.ratio_numerator_id, metric.ratio_denominator_id):
            return False
    elif row.metric_id != metric.id:
        return False
    if kr.campaign_id is not None and row.campaign_id != kr.campaign_id:
        return False
    return kr.channel is None or row.channel == kr.channel


def _key_result_read(
    kr: KeyResult,
    goal: Goal,
    metric: Metric,
    rows: list[_Row],
    tz: ZoneInfo,
    expected: float,
    thresholds: Thresholds,
    with_forecast: bool,
) -> KeyResultRead:
    running = _Running(
        aggregation=kr.aggregation,
        by_mean=metric.unit in MEAN_UNITS,
        numerator_id=metric.ratio_numerator_id,
    )
    days: list[float] = []
    values: list[float] = []
    for row in rows:
        if not _belongs(row, kr, metric):
            continue
        running.add(row)
        value = running.value()
        if value is None:
            continue
        day = float((row.observed_at.astimezone(tz).date() - goal.starts_on).days)
        if days and days[-1] == day:
            values[-1] = value
        else:
            days.append(day)
            values.append(value)
    current = values[-1] if values else None
    share = progress.progress_fraction(kr.start_value, kr.target_value, current)
    ratio = progress.pace_ratio(share, expected)
    return KeyResultRead(
        id=kr.id,
        goal_id=kr.goal_id,
        metric=metric.key,
        metric_id=metric.id,
        metric_name=metric.name,
        unit=metric.unit,
        campaign_id=kr.campaign_id,
        channel=kr.channel,
        start_value=kr.start_value,
        target_value=kr.target_value,
        aggregation=kr.aggregation,
        weight=kr.weight,
        current_value=current,
        progress=round(share * 100, 4),
        expected_value=progress.expected_value(kr.start_value, kr.target_value, expected),
        expected_progress=round(expected * 100, 4),
        pace_ratio=ratio,
        status=progress.status_for(
            ratio, on_track_from=thresholds.on_track_from, at_risk_from=thresholds.at_risk_from
        ),
        forecast=_forecast(days, values, kr, goal) if with_forecast else None,
    )


def _forecast(
    days: list[float], values: list[float], kr: KeyResult, goal: Goal
) -> ForecastRead | None:
    found = progress.forecast(
        days,
        values,
        due_day=float((goal.due_on - goal.starts_on).days),
        start=kr.start_value,
        target=kr.target_value,
    )
    if found is None:
        return None
    hit_on = None
    if found.hit_after_days is not None:
        try:
            hit_on = goal.starts_on + timedelta(days=round(found.hit_after_days))
        except OverflowError:
            hit_on = None
    return ForecastRead(
        method=found.method,
        points=found.points,
        value=found.value,
        low=found.low,
        high=found.high,
        projected_hit_on=hit_on,
        likelihood=found.likelihood,
    )
