"""Daily rollups of datapoints (`metric_rollups`), kept in the ingest transaction.

A rollup row holds one metric's datapoints of one local day of the workspace, one channel
(`""` for none) and one campaign (`NO_CAMPAIGN` for none): their sum, count, minimum,
maximum and the latest value. New datapoints are folded in with one upsert per batch;
a corrected or deleted datapoint has its rows recomputed from the raw datapoints (a
minimum cannot be "un-folded"). `rebuild` recomputes a workspace (or all) from scratch:
after a change of the workspace's time zone, or with `troupe metrics rebuild-rollups`.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, and_, case, delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from app.models import Datapoint, MetricRollup, Workspace
from app.models.rollup import NO_CAMPAIGN

ROLLUPS = cast(Table, MetricRollup.__table__)
Key = tuple[uuid.UUID, date, str, uuid.UUID]  # metric, local day, channel, campaign
Point = tuple[uuid.UUID, datetime, str | None, uuid.UUID | None, float]  # … value


@dataclass
class _Fold:
    total: float
    count: int
    minimum: float
    maximum: float
    last_value: float
    last_at: datetime

    def add(self, value: float, at: datetime) -> None:
        self.total += value
        self.count += 1
        self.minimum = min(self.minimum, value)
        self.maximum = max(self.maximum, value)
        if at >= self.last_at:
            self.last_value, self.last_at = value, at


def key_of(
    metric_id: uuid.UUID,
    observed_at: datetime,
    channel: str | None,
    campaign_id: uuid.UUID | None,
    tz: ZoneInfo,
) -> Key:
    return (metric_id, observed_at.astimezone(tz).date(), channel or "", campaign_id or NO_CAMPAIGN)


def fold(
    points: Iterable[Point],
    tz: ZoneInfo,
) -> dict[Key, _Fold]:
    """Points (metric, observed at, channel, campaign, value), oldest writes first."""
    folds: dict[Key, _Fold] = {}
    for metric_id, observed_at, channel, campaign_id, value in points:
        key = key_of(metric_id, observed_at, channel, campaign_id, tz)
        found = folds.get(key)
        if found is None:
            folds[key] = _Fold(value, 1, value, value, value, observed_at)
        else:
            found.add(value, observed_at)
    return folds


def _rows(workspace_id: uuid.UUID, folds: dict[Key, _Fold]) -> list[dict[str, Any]]:
    return [
        {
            "metric_id": metric_id,
            "day": day,
            "channel": channel,
            "campaign_key": campaign_key,
            "workspace_id": workspace_id,
            "total": f.total,
            "count": f.count,
            "minimum": f.minimum,
            "maximum": f.maximum,
            "last_value": f.last_value,
            "last_at": f.last_at,
        }
        for (metric_id, day, channel, campaign_key), f in folds.items()
    ]


def add_points(
    connection: Connection,
    *,
    workspace_id: uuid.UUID,
    timezone: str,
    points: Iterable[Point],
) -> None:
    """Fold new datapoints into their rollup rows (one upsert statement)."""
    rows = _rows(workspace_id, fold(points, ZoneInfo(timezone)))
    if not rows:
        return
    postgres = connection.dialect.name == "postgresql"
    insert = postgresql.insert(ROLLUPS) if postgres else sqlite.insert(ROLLUPS)
    new = insert.excluded
    least, greatest = (func.least, func.greatest) if postgres else (func.min, func.max)
    newer = new.last_at >= ROLLUPS.c.last_at
    statement = insert.on_conflict_do_update(
        index_elements=["metric_id", "day", "channel", "campaign_key"],
        set_={
            "total": ROLLUPS.c.total + new.total,
            "count": ROLLUPS.c.count + new.count,
            "minimum": least(ROLLUPS.c.minimum, new.minimum),
            "maximum": greatest(ROLLUPS.c.maximum, new.maximum),
            "last_value": case((newer, new.last_value), else_=ROLLUPS.c.last_value),
            "last_at": case((newer, new.last_at), else_=ROLLUPS.c.last_at),
        },
    )
    connection.execute(statement, rows)


def recompute(
    connection: Connection, *, workspace_id: uuid.UUID, timezone: str, keys: set[Key]
) -> None:
    """Rebuild the rollup rows of `keys` from the raw datapoints (after a fix or delete)."""
    if not keys:
        return
    tz = ZoneInfo(timezone)
    connection.execute(
        delete(ROLLUPS).where(
            or_(
                *(
                    and_(
                        ROLLUPS.c.metric_id == metric_id,
                        ROLLUPS.c.day == day,
                        ROLLUPS.c.channel == channel,
                        ROLLUPS.c.campaign_key == campaign_key,
                    )
                    for metric_id, day, channel, campaign_key in keys
                )
            )
        )
    )
    conditions = []
    for metric_id, day, channel, campaign_key in keys:
        begin = datetime.combine(day, time(), tzinfo=tz)
        end = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)
        conditions.append(
            and_(
                Datapoint.metric_id == metric_id,
                Datapoint.observed_at >= begin,
                Datapoint.observed_at < end,
                Datapoint.channel == channel if channel else Datapoint.channel.is_(None),
                Datapoint.campaign_id == campaign_key
                if campaign_key != NO_CAMPAIGN
                else Datapoint.campaign_id.is_(None),
            )
        )
    points = connection.execute(
        _points_select()
        .where(Datapoint.workspace_id == workspace_id, or_(*conditions))
        .order_by(Datapoint.created_at, Datapoint.id)
    )
    add_points(connection, workspace_id=workspace_id, timezone=timezone, points=_tuples(points))


def _points_select() -> Any:
    return select(
        Datapoint.metric_id,
        Datapoint.observed_at,
        Datapoint.channel,
        Datapoint.campaign_id,
        Datapoint.value,
    )


def _tuples(
    rows: Iterable[Any],
) -> list[tuple[uuid.UUID, datetime, str | None, uuid.UUID | None, float]]:
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def rebuild(connection: Connection, *, workspace_id: uuid.UUID, timezone: str) -> int:
    """Recompute every rollup row of a workspace; returns the number of rows."""
    connection.execute(delete(ROLLUPS).where(ROLLUPS.c.workspace_id == workspace_id))
    folds: dict[Key, _Fold] = {}
    tz = ZoneInfo(timezone)
    result = connection.execute(
        _points_select()
        .where(Datapoint.workspace_id == workspace_id)
        .order_by(Datapoint.created_at, Datapoint.id)
    )
    for metric_id, observed_at, channel, campaign_id, value in result:
        key = key_of(metric_id, observed_at, channel, campaign_id, tz)
        found = folds.get(key)
        if found is None:
            folds[key] = _Fold(value, 1, value, value, value, observed_at)
        else:
            found.add(value, observed_at)
    rows = _rows(workspace_id, folds)
    for start in range(0, len(rows), 5_000):
        connection.execute(ROLLUPS.insert(), rows[start : start + 5_000])
    return len(rows)


def rebuild_all(connection: Connection, *, slug: str | None = None) -> dict[str, int]:
    """Rebuild the rollups of every workspace (or the one with `slug`): rows per slug."""
    stmt = select(Workspace.id, Workspace.slug, Workspace.timezone)
    if slug is not None:
        stmt = stmt.where(Workspace.slug == slug)
    return {
        found_slug: rebuild(connection, workspace_id=workspace_id, timezone=timezone)
        for workspace_id, found_slug, timezone in connection.execute(stmt).all()
    }
