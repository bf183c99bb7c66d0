"""Datapoints: observed values of aggregated metrics, written in batches by editors.

A batch is checked as a whole before anything is written, so a client learns about
every bad item at once and a rejected batch leaves nothing behind. The number of SQL
statements does not depend on the size of the batch.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core import clock
from app.core.crud import ids_in_workspace
from app.core.errors import InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.metrics import reads, rollups
from app.metrics.reads import DATAPOINT_NOT_FOUND as NOT_FOUND
from app.metrics.schemas import DatapointBatch, DatapointRead, DatapointUpdate
from app.models import Campaign, Datapoint, Member, Metric
from app.models.base import utcnow
from app.models.enums import Access

FUTURE_SLACK = timedelta(days=1)
CAMPAIGN_NOT_FOUND = N_("Campaign not found.")
MEMBER_NOT_FOUND = N_("Member not found.")
DATAPOINT_FIELDS = ("metric_id", "value", "observed_at", "campaign_id", "member_id", "channel")
_DATAPOINTS = cast(Table, Datapoint.__table__)
_COLUMNS = (
    "id",
    "workspace_id",
    "metric_id",
    "value",
    "observed_at",
    "campaign_id",
    "member_id",
    "channel",
    "created_at",
)


@dataclass(frozen=True)
class _MetricFacts:
    id: uuid.UUID
    is_ratio: bool
    min_value: float | None
    max_value: float | None


def _value_errors(
    loc: tuple[str | int, ...],
    value: float,
    observed_at: datetime,
    metric: _MetricFacts,
    allow_future: bool,
    latest_allowed: datetime,
) -> list[dict[str, Any]]:
    """A value outside the metric's bounds, an observation more than a day ahead."""
    errors = []
    if metric.min_value is not None and value < metric.min_value:
        errors.append(
            field_error(
                (*loc, "value"),
                N_("Must be at least {limit}."),
                "below_minimum",
                limit=f"{metric.min_value:g}",
            )
        )
    if metric.max_value is not None and value > metric.max_value:
        errors.append(
            field_error(
                (*loc, "value"),
                N_("Must be at most {limit}."),
                "above_maximum",
                limit=f"{metric.max_value:g}",
            )
        )
    if not allow_future and observed_at > latest_allowed:
        errors.append(
            field_error(
                (*loc, "observed_at"),
                N_("This is more than a day in the future; confirm it with allow_future."),
                "in_future",
            )
        )
    return errors


