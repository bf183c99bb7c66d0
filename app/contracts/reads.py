"""Read contracts: one Core select of the columns `ContractRead` needs (plus what its
computed parts come from: the value's two columns and the last reminder sent), the owner's
name by join."""

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.contracts.schemas import ContractRead
from app.contracts.terms import reminder_timeline
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.reply_columns import TableReads, money
from app.models import Contract, Member
from app.models.contract import ContractStatus

NOT_FOUND = N_("Contract not found.")


def _finish(values: dict[str, Any]) -> None:
    money(values, "value")
    sent_until = values.pop("reminded_for")
    deadline = values["notice_deadline"]
    values["reminders"] = (
        []
        if deadline is None
        else [
            {
                "on": r.on,
                "kind": r.kind,
                "days_before": r.days_before,
                "sent": sent_until is not None and r.on <= sent_until,
            }
            for r in reminder_timeline(deadline, values["lead_days"])
        ]
    )


_OWNERS = Member.__table__.alias("contract_owners")

CONTRACTS = TableReads(
    Contract.__table__,
    ContractRead,
    missing=NOT_FOUND,
    computed={"value", "reminders"},
    extra=("value_minor", "value_currency", "reminded_for"),
    finish=_finish,
    names={"owner_name": (_OWNERS.c.display_name, _OWNERS.c.id == Contract.owner_member_id)},
)
_C = CONTRACTS.c


def list_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    status: ContractStatus | None = None,
    campaign_id: uuid.UUID | None = None,
    partner_id: uuid.UUID | None = None,
    deal_id: uuid.UUID | None = None,
    limit: int,
    cursor: str | None,
) -> tuple[list[ContractRead], str | None]:
    equal = {
        _C.status: status,
        _C.campaign_id: campaign_id,
        _C.partner_id: partner_id,
        _C.deal_id: deal_id,
    }
    return CONTRACTS.page(
        session,
        ctx=ctx,
        where=[column == value for column, value in equal.items() if value is not None],
        order_by=(_C.created_at, _C.id),
        limit=limit,
        cursor=cursor,
    )


def read(
    session: Session, *, ctx: WorkspaceContext, contract_id: uuid.UUID
) -> tuple[ContractRead, int]:
    """The contract as the API shows it, and its version (the ETag); 404 if not here."""
    return CONTRACTS.read(session, ctx=ctx, object_id=contract_id)
