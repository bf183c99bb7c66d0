"""Read funding: investors (and their kin) through one Core select of the reply's columns
each, money folded from its two columns, replies made a page at a time."""

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.reply_columns import TableReads, money
from app.funding.investor_schemas import InvestorRead
from app.models import Investor
from app.models.paper import InvestorStage

INVESTOR_NOT_FOUND = N_("Investor not found.")


def _investor(values: dict[str, Any]) -> None:
    money(values, "ticket")
    values["email"] = values["email"] or None


INVESTORS = TableReads(
    Investor.__table__,
    InvestorRead,
    missing=INVESTOR_NOT_FOUND,
    computed={"ticket"},
    extra=("ticket_minor", "ticket_currency"),
    finish=_investor,
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
