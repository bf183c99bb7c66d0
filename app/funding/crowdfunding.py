"""Crowdfunding: a funding campaign's goal, deadline, model and stretch goals, settled to
successful or failed at the deadline — by the background job, or on read if it has not
run yet. All-or-nothing: below the goal, the campaign fails and its pledges are cancelled."""

import uuid
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.activity.reasons import register_reason
from app.core import clock
from app.core.errors import Conflict, InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.money import Money
from app.core.permissions import WorkspaceContext
from app.funding.schemas import CrowdfundingRead, CrowdfundingUpdate, StretchGoalRead
from app.models import Campaign, Contribution, CrowdfundingTerms
from app.models.enums import Access, CampaignKind
from app.models.funding import ContributionStatus, FundingModel, FundingOutcome

CAMPAIGN_NOT_FOUND = N_("Campaign not found.")
NO_TERMS = N_("This campaign has no crowdfunding terms yet.")
NOT_FUNDING = N_("Only a campaign of kind funding can crowdfund.")
SETTLED = N_("The campaign was settled as {outcome}; its terms can no longer change.")
SETTLED_REASON = register_reason(
    "crowdfunding_settled",
    N_("Deadline reached with {raised} of {goal} raised ({model})."),
)
COUNTED = (ContributionStatus.pledged, ContributionStatus.paid)
FIELDS = ("goal_minor", "currency", "deadline", "model", "outcome")


def _campaign(session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID) -> Campaign:
    campaign = session.scalar(
        select(Campaign).where(
            Campaign.id == campaign_id, Campaign.workspace_id == ctx.workspace_id
        )
    )
    if campaign is None:
        raise NotFound(CAMPAIGN_NOT_FOUND)
    return campaign


def _terms(session: Session, campaign_id: uuid.UUID) -> CrowdfundingTerms | None:
    return session.scalar(
        select(CrowdfundingTerms).where(CrowdfundingTerms.campaign_id == campaign_id)
    )


def _raised(session: Session, terms: CrowdfundingTerms) -> tuple[int, int]:
    """(amount in the goal's currency, backers) of the pledged and paid contributions."""
    amount, backers = session.execute(
        select(func.coalesce(func.sum(Contribution.amount_minor), 0), func.count()).where(
            Contribution.workspace_id == terms.workspace_id,
            Contribution.campaign_id == terms.campaign_id,
            Contribution.currency == terms.currency,
            Contribution.status.in_(COUNTED),
        )
    ).one()
    return int(amount), int(backers)


def settle(session: Session, terms: CrowdfundingTerms, *, now: datetime) -> bool:
    """Settle `terms` if its deadline has passed and it is still running (idempotent)."""
    if terms.outcome != FundingOutcome.running or now < terms.deadline:
        return False
    raised, _backers = _raised(session, terms)
    reached = (
        raised >= terms.goal_minor if terms.model == FundingModel.all_or_nothing else raised > 0
    )
    before = activity.fields(terms, FIELDS)
    terms.outcome = FundingOutcome.successful if reached else FundingOutcome.failed
    terms.raised_minor_at_settlement = raised
    terms.settled_at = now
    if not reached and terms.model == FundingModel.all_or_nothing:
        session.execute(
            update(Contribution)
            .where(
                Contribution.campaign_id == terms.campaign_id,
                Contribution.status == ContributionStatus.pledged,
            )
            .values(status=ContributionStatus.cancelled, version=Contribution.version + 1)
            .execution_options(synchronize_session=False)
        )
    name = session.scalar(select(Campaign.name).where(Campaign.id == terms.campaign_id)) or ""
    activity.record(
        session,
        ctx=activity.Origin(workspace_id=terms.workspace_id),
        verb="crowdfunding.settled",
        subject_id=terms.id,
        subject_name=name,
        campaign_id=terms.campaign_id,
        before=before,
        after=activity.fields(terms, FIELDS),
        reason_code=SETTLED_REASON,
        reason_params={
            "raised": f"{raised} {terms.currency}",
            "goal": f"{terms.goal_minor} {terms.currency}",
            "model": terms.model.value,
        },
    )
    session.flush()
    return True


def settle_due(session: Session, *, now: datetime) -> int:
    """Settle every running campaign whose deadline has passed; how many were settled."""
    due = session.scalars(
        select(CrowdfundingTerms)
        .where(
            CrowdfundingTerms.outcome == FundingOutcome.running, CrowdfundingTerms.deadline <= now
        )
        .order_by(CrowdfundingTerms.deadline)
        .limit(500)
    )
    return sum(settle(session, terms, now=now) for terms in list(due))


def terms_read(session: Session, terms: CrowdfundingTerms) -> CrowdfundingRead:
    if terms.raised_minor_at_settlement is not None:
        raised, backers = terms.raised_minor_at_settlement, _raised(session, terms)[1]
    else:
        raised, backers = _raised(session, terms)
    return CrowdfundingRead(
        campaign_id=terms.campaign_id,
        goal=Money.model_construct(amount_minor=terms.goal_minor, currency=terms.currency),
        deadline=terms.deadline,
        model=terms.model,
        outcome=terms.outcome,
        raised=Money.model_construct(amount_minor=raised, currency=terms.currency),
        backers=backers,
        percent=round(100 * raised / terms.goal_minor, 1),
        stretch_goals=[
            StretchGoalRead(
                amount_minor=g["amount_minor"],
                title=g["title"],
                reached=raised >= g["amount_minor"],
            )
            for g in terms.stretch_goals
        ],
        settled_at=terms.settled_at,
    )


def get(session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID) -> CrowdfundingRead:
    """The terms and how it stands; a campaign past its deadline is settled first."""
    _campaign(session, ctx=ctx, campaign_id=campaign_id)
    terms = _terms(session, campaign_id)
    if terms is None:
        raise NotFound(NO_TERMS)
    settle(session, terms, now=clock.now())
    return terms_read(session, terms)


def put(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, terms_in: CrowdfundingUpdate
) -> CrowdfundingRead:
    ctx.require(Access.editor)
    campaign = _campaign(session, ctx=ctx, campaign_id=campaign_id)
    if campaign.kind != CampaignKind.funding:
        raise InvalidInput(
            NOT_FUNDING, errors=[field_error(("path", "campaign_id"), NOT_FUNDING, "not_funding")]
        )
    terms = _terms(session, campaign_id)
    if terms is not None and terms.outcome != FundingOutcome.running:
        raise Conflict(SETTLED, params={"outcome": terms.outcome.value})
    values = {
        "goal_minor": terms_in.goal.amount_minor,
        "currency": terms_in.goal.currency,
        "deadline": terms_in.deadline,
        "model": terms_in.model,
        "stretch_goals": [
            g.model_dump() for g in sorted(terms_in.stretch_goals, key=lambda g: g.amount_minor)
        ],
    }
    before = activity.fields(terms, FIELDS) if terms is not None else None
    if terms is None:
        terms = CrowdfundingTerms(workspace_id=ctx.workspace_id, campaign_id=campaign_id, **values)
        session.add(terms)
    else:
        for key, value in values.items():
            setattr(terms, key, value)
        terms.updated_at = clock.now()
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="crowdfunding.updated" if before is not None else "crowdfunding.created",
        subject_id=terms.id,
        subject_name=campaign.name,
        campaign_id=campaign_id,
        before=before,
        after=activity.fields(terms, FIELDS),
    )
    return terms_read(session, terms)
