"""The demo has money and paper to look at: a sponsor deal, a crowdfunding campaign with
backers, and a contract nearing its notice deadline — in both languages."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import SettableClock, today_in
from app.models import Contract, Contribution, CrowdfundingTerms, Deal, Workspace
from app.seed.demo import seed_demo_workspaces
from app.seed.demo_data import TIMEZONE


def test_the_demo_has_a_deal_a_crowdfunding_with_backers_and_a_contract_due_soon(
    session: Session, clock: SettableClock
) -> None:
    seed_demo_workspaces(session)
    today = today_in(TIMEZONE)

    for slug in ("demo", "demo-zh"):
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.slug == slug)).one()
        deal = session.scalars(select(Deal).where(Deal.workspace_id == workspace_id)).one()
        terms = session.scalars(
            select(CrowdfundingTerms).where(CrowdfundingTerms.workspace_id == workspace_id)
        ).one()
        backers = session.scalars(
            select(Contribution).where(Contribution.campaign_id == terms.campaign_id)
        ).all()
        contract = session.scalars(
            select(Contract).where(Contract.workspace_id == workspace_id)
        ).one()

        assert deal.value_minor == 8_000_000
        assert len(backers) == 6
        assert {b.source for b in backers} == {"afdian"}
        assert contract.notice_deadline == today + timedelta(days=10)
        assert contract.status == "active"
