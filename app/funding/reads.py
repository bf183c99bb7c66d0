"""Read funding: investors (and their kin) through one Core select of the reply's columns
each, money folded from its two columns, replies made a page at a time."""

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from app.core import clock
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.reply_columns import TableReads, money
from app.funding.goals import NOT_FOUND as GOAL_NOT_FOUND
from app.funding.goals import Sums, measure_sums, progress
from app.funding.investor_schemas import InvestorRead
from app.funding.schemas import ContributionRead, FundingGoalRead, TierRead
from app.funding.tiers import NOT_FOUND as TIER_NOT_FOUND
from app.models import Contribution, FundingGoal, Investor, Member, Tier
from app.models.funding import ContributionStatus, GoalKind
from app.models.paper import InvestorStage

INVESTOR_NOT_FOUND = N_("Investor not found.")
CONTRIBUTION_NOT_FOUND = N_("Contribution not found.")


def _investor(values: dict[str, Any]) -> None:
    money(values, "ticket")
    values["email"] = values["email"] or None


_OWNERS = Member.__table__.alias("investor_owners")

INVESTORS = TableReads(
    Investor.__table__,
    InvestorRead,
    missing=INVESTOR_NOT_FOUND,
    computed={"ticket"},
    extra=("ticket_minor", "ticket_currency"),
    finish=_investor,
    names={"owner_name": (_OWNERS.c.display_name, _OWNERS.c.id == Investor.owner_member_id)},
)
_I = INVESTORS.c


def investors_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    stage: InvestorStage | None,
    owner_member_id: uuid.UUID | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[InvestorRead], str | None]:
    equal = {_I.stage: stage, _I.owner_member_id: owner_member_id}
    return INVESTORS.page(
        session,
        ctx=ctx,
        where=[column == value for column, value in equal.items() if value is not None],
        order_by=(_I.name, _I.id),
        limit=limit,
        cursor=cursor,
    )


def read_investor(
    session: Session, *, ctx: WorkspaceContext, investor_id: uuid.UUID
) -> tuple[InvestorRead, int]:
    return INVESTORS.read(session, ctx=ctx, object_id=investor_id)


def _contribution(values: dict[str, Any]) -> None:
    values["amount"] = {
        "amount_minor": values.pop("amount_minor"),
        "currency": values.pop("currency"),
    }


CONTRIBUTIONS = TableReads(
    Contribution.__table__,
    ContributionRead,
    missing=CONTRIBUTION_NOT_FOUND,
    computed={"amount"},
    extra=("amount_minor", "currency"),
    finish=_contribution,
)
_K = CONTRIBUTIONS.c


def contributions_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    tier_id: uuid.UUID | None,
    status: ContributionStatus | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[ContributionRead], str | None]:
    """Newest first."""
    equal = {_K.campaign_id: campaign_id, _K.tier_id: tier_id, _K.status: status}
    return CONTRIBUTIONS.page(
        session,
        ctx=ctx,
        where=[column == value for column, value in equal.items() if value is not None],
        order_by=(_K.contributed_at, _K.id),
        limit=limit,
        cursor=cursor,
        descending=True,
    )


def read_contribution(
    session: Session, *, ctx: WorkspaceContext, contribution_id: uuid.UUID
) -> tuple[ContributionRead, int]:
    return CONTRIBUTIONS.read(session, ctx=ctx, object_id=contribution_id)


TIERS = TableReads(Tier.__table__, TierRead, missing=TIER_NOT_FOUND)
_T = TIERS.c


def tiers_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[TierRead], str | None]:
    where = [] if campaign_id is None else [_T.campaign_id == campaign_id]
    return TIERS.page(
        session, ctx=ctx, where=where, order_by=(_T.created_at, _T.id), limit=limit, cursor=cursor
    )


def read_tier(
    session: Session, *, ctx: WorkspaceContext, tier_id: uuid.UUID
) -> tuple[TierRead, int]:
    return TIERS.read(session, ctx=ctx, object_id=tier_id)


GOALS = TableReads(
    FundingGoal.__table__,
    FundingGoalRead,
    missing=GOAL_NOT_FOUND,
    computed={"target", "progress"},
    extra=("target_minor", "target_currency"),
)
_F = GOALS.c


def _with_progress(sums: Sums) -> Callable[[dict[str, Any]], None]:
    def finish(values: dict[str, Any]) -> None:
        campaign_id = values["campaign_id"]
        values["progress"] = progress(
            kind=GoalKind(values["kind"]),
            campaign_id=None if campaign_id is None else uuid.UUID(str(campaign_id)),
            target_minor=values["target_minor"],
            target_currency=values["target_currency"],
            sums=sums,
        )
        money(values, "target")

    return finish


def goals_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    kind: GoalKind | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[FundingGoalRead], str | None]:
    """A page of goals with their progress: the measures summed once for the page."""
    equal = {_F.campaign_id: campaign_id, _F.kind: kind}
    sums = measure_sums(session, workspace_id=ctx.workspace_id, now=clock.now())
    return GOALS.page(
        session,
        ctx=ctx,
        where=[column == value for column, value in equal.items() if value is not None],
        order_by=(_F.priority, _F.id),
        limit=limit,
        cursor=cursor,
        finish=_with_progress(sums),
    )


def read_goal(
    session: Session, *, ctx: WorkspaceContext, goal_id: uuid.UUID
) -> tuple[FundingGoalRead, int]:
    sums = measure_sums(session, workspace_id=ctx.workspace_id, now=clock.now())
    return GOALS.read(session, ctx=ctx, object_id=goal_id, finish=_with_progress(sums))
