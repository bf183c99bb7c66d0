"""The demo also has investors, an obligation in its owner's week and licensed IP."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import SettableClock, today_in
from app.models import Contract, Investor, LicenceGrant, Obligation, Workspace
from app.seed.demo import seed_demo_workspaces
from app.seed.demo_data import TIMEZONE


def test_the_demo_has_investors_an_obligation_due_this_week_and_a_licence(
    session: Session, clock: SettableClock
) -> None:
    seed_demo_workspaces(session)
    today = today_in(TIMEZONE)

    for slug in ("demo", "demo-zh"):
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.slug == slug)).one()
        investors = session.scalars(
            select(Investor).where(Investor.workspace_id == workspace_id)
        ).all()
        obligation = session.scalars(
            select(Obligation).where(Obligation.workspace_id == workspace_id)
        ).one()
        contract = session.get_one(Contract, obligation.contract_id)
        grants = session.scalars(
            select(LicenceGrant).where(LicenceGrant.workspace_id == workspace_id)
        ).all()

        assert len(investors) == 2
        assert {i.ticket_currency for i in investors} == {"CNY"}
        assert obligation.due_on == today + timedelta(days=3)
        assert obligation.owner_member_id == contract.owner_member_id is not None
        assert len(grants) == 1
