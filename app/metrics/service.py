"""Metric definitions: aggregated from their own datapoints, or a ratio of two others.

Editors define metrics; everyone in the workspace reads them.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, exists, or_, select
from sqlalchemy.orm import Session, aliased

from app.activity import service as activity
from app.core.crud import apply_changes, ensure_unique_in_workspace
from app.core.errors import InUse, InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.metrics import reads
from app.metrics.schemas import MetricCreate, MetricRead, MetricUpdate, RatioOf
from app.models import CampaignGoal, Datapoint, KeyResult, Metric
from app.models.enums import Access

NOT_FOUND = N_("Metric not found.")
KEY_TAKEN = N_("A metric with the key {value} already exists.")
FIELDS = (
    "key",
    "name",
    "description",
    "unit",
    "category",
    "aggregation",
    "ratio_numerator_id",
    "ratio_denominator_id",
    "direction",
    "min_value",
    "max_value",
)
PERCENT_BOUNDS = (0.0, 100.0)

_numerator = aliased(Metric, name="numerator")
_denominator = aliased(Metric, name="denominator")


@dataclass(frozen=True)
class MetricView:
    """A metric with the keys of its ratio's metrics (both `None` unless it is a ratio)."""

    metric: Metric
    numerator_key: str | None
    denominator_key: str | None


def _select_views() -> Select[Metric, str, str]:
    return (
        select(Metric, _numerator.key, _denominator.key)
        .outerjoin(_numerator, _numerator.id == Metric.ratio_numerator_id)
        .outerjoin(_denominator, _denominator.id == Metric.ratio_denominator_id)
    )


def get(session: Session, *, ctx: WorkspaceContext, metric_id: uuid.UUID) -> MetricView:
    row = session.execute(
        _select_views().where(Metric.id == metric_id, Metric.workspace_id == ctx.workspace_id)
    ).first()
    if row is None:
        raise NotFound(NOT_FOUND)
    metric, numerator_key, denominator_key = row
    return MetricView(metric, numerator_key, denominator_key)


def create(
    session: Session, *, ctx: WorkspaceContext, metric_in: MetricCreate
) -> tuple[MetricRead, int]:
    """The new metric as the API shows it, and its version."""
    ctx.require(Access.editor)
    _ensure_one_kind(has_aggregation=metric_in.aggregation is not None, ratio_of=metric_in.ratio_of)
    metric = Metric(workspace_id=ctx.workspace_id, **metric_in.model_dump(exclude={"ratio_of"}))
    if metric.unit == "%":
        low, high = PERCENT_BOUNDS
        metric.min_value = low if metric.min_value is None else metric.min_value
        metric.max_value = high if metric.max_value is None else metric.max_value
    _ensure_bounds_in_order(metric.min_value, metric.max_value)
    if metric_in.ratio_of is not None:
        metric.ratio_numerator_id, metric.ratio_denominator_id = _resolve_ratio(
            session, ctx=ctx, ratio_of=metric_in.ratio_of, metric_id=None
        )
    ensure_unique_in_workspace(session, Metric.key, metric_in.key, ctx=ctx, message=KEY_TAKEN)
    session.add(metric)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="metric.created",
        subject_id=metric.id,
        subject_name=metric.name,
        after=activity.fields(metric, FIELDS),
    )
    return reads.read_metric(session, ctx=ctx, metric_id=metric.id)


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    metric_id: uuid.UUID,
    metric_in: MetricUpdate,
    if_match: frozenset[int] | None,
) -> tuple[MetricRead, int]:
    """The changed metric as the API shows it, and its version."""
    ctx.require(Access.editor)
    metric = get(session, ctx=ctx, metric_id=metric_id).metric
    ensure_version(metric.version, if_match)
    before = activity.fields(metric, FIELDS)
    changes: dict[str, Any] = metric_in.model_dump(exclude_unset=True, exclude={"ratio_of"})
    new_ratio = metric_in.ratio_of  # `None` only when omitted: explicit null is 422
    if new_ratio is not None:
        _ensure_one_kind(has_aggregation="aggregation" in changes, ratio_of=new_ratio)
        numerator_id, denominator_id = _resolve_ratio(
            session, ctx=ctx, ratio_of=new_ratio, metric_id=metric.id
        )
        if metric.aggregation is not None:
            _ensure_can_become_ratio(session, metric=metric)
        changes.update(
            aggregation=None, ratio_numerator_id=numerator_id, ratio_denominator_id=denominator_id
        )
    elif "aggregation" in changes:
        changes.update(ratio_numerator_id=None, ratio_denominator_id=None)
    if changes.get("key", metric.key) != metric.key:
        ensure_unique_in_workspace(session, Metric.key, changes["key"], ctx=ctx, message=KEY_TAKEN)
    _ensure_bounds_in_order(
        changes.get("min_value", metric.min_value), changes.get("max_value", metric.max_value)
    )
    apply_changes(metric, changes)
    activity.record(
        session,
        ctx=ctx,
        verb="metric.updated",
        subject_id=metric.id,
        subject_name=metric.name,
        before=before,
        after=activity.fields(metric, FIELDS),
    )
    session.flush()
    return reads.read_metric(session, ctx=ctx, metric_id=metric.id)