def _insert(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """One `executemany` of `rows` (values in `_COLUMNS` order) through the driver.

    SQLAlchemy's per-row parameter handling costs more than the insert itself for 10,000
    rows: here each value is converted once by its column's own bind processor (ids and
    instants for SQLite; nothing for PostgreSQL), repeated values only once.
    """
    connection = session.connection()
    dialect = connection.dialect
    processors = [
        _DATAPOINTS.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in _COLUMNS
    ]
    converted: dict[tuple[int, Any], Any] = {}

    def convert(position: int, value: Any) -> Any:
        key = (position, value)
        if key not in converted:
            process = processors[position]
            converted[key] = value if process is None or value is None else process(value)
        return converted[key]

    process_id, process_instant = processors[0], processors[4]
    marks = ", ".join(["?" if dialect.paramstyle == "qmark" else "%s"] * len(_COLUMNS))
    connection.exec_driver_sql(
        f"INSERT INTO datapoints ({', '.join(_COLUMNS)}) VALUES ({marks})",  # noqa: S608 (names only)
        [
            (
                process_id(row[0]) if process_id else row[0],
                convert(1, row[1]),
                convert(2, row[2]),
                row[3],
                process_instant(row[4]) if process_instant else row[4],
                convert(5, row[5]),
                convert(6, row[6]),
                row[7],
                convert(8, row[8]),
            )
            for row in rows
        ],
    )


def create_many(session: Session, *, ctx: WorkspaceContext, batch: DatapointBatch) -> int:
    """Store every item of `batch`, or none: 422/404 name each bad item by its index."""
    ctx.require(Access.editor)
    items = batch.items
    metrics: dict[str, _MetricFacts] = {
        row.key: _MetricFacts(row.id, row.aggregation is None, row.min_value, row.max_value)
        for row in session.execute(
            select(
                Metric.key, Metric.id, Metric.aggregation, Metric.min_value, Metric.max_value
            ).where(
                Metric.workspace_id == ctx.workspace_id,
                Metric.key.in_({item.metric for item in items}),
            )
        )
    }
    latest_allowed = clock.now() + FUTURE_SLACK
    campaigns = ids_in_workspace(
        session, Campaign, {i.campaign_id for i in items if i.campaign_id is not None}, ctx=ctx
    )
    members = ids_in_workspace(
        session, Member, {i.member_id for i in items if i.member_id is not None}, ctx=ctx
    )

    errors: list[dict[str, Any]] = []
    bad_items: set[int] = set()
    only_missing = True
    for index, item in enumerate(items):
        loc = ("body", "items", index)
        metric = metrics.get(item.metric)
        if metric is None or metric.is_ratio:
            only_missing = False
            bad_items.add(index)
            errors.append(
                field_error((*loc, "metric"), N_("No metric has this key."), "unknown_metric")
                if metric is None
                else field_error(
                    (*loc, "metric"),
                    N_("A ratio metric is computed: post datapoints to its two parts."),
                    "ratio_metric",
                )
            )
        else:
            value_errors = _value_errors(
                loc, item.value, item.observed_at, metric, batch.allow_future, latest_allowed
            )
            if value_errors:
                only_missing = False
                bad_items.add(index)
                errors += value_errors
        if item.campaign_id is not None and item.campaign_id not in campaigns:
            bad_items.add(index)
            errors.append(field_error((*loc, "campaign_id"), CAMPAIGN_NOT_FOUND, "not_found"))
        if item.member_id is not None and item.member_id not in members:
            bad_items.add(index)
            errors.append(field_error((*loc, "member_id"), MEMBER_NOT_FOUND, "not_found"))
    if errors:
        params = {"count": len(bad_items)}
        if only_missing:
            raise NotFound(
                N_(
                    "{count} datapoints refer to something that does not exist; nothing was stored."
                ),
                params=params,
                errors=errors,
            )
        raise InvalidInput(
            N_("{count} datapoints are not valid; nothing was stored."),
            params=params,
            errors=errors,
        )

    now = utcnow()
    _insert(
        session,
        [
            (
                uuid.uuid4(),
                ctx.workspace_id,
                metrics[item.metric].id,
                item.value,
                item.observed_at,
                item.campaign_id,
                item.member_id,
                item.channel,
                now,
            )
            for item in items
        ],
    )
    rollups.add_points(
        session.connection(),
        workspace_id=ctx.workspace_id,
        timezone=ctx.timezone,
        points=[
            (metrics[i.metric].id, i.observed_at, i.channel, i.campaign_id, i.value) for i in items
        ],
    )
    campaigns_in_batch = {item.campaign_id for item in items}
    activity.record(
        session,
        ctx=ctx,
        verb="datapoint.batch_created",
        subject_id=uuid.uuid4(),  # the batch has no row of its own
        subject_name=", ".join(sorted({item.metric for item in items}))[:200],
        campaign_id=next(iter(campaigns_in_batch)) if len(campaigns_in_batch) == 1 else None,
        after={
            "count": len(items),
            "metrics": sorted({item.metric for item in items}),
            "observed_from": min(item.observed_at for item in items),
            "observed_to": max(item.observed_at for item in items),
        },
    )
    return len(items)


def delete_one(session: Session, *, ctx: WorkspaceContext, datapoint_id: uuid.UUID) -> None:
    ctx.require(Access.editor)
    deleted = session.execute(
        delete(Datapoint)
        .where(Datapoint.id == datapoint_id, Datapoint.workspace_id == ctx.workspace_id)
        .returning(*(getattr(Datapoint, name) for name in DATAPOINT_FIELDS))
    ).first()
    if deleted is None:
        raise NotFound(NOT_FOUND)
    rollups.recompute(
        session.connection(),
        workspace_id=ctx.workspace_id,
        timezone=ctx.timezone,
        keys={_rollup_key(ctx, deleted)},
    )
    activity.record(
        session,
        ctx=ctx,
        verb="datapoint.deleted",
        subject_id=datapoint_id,
        campaign_id=deleted.campaign_id,
        member_id=deleted.member_id,
        before=deleted._asdict(),
    )


def _rollup_key(ctx: WorkspaceContext, point: Any) -> rollups.Key:
    return rollups.key_of(
        point.metric_id, point.observed_at, point.channel, point.campaign_id, ZoneInfo(ctx.timezone)
    )


def _get(session: Session, *, ctx: WorkspaceContext, datapoint_id: uuid.UUID) -> Datapoint:
    """The datapoint to change; 404 if not here."""
    found = session.scalar(
        select(Datapoint).where(
            Datapoint.id == datapoint_id, Datapoint.workspace_id == ctx.workspace_id
        )
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def update_one(
    session: Session, *, ctx: WorkspaceContext, datapoint_id: uuid.UUID, change: DatapointUpdate
) -> DatapointRead:
    """Correct a datapoint's value, time, campaign, member or channel (same checks as new);
    the datapoint as stored (UTC), read as the API shows it."""
    ctx.require(Access.editor)
    datapoint = _get(session, ctx=ctx, datapoint_id=datapoint_id)
    changes: dict[str, Any] = change.model_dump(exclude_unset=True, exclude={"allow_future"})
    metric = session.execute(
        select(Metric.id, Metric.key, Metric.min_value, Metric.max_value).where(
            Metric.id == datapoint.metric_id
        )
    ).one()
    facts = _MetricFacts(metric.id, False, metric.min_value, metric.max_value)
    errors = _value_errors(
        ("body",),
        changes.get("value", datapoint.value),
        changes.get("observed_at", datapoint.observed_at),
        facts,
        change.allow_future or "observed_at" not in changes,
        clock.now() + FUTURE_SLACK,
    )
    if "value" not in changes:
        errors = [e for e in errors if e["loc"][-1] != "value"]
    for field, model, missing in (
        ("campaign_id", Campaign, CAMPAIGN_NOT_FOUND),
        ("member_id", Member, MEMBER_NOT_FOUND),
    ):
        wanted = changes.get(field)
        if wanted is not None and not ids_in_workspace(session, model, {wanted}, ctx=ctx):
            raise NotFound(missing, errors=[field_error(("body", field), missing, "not_found")])
    if errors:
        raise InvalidInput(N_("The datapoint is not valid."), errors=errors)
    before = activity.fields(datapoint, DATAPOINT_FIELDS)
    old_key = _rollup_key(ctx, datapoint)
    for field, value in changes.items():
        setattr(datapoint, field, value)
    session.flush()
    rollups.recompute(
        session.connection(),
        workspace_id=ctx.workspace_id,
        timezone=ctx.timezone,
        keys={old_key, _rollup_key(ctx, datapoint)},
    )
    session.expire(datapoint)  # the activity keeps what is stored (UTC), as a read shows it
    activity.record(
        session,
        ctx=ctx,
        verb="datapoint.updated",
        subject_id=datapoint.id,
        subject_name=metric.key,
        campaign_id=datapoint.campaign_id,
        member_id=datapoint.member_id,
        before=before,
        after=activity.fields(datapoint, DATAPOINT_FIELDS),
    )
    return reads.read_datapoint(session, ctx=ctx, datapoint_id=datapoint.id)
