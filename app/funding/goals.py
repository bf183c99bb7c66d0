"""Funding goals: one-off, monthly recurring, yearly budget or balance. Each kind has its
own measure of progress, in the goal's own currency — never one bar for different kinds."""

import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from fractions import Fraction

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.crud import apply_changes, get_in_workspace
from app.core.i18n import N_
from app.core.money import Money
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.funding.schemas import FundingGoalCreate, FundingGoalUpdate, GoalProgress
from app.funding.tiers import ensure_campaign
from app.models import Contribution, FundingGoal
from app.models.enums import Access
from app.models.funding import ContributionStatus, GoalKind, Interval

NOT_FOUND = N_("Funding goal not found.")
FIELDS = ("name", "kind", "campaign_id", "target_minor", "target_currency", "deadline", "priority")
MEASURES = {
    GoalKind.one_off: "paid one-time contributions",
    GoalKind.monthly_recurring: "paid monthly contributions of the last 30 days "
    "+ yearly ones of the last year ÷ 12",
    GoalKind.yearly_budget: "paid this calendar year",
    GoalKind.balance: "paid minus refunded",
}
# (campaign or None, currency) → measure by goal kind, in minor units
Sums = dict[tuple[uuid.UUID | None, str], dict[GoalKind, Fraction]]


def measure_sums(session: Session, *, workspace_id: uuid.UUID, now: datetime) -> Sums:
    """Every measure, per campaign and currency, in one statement."""
    paid = Contribution.status == ContributionStatus.paid

    def total(*conditions: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(
            func.sum(case((and_(*conditions), Contribution.amount_minor), else_=0)), 0
        )

    year_start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    rows = session.execute(
        select(
            Contribution.campaign_id,
            Contribution.currency,
            total(paid, Contribution.interval == Interval.one_time),
            total(
                paid,
                Contribution.interval == Interval.month,
                Contribution.contributed_at >= now - timedelta(days=30),
            ),
            total(
                paid,
                Contribution.interval == Interval.year,
                Contribution.contributed_at >= now - timedelta(days=365),
            ),
            total(paid, Contribution.contributed_at >= year_start),
            total(paid),
            total(Contribution.status == ContributionStatus.refunded),
        )
        .where(Contribution.workspace_id == workspace_id)
        .group_by(Contribution.campaign_id, Contribution.currency)
    ).all()
    sums: Sums = {}
    for campaign_id, currency, one_off, monthly, yearly, this_year, paid_all, refunded in rows:
        sums[(campaign_id, currency)] = {
            GoalKind.one_off: Fraction(int(one_off)),
            GoalKind.monthly_recurring: Fraction(int(monthly)) + Fraction(int(yearly), 12),
            GoalKind.yearly_budget: Fraction(int(this_year)),
            GoalKind.balance: Fraction(int(paid_all) - int(refunded)),
        }
    return sums


def progress(
    *,
    kind: GoalKind,
    campaign_id: uuid.UUID | None,
    target_minor: int,
    target_currency: str,
    sums: Sums,
) -> GoalProgress:
    """A goal's progress in its own currency (other currencies beside it, never added)."""
    by_currency: dict[str, Fraction] = defaultdict(Fraction)
    for (campaign, currency), measures in sums.items():
        if campaign_id is None or campaign == campaign_id:
            by_currency[currency] += measures[kind]
    raised = round(by_currency.pop(target_currency, Fraction(0)))
    return GoalProgress(
        measure=MEASURES[kind],
        raised=Money.model_construct(amount_minor=raised, currency=target_currency),
        percent=round(100 * raised / target_minor, 1),
        other_currencies=[
            Money.model_construct(amount_minor=round(amount), currency=currency)
            for currency, amount in sorted(by_currency.items())
            if amount
        ],
    )


def get(session: Session, *, ctx: WorkspaceContext, goal_id: uuid.UUID) -> FundingGoal:
    return get_in_workspace(session, FundingGoal, goal_id, ctx=ctx, missing=NOT_FOUND)


def create(session: Session, *, ctx: WorkspaceContext, goal_in: FundingGoalCreate) -> FundingGoal:
    ctx.require(Access.editor)
    ensure_campaign(session, ctx=ctx, campaign_id=goal_in.campaign_id)
    goal = FundingGoal(
        workspace_id=ctx.workspace_id,
        **goal_in.model_dump(exclude={"target"}),
        target_minor=goal_in.target.amount_minor,
        target_currency=goal_in.target.currency,
    )
    session.add(goal)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="funding_goal.created",
        subject_id=goal.id,
        subject_name=goal.name,
        campaign_id=goal.campaign_id,
        after=activity.fields(goal, FIELDS),
    )
    return goal


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    goal_id: uuid.UUID,
    goal_in: FundingGoalUpdate,
    if_match: frozenset[int] | None,
) -> FundingGoal:
    ctx.require(Access.editor)
    goal = get(session, ctx=ctx, goal_id=goal_id)
    ensure_version(goal.version, if_match)
    changes = goal_in.model_dump(exclude_unset=True, exclude={"target"})
    if goal_in.target is not None and "target" in goal_in.model_fields_set:
        changes["target_minor"] = goal_in.target.amount_minor
        changes["target_currency"] = goal_in.target.currency
    before = activity.fields(goal, FIELDS)
    apply_changes(goal, changes)
    activity.record(
        session,
        ctx=ctx,
        verb="funding_goal.updated",
        subject_id=goal.id,
        subject_name=goal.name,
        campaign_id=goal.campaign_id,
        before=before,
        after=activity.fields(goal, FIELDS),
    )
    session.flush()
    return goal


def delete(
    session: Session, *, ctx: WorkspaceContext, goal_id: uuid.UUID, if_match: frozenset[int] | None
) -> None:
    ctx.require(Access.editor)
    goal = get(session, ctx=ctx, goal_id=goal_id)
    ensure_version(goal.version, if_match)
    activity.record(
        session,
        ctx=ctx,
        verb="funding_goal.deleted",
        subject_id=goal.id,
        subject_name=goal.name,
        campaign_id=goal.campaign_id,
        before=activity.fields(goal, FIELDS),
    )
    session.delete(goal)
    session.flush()