def delete_metric(
    session: Session,
    *,
    ctx: WorkspaceContext,
    metric_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    """Delete a metric and all its datapoints, unless a ratio metric or a goal uses it."""
    ctx.require(Access.editor)
    metric = get(session, ctx=ctx, metric_id=metric_id).metric
    ensure_version(metric.version, if_match)
    _ensure_not_in_a_ratio(session, metric=metric)
    if session.scalar(select(exists().where(CampaignGoal.metric_id == metric.id))):
        raise InUse(N_("A campaign goal uses this metric; change or remove the goal first."))
    if session.scalar(select(exists().where(KeyResult.metric_id == metric.id))):
        raise InUse(N_("A goal's key result uses this metric; change or remove it first."))
    activity.record(
        session,
        ctx=ctx,
        verb="metric.deleted",
        subject_id=metric.id,
        subject_name=metric.name,
        before=activity.fields(metric, FIELDS),
    )
    session.execute(delete(Datapoint).where(Datapoint.metric_id == metric.id))
    session.delete(metric)
    session.flush()


def _ensure_bounds_in_order(low: float | None, high: float | None) -> None:
    if low is not None and high is not None and high < low:
        raise InvalidInput(
            N_("The bounds are not valid."),
            errors=[
                field_error(
                    ("body", "max_value"), N_("Must not be below the minimum."), "bounds_order"
                )
            ],
        )


def _ensure_one_kind(*, has_aggregation: bool, ratio_of: RatioOf | None) -> None:
    if has_aggregation and ratio_of is not None:
        raise InvalidInput(
            N_("A metric is either aggregated or a ratio."),
            errors=[
                field_error(
                    ("body", "ratio_of"),
                    N_("Give either aggregation or ratio_of, not both."),
                    "aggregation_and_ratio",
                )
            ],
        )
    if not has_aggregation and ratio_of is None:
        raise InvalidInput(
            N_("A metric is either aggregated or a ratio."),
            errors=[
                field_error(
                    ("body", "aggregation"),
                    N_("Give an aggregation, or ratio_of for a ratio metric."),
                    "aggregation_or_ratio",
                )
            ],
        )


def _resolve_ratio(
    session: Session, *, ctx: WorkspaceContext, ratio_of: RatioOf, metric_id: uuid.UUID | None
) -> tuple[uuid.UUID, uuid.UUID]:
    """The ids of the ratio's metrics: existing, aggregated metrics of this workspace."""
    found = {
        key: (found_id, aggregation)
        for key, found_id, aggregation in session.execute(
            select(Metric.key, Metric.id, Metric.aggregation).where(
                Metric.workspace_id == ctx.workspace_id,
                Metric.key.in_({ratio_of.numerator, ratio_of.denominator}),
            )
        )
    }
    errors = []
    for part in ("numerator", "denominator"):
        loc = ("body", "ratio_of", part)
        hit = found.get(getattr(ratio_of, part))
        if hit is None:
            errors.append(field_error(loc, N_("No metric has this key."), "unknown_metric"))
        elif hit[0] == metric_id:
            errors.append(
                field_error(loc, N_("A metric cannot be a ratio of itself."), "self_ratio")
            )
        elif hit[1] is None:
            errors.append(
                field_error(
                    loc,
                    N_("A ratio divides aggregated metrics, not other ratios."),
                    "ratio_of_ratio",
                )
            )
    if not errors and ratio_of.numerator == ratio_of.denominator:
        errors.append(
            field_error(
                ("body", "ratio_of", "denominator"),
                N_("The denominator must differ from the numerator."),
                "same_metric",
            )
        )
    if errors:
        raise InvalidInput(N_("The ratio's metrics are not valid."), errors=errors)
    return found[ratio_of.numerator][0], found[ratio_of.denominator][0]


def _ensure_can_become_ratio(session: Session, *, metric: Metric) -> None:
    _ensure_not_in_a_ratio(session, metric=metric)
    if session.scalar(select(exists().where(Datapoint.metric_id == metric.id))):
        raise InUse(
            N_(
                "This metric has datapoints, and a ratio metric has none of its own; "
                "delete them first, or define a new ratio metric."
            )
        )


def _ensure_not_in_a_ratio(session: Session, *, metric: Metric) -> None:
    ratio_key = session.scalar(
        select(Metric.key)
        .where(
            Metric.workspace_id == metric.workspace_id,
            or_(Metric.ratio_numerator_id == metric.id, Metric.ratio_denominator_id == metric.id),
        )
        .order_by(Metric.key)
        .limit(1)
    )
    if ratio_key is not None:
        raise InUse(
            N_("The ratio metric {key} uses this metric; change or delete it first."),
            params={"key": ratio_key},
        )
