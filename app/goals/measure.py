"""Key results measured from datapoints on read: the value to date of each day with data,
then progress, the pace line, status and the forecast (app/goals/progress.py).

One statement loads the datapoints of every key result of a page of goals; the rest is
arithmetic in Python over those rows.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.reads import AnyRow
from app.goals import progress
from app.metrics.series import MEAN_UNITS
from app.models import Datapoint
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


def goal_replies(
    session: Session,
    goals: Sequence[AnyRow],
    key_results: Mapping[uuid.UUID, Sequence[AnyRow]],
    *,
    workspace_id: uuid.UUID,
    timezone: str,
    today: date,
    thresholds: Thresholds,
    with_forecast: bool = True,
) -> list[dict[str, Any]]:
    """Goal rows of the read path (app/goals/reads.py) and their key results' rows, as
    replies to validate; `with_forecast=False` leaves the forecasts out (`null`) for
    callers that only need progress and status (the health check): they are the costly
    part."""
    tz = ZoneInfo(timezone)
    metric_ids = {
        metric_id
        for krs in key_results.values()
        for kr in krs
        for metric_id in (kr.metric_id, kr.ratio_numerator_id, kr.ratio_denominator_id)
        if metric_id is not None
    }
    rows = _rows(session, goals, workspace_id, metric_ids, tz, today)
    return [
        _goal_reply(
            goal,
            key_results.get(goal.id, ()),
            rows,
            tz=tz,
            today=today,
            thresholds=thresholds,
            with_forecast=with_forecast,
        )
        for goal in goals
    ]


def _rows(
    session: Session,
    goals: Sequence[AnyRow],
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


def _goal_reply(
    goal: AnyRow,
    key_results: Sequence[AnyRow],
    rows: list[_Row],
    *,
    tz: ZoneInfo,
    today: date,
    thresholds: Thresholds,
    with_forecast: bool,
) -> dict[str, Any]:
    period = (goal.due_on - goal.starts_on).days
    elapsed = progress.elapsed_fraction((today - goal.starts_on).days, period)
    expected = progress.expected_fraction(goal.pace, elapsed)
    begin = first_instant(goal.starts_on, tz)
    end = first_instant(min(goal.due_on, today) + timedelta(days=1), tz)
    in_period = [r for r in rows if begin <= r.observed_at < end]
    replies = [
        _key_result_reply(kr, goal, in_period, tz, expected, thresholds, with_forecast)
        for kr in key_results
    ]
    total_weight = sum(kr["weight"] for kr in replies)
    progress_share = (
        sum(kr["progress"] / 100 * kr["weight"] for kr in replies) / total_weight
        if total_weight
        else 0.0
    )
    ratio = progress.pace_ratio(progress_share, expected) if replies else None
    computed = progress.status_for(
        ratio, on_track_from=thresholds.on_track_from, at_risk_from=thresholds.at_risk_from
    )
    overridden = _override_holds(goal, key_results, in_period)
    return {
        **goal._mapping,
        "progress": round(progress_share * 100, 4),
        "expected_progress": round(expected * 100, 4),
        "pace_ratio": ratio,
        "computed_status": computed,
        "status": goal.status_override if overridden and goal.status_override else computed,
        "status_overridden": overridden,
        "status_override_note": goal.status_override_note if overridden else "",
        "status_override_at": goal.status_override_at if overridden else None,
        "key_results": replies,
    }


def _override_holds(goal: AnyRow, key_results: Sequence[AnyRow], rows: list[_Row]) -> bool:
    """A manual status lasts until the next report: a datapoint of a key result after it."""
    if goal.status_override is None or goal.status_override_at is None:
        return False
    since = goal.status_override_at
    return not any(
        row.created_at > since and _belongs(row, kr) for kr in key_results for row in rows
    )


def _belongs(row: _Row, kr: AnyRow) -> bool:
    if kr.metric_aggregation is None:
        if row.metric_id not in (kr.ratio_numerator_id, kr.ratio_denominator_id):
            return False
    elif row.metric_id != kr.metric_id:
        return False
    if kr.campaign_id is not None and row.campaign_id != kr.campaign_id:
        return False
    return kr.channel is None or row.channel == kr.channel


def _key_result_reply(
    kr: AnyRow,
    goal: AnyRow,
    rows: list[_Row],
    tz: ZoneInfo,
    expected: float,
    thresholds: Thresholds,
    with_forecast: bool,
) -> dict[str, Any]:
    running = _Running(
        aggregation=kr.aggregation,
        by_mean=kr.unit in MEAN_UNITS,
        numerator_id=kr.ratio_numerator_id,
    )
    days: list[float] = []
    values: list[float] = []
    for row in rows:
        if not _belongs(row, kr):
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
    return {
        **kr._mapping,
        "current_value": current,
        "progress": round(share * 100, 4),
        "expected_value": progress.expected_value(kr.start_value, kr.target_value, expected),
        "expected_progress": round(expected * 100, 4),
        "pace_ratio": ratio,
        "status": progress.status_for(
            ratio, on_track_from=thresholds.on_track_from, at_risk_from=thresholds.at_risk_from
        ),
        "forecast": _forecast(days, values, kr, goal) if with_forecast else None,
    }


def _forecast(
    days: list[float], values: list[float], kr: AnyRow, goal: AnyRow
) -> dict[str, Any] | None:
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
    return {
        "method": found.method,
        "points": found.points,
        "value": found.value,
        "low": found.low,
        "high": found.high,
        "projected_hit_on": hit_on,
        "likelihood": found.likelihood,
    }
