"""Read metric definitions and datapoints: Core selects of the reply's columns (a ratio's
metric keys and a datapoint's metric key by join), made replies once per page."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import AnyRow, Reader, as_dicts, enum_text, id_text
from app.metrics.schemas import DatapointRead, MetricRead
from app.models import Datapoint, Metric
from app.models.enums import MetricCategory

METRIC_NOT_FOUND = N_("Metric not found.")
DATAPOINT_NOT_FOUND = N_("Datapoint not found.")

_METRICS = cast(Table, Metric.__table__)
_NUMERATORS = _METRICS.alias("numerator")
_DENOMINATORS = _METRICS.alias("denominator")
_DATAPOINTS = cast(Table, Datapoint.__table__)
_M = _METRICS.c
_D = _DATAPOINTS.c

_READ_METRICS = select(
    id_text(_M.id),
    *(_M[name] for name in ("key", "name", "description", "unit")),
    enum_text(_M.category),
    enum_text(_M.aggregation),
    _NUMERATORS.c.key.label("numerator"),
    _DENOMINATORS.c.key.label("denominator"),
    enum_text(_M.direction),
    *(_M[name] for name in ("min_value", "max_value", "created_at", "updated_at", "version")),
).select_from(
    _METRICS.outerjoin(_NUMERATORS, _NUMERATORS.c.id == _M.ratio_numerator_id).outerjoin(
        _DENOMINATORS, _DENOMINATORS.c.id == _M.ratio_denominator_id
    )
)
_READ_DATAPOINTS = select(
    id_text(_D.id),
    _M.key.label("metric"),
    id_text(_D.metric_id),
    _D.value,
    _D.observed_at,
    id_text(_D.campaign_id),
    id_text(_D.member_id),
    _D.channel,
    _D.created_at,
).join_from(_DATAPOINTS, _METRICS, _M.id == _D.metric_id)
_METRIC_REPLIES = Reader(MetricRead)
_DATAPOINT_REPLIES = Reader(DatapointRead)


def list_metrics(
    session: Session,
    *,
    ctx: WorkspaceContext,
    category: MetricCategory | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[MetricRead], str | None]:
    stmt = _READ_METRICS.where(_M.workspace_id == ctx.workspace_id)
    if category is not None:
        stmt = stmt.where(_M.category == category)
    if q:
        pattern = f"%{q.lower()}%"
        stmt = stmt.where(or_(_M.key.ilike(pattern), _M.name.ilike(pattern)))
    rows, next_cursor = paginate(
        session, stmt, order_by=(_M.key, _M.id), limit=limit, cursor=cursor
    )
    return _metric_replies(rows), next_cursor


def read_metric(
    session: Session, *, ctx: WorkspaceContext, metric_id: uuid.UUID
) -> tuple[MetricRead, int]:
    """The metric definition as the API shows it, and its version; 404 if not here."""
    row = (
        session.connection()
        .execute(_READ_METRICS.where(_M.id == metric_id, _M.workspace_id == ctx.workspace_id))
        .first()
    )
    if row is None:
        raise NotFound(METRIC_NOT_FOUND)
    return _metric_replies([row])[0], row.version


def _metric_replies(rows: Sequence[AnyRow]) -> list[MetricRead]:
    """A ratio's keys as `ratio_of` (`null` unless both are there)."""
    replies = []
    for row in as_dicts(rows):
        numerator, denominator = row.pop("numerator"), row.pop("denominator")
        both = numerator is not None and denominator is not None
        row["ratio_of"] = {"numerator": numerator, "denominator": denominator} if both else None
        replies.append(row)
    return _METRIC_REPLIES.many(replies)


def list_datapoints(
    session: Session,
    *,
    ctx: WorkspaceContext,
    metric: str | None,
    campaign_id: uuid.UUID | None,
    member_id: uuid.UUID | None,
    channel: str | None,
    start: datetime | None,
    end: datetime | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DatapointRead], str | None]:
    """Oldest first; `start` is inclusive and `end` exclusive."""
    check_range(start, end)
    equal: dict[Any, Any] = {
        _M.key: metric,
        _D.campaign_id: campaign_id,
        _D.member_id: member_id,
        _D.channel: channel,
    }
    stmt = _READ_DATAPOINTS.where(
        _D.workspace_id == ctx.workspace_id,
        *(column == value for column, value in equal.items() if value is not None),
    )
    if start is not None:
        stmt = stmt.where(_D.observed_at >= start)
    if end is not None:
        stmt = stmt.where(_D.observed_at < end)
    rows, next_cursor = paginate(
        session, stmt, order_by=(_D.observed_at, _D.id), limit=limit, cursor=cursor
    )
    return _DATAPOINT_REPLIES.many(rows), next_cursor


def check_range(start: datetime | None, end: datetime | None) -> None:
    if start is not None and end is not None and end < start:
        raise InvalidInput(
            N_("The range ends before it starts."),
            errors=[field_error(("query", "to"), N_("Must not be before from."), "range")],
        )


def read_datapoint(
    session: Session, *, ctx: WorkspaceContext, datapoint_id: uuid.UUID
) -> DatapointRead:
    """The datapoint as the API shows it; 404 if not here."""
    row = (
        session.connection()
        .execute(_READ_DATAPOINTS.where(_D.id == datapoint_id, _D.workspace_id == ctx.workspace_id))
        .first()
    )
    if row is None:
        raise NotFound(DATAPOINT_NOT_FOUND)
    return _DATAPOINT_REPLIES.one(row)
