"""`deals_pipeline`: counts, value and weighted value per stage and currency, conversion
between stages, days in stage, and a forecast by expected close month.

Four statements whatever the number of deals: the stages, the open deals grouped by stage
and currency, the furthest stage each deal reached (from its history), and the open deals
grouped by close month and currency. Money is summed per currency in SQL and never mixed.
"""

import uuid
from collections import defaultdict
from datetime import datetime
from fractions import Fraction
from itertools import pairwise
from typing import Any

from pydantic import Field
from sqlalchemy import ColumnElement, Float, String, cast, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from app.core import clock
from app.core.money import Money, totals_by_currency
from app.core.permissions import WorkspaceContext
from app.core.schemas import ReadModel
from app.deals.stages import ordered_stages
from app.models import Deal, DealStageChange, PipelineStage
from app.models.deal import StageOutcome

LADDER = (StageOutcome.open, StageOutcome.won)
SECONDS_PER_DAY = 86_400


class epoch_seconds(FunctionElement[float]):  # noqa: N801 (a SQL function)
    """Seconds since 1970 of a stored UTC instant, on SQLite and PostgreSQL."""

    type = Float()
    inherit_cache = True
    name = "epoch_seconds"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


@compiles(epoch_seconds, "postgresql")
def _epoch_postgresql(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


class StageValue(ReadModel):
    """The deals of one currency in a stage (or month)."""

    currency: str
    count: int
    value: Money
    weighted_value: Money = Field(description="Σ value × probability, to the minor unit.")


class PipelineStageSummary(ReadModel):
    stage_id: uuid.UUID
    name: str
    position: int
    outcome: StageOutcome
    probability: int
    count: int = Field(description="Deals in the stage now.")
    values: list[StageValue] = Field(description="One entry per currency.")
    reached: int | None = Field(
        description="Deals that ever reached this stage or a later one (open and won stages)."
    )
    conversion_to_next: float | None = Field(
        description="Percent of the deals that reached this stage and went on to the next "
        "open or won stage; null for the last one and for lost / on-hold stages."
    )
    average_days_in_stage: float | None = Field(description="Of the deals in it now.")
    longest_days_in_stage: int | None


class ForecastMonth(ReadModel):
    month: str = Field(description="`YYYY-MM` of the expected close, or `none` when unset.")
    values: list[StageValue]


class DealsPipeline(ReadModel):
    stages: list[PipelineStageSummary]
    open_totals: list[Money] = Field(description="Open deals: one total per currency.")
    weighted_open_totals: list[Money]
    forecast: list[ForecastMonth] = Field(
        description="Open deals by expected close month, per currency."
    )


def _filters(
    ctx: WorkspaceContext, campaign_id: uuid.UUID | None, owner_member_id: uuid.UUID | None
) -> list[ColumnElement[bool]]:
    where = [Deal.workspace_id == ctx.workspace_id]
    if campaign_id is not None:
        where.append(Deal.campaign_id == campaign_id)
    if owner_member_id is not None:
        where.append(Deal.owner_member_id == owner_member_id)
    return where


def _value(currency: str, count: int, total: int, weighted_percent: int) -> StageValue:
    """Sums from SQL: `weighted_percent` is Σ value × probability (in percent)."""
    return StageValue(
        currency=currency,
        count=count,
        value=Money.model_construct(amount_minor=int(total), currency=currency),
        weighted_value=Money.model_construct(
            amount_minor=round(Fraction(int(weighted_percent), 100)), currency=currency
        ),
    )


def _days(now: datetime, entered: datetime | None) -> int | None:
    if entered is None:
        return None
    if entered.tzinfo is None:
        entered = entered.replace(tzinfo=now.tzinfo)
    return (now - entered).days


def deals_pipeline(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None = None,
    owner_member_id: uuid.UUID | None = None,
) -> DealsPipeline:
    now = clock.now()
    where = _filters(ctx, campaign_id, owner_member_id)
    stages = ordered_stages(session, workspace_id=ctx.workspace_id)
    weighted = func.sum(Deal.value_minor * PipelineStage.probability)
    current = session.execute(
        select(
            Deal.stage_id,
            Deal.value_currency,
            func.count(),
            func.sum(Deal.value_minor),
            weighted,
            func.sum(epoch_seconds(Deal.stage_entered_at)),
            func.min(Deal.stage_entered_at),
        )
        .join(PipelineStage, PipelineStage.id == Deal.stage_id)
        .where(*where)
        .group_by(Deal.stage_id, Deal.value_currency)
        .order_by(Deal.stage_id, Deal.value_currency)
    ).all()
    furthest = (
        select(DealStageChange.deal_id, func.max(PipelineStage.position).label("furthest"))
        .join(PipelineStage, PipelineStage.id == DealStageChange.to_stage_id)
        .join(Deal, Deal.id == DealStageChange.deal_id)
        .where(*where, PipelineStage.outcome.in_(LADDER))
        .group_by(DealStageChange.deal_id)
        .subquery()
    )
    reached_at: dict[int, int] = {
        int(position): int(count)
        for position, count in session.execute(
            select(furthest.c.furthest, func.count()).group_by(furthest.c.furthest)
        )
    }
    month = func.coalesce(func.substr(cast(Deal.expected_close_on, String), 1, 7), "none")
    by_month = session.execute(
        select(month, Deal.value_currency, func.count(), func.sum(Deal.value_minor), weighted)
        .join(PipelineStage, PipelineStage.id == Deal.stage_id)
        .where(*where, PipelineStage.outcome == StageOutcome.open)
        .group_by(month, Deal.value_currency)
        .order_by(month, Deal.value_currency)
    ).all()

    values: dict[uuid.UUID, list[StageValue]] = defaultdict(list)
    seconds: dict[uuid.UUID, tuple[int, float, datetime | None]] = {}
    for stage_id, currency, count, total, weighted_sum, epoch_sum, oldest in current:
        values[stage_id].append(_value(currency, count, total, weighted_sum))
        n, total_seconds, first = seconds.get(stage_id, (0, 0.0, None))
        earliest = min((d for d in (first, oldest) if d is not None), default=None)
        seconds[stage_id] = (n + count, total_seconds + float(epoch_sum or 0), earliest)

    ladder = [s for s in stages if s.outcome in LADDER]
    reached = {
        s.id: sum(n for position, n in reached_at.items() if position >= s.position) for s in ladder
    }
    following = {a.id: b.id for a, b in pairwise(ladder)}
    summaries = []
    for stage in stages:
        count, epoch_sum, first_entered = seconds.get(stage.id, (0, 0.0, None))
        average = (
            round((now.timestamp() * count - epoch_sum) / count / SECONDS_PER_DAY, 1)
            if count
            else None
        )
        here = reached.get(stage.id)
        after = reached.get(following[stage.id]) if stage.id in following else None
        summaries.append(
            PipelineStageSummary(
                stage_id=stage.id,
                name=stage.name,
                position=stage.position,
                outcome=stage.outcome,
                probability=stage.probability,
                count=count,
                values=values.get(stage.id, []),
                reached=here,
                conversion_to_next=(
                    round(100 * (after or 0) / here, 1) if here and after is not None else None
                ),
                average_days_in_stage=average,
                longest_days_in_stage=_days(now, first_entered),
            )
        )
    open_ids = {s.id for s in stages if s.outcome == StageOutcome.open}
    open_values = [v for stage_id in open_ids for v in values.get(stage_id, [])]
    forecast: dict[str, list[StageValue]] = defaultdict(list)
    for label, currency, count, total, weighted_sum in by_month:
        forecast[str(label)].append(_value(currency, count, total, weighted_sum))
    return DealsPipeline(
        stages=summaries,
        open_totals=totals_by_currency(v.value for v in open_values),
        weighted_open_totals=totals_by_currency(v.weighted_value for v in open_values),
        forecast=[
            ForecastMonth(month=m, values=v) for m, v in sorted(forecast.items(), key=_month_key)
        ],
    )


def _month_key(item: tuple[str, list[StageValue]]) -> tuple[int, str]:
    return (1, item[0]) if item[0] == "none" else (0, item[0])
