"""Read contracts: one Core select of the columns `ContractRead` needs (plus what its
computed parts come from: the value's two columns and the last reminder sent)."""

import uuid
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.contracts.schemas import ContractRead
from app.contracts.terms import reminder_timeline
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import AnyRow, Reader, as_dicts, enum_text, id_text
from app.models import Contract
from app.models.contract import ContractStatus

NOT_FOUND = N_("Contract not found.")

_CONTRACTS = cast(Table, Contract.__table__)
_C = _CONTRACTS.c
_IDS = {
    "id",
    "partner_id",
    "signatory_member_id",
    "owner_member_id",
    "campaign_id",
    "deal_id",
    "parent_contract_id",
    "signoff_scope_id",
}
_ENUMS = {"type", "status", "renewal", "notice_period_unit", "decision"}
_COMPUTED = {"value", "reminders"}


def _column(name: str) -> Any:
    if name in _IDS:
        return id_text(_C[name])
    if name in _ENUMS:
        return enum_text(_C[name])
    return _C[name]


_READ = select(
    *(_column(name) for name in ContractRead.model_fields if name not in _COMPUTED),
    _C.value_minor,
    _C.value_currency,
    _C.reminded_for,
    _C.version,
)
_REPLIES = Reader(ContractRead)


def _replies(rows: Sequence[AnyRow]) -> list[ContractRead]:
    values = as_dicts(rows)
    for value in values:
        minor, currency = value.pop("value_minor"), value.pop("value_currency")
        value["value"] = (
            None
            if minor is None or currency is None
            else {"amount_minor": minor, "currency": currency}
        )
        sent_until = value.pop("reminded_for")
        deadline = value["notice_deadline"]
        value["reminders"] = (
            []
            if deadline is None
            else [
                {
                    "on": r.on,
                    "kind": r.kind,
                    "days_before": r.days_before,
                    "sent": sent_until is not None and r.on <= sent_until,
                }
                for r in reminder_timeline(deadline, value["lead_days"])
            ]
        )
        del value["version"]
    return _REPLIES.many(values)


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
    stmt = _READ.where(_C.workspace_id == ctx.workspace_id)
    equal = {
        _C.status: status,
        _C.campaign_id: campaign_id,
        _C.partner_id: partner_id,
        _C.deal_id: deal_id,
    }
    stmt = stmt.where(*(column == value for column, value in equal.items() if value is not None))
    rows, next_cursor = paginate(
        session, stmt, order_by=(_C.created_at, _C.id), limit=limit, cursor=cursor
    )
    return _replies(rows), next_cursor


def read(
    session: Session, *, ctx: WorkspaceContext, contract_id: uuid.UUID
) -> tuple[ContractRead, int]:
    """The contract as the API shows it, and its version (the ETag); 404 if not here."""
    row = (
        session.connection()
        .execute(_READ.where(_C.id == contract_id, _C.workspace_id == ctx.workspace_id))
        .first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return _replies([row])[0], row.version
