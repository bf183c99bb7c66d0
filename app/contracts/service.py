"""Contracts: the register (editors keep it), the life cycle, and decisions on renewal."""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.contracts import signoff
from app.contracts.lifecycle import CONTRACT_NEXT_STATUSES
from app.contracts.reads import NOT_FOUND
from app.contracts.schemas import ContractCreate, ContractDecision, ContractUpdate
from app.contracts.terms import check_terms, notice_deadline
from app.core import clock
from app.core.crud import apply_changes, get_in_workspace
from app.core.errors import InvalidTransition, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.documents import service as documents
from app.files.blobs import BlobStore
from app.models import Campaign, Contract, Deal, Member, Partner
from app.models.contract import ContractStatus as S
from app.models.enums import Access
from app.models.paper import DocumentOwner

LINK_NOT_FOUND = N_("Not found in this workspace.")
BAD_TRANSITION = N_("A contract that is {current} cannot become {target}.")
LINKS: dict[str, type[Partner | Member | Campaign | Deal | Contract]] = {
    "partner_id": Partner,
    "signatory_member_id": Member,
    "owner_member_id": Member,
    "campaign_id": Campaign,
    "deal_id": Deal,
    "parent_contract_id": Contract,
}
TERMS = (
    "effective_on",
    "end_on",
    "renewal",
    "renewal_term_months",
    "notice_period",
    "notice_period_unit",
)
FIELDS = ("title", "type", "status", "owner_member_id", "end_on", "notice_deadline", "decision")


def _check_links(session: Session, *, ctx: WorkspaceContext, values: dict[str, Any]) -> None:
    for field, model in LINKS.items():
        value = values.get(field)
        if value is None:
            continue
        found = session.scalar(
            select(model.id).where(model.id == value, model.workspace_id == ctx.workspace_id)
        )
        if found is None:
            raise NotFound(
                LINK_NOT_FOUND, errors=[field_error(("body", field), LINK_NOT_FOUND, "not_found")]
            )


def _money(values: dict[str, Any]) -> dict[str, Any]:
    columns = dict(values)
    if "value" in columns:
        money = columns.pop("value")
        columns["value_minor"] = None if money is None else money["amount_minor"]
        columns["value_currency"] = None if money is None else money["currency"]
    return columns


def _refresh_deadline(contract: Contract) -> None:
    deadline = notice_deadline(contract.end_on, contract.notice_period, contract.notice_period_unit)
    if deadline != contract.notice_deadline:
        contract.notice_deadline = deadline
        contract.reminded_for = None
        contract.escalated_at = None


def get(session: Session, *, ctx: WorkspaceContext, contract_id: uuid.UUID) -> Contract:
    return get_in_workspace(session, Contract, contract_id, ctx=ctx, missing=NOT_FOUND)


def create(session: Session, *, ctx: WorkspaceContext, contract_in: ContractCreate) -> Contract:
    ctx.require(Access.editor)
    values = contract_in.model_dump(mode="python")
    values["value"] = contract_in.value.model_dump() if contract_in.value else None
    check_terms(values)
    _check_links(session, ctx=ctx, values=values)
    contract = Contract(workspace_id=ctx.workspace_id, **_money(values))
    _refresh_deadline(contract)
    session.add(contract)
    session.flush()
    signoff.ensure(session, ctx=ctx, contract=contract, moved=True)
    activity.record(
        session,
        ctx=ctx,
        verb="contract.created",
        subject_id=contract.id,
        subject_name=contract.title,
        campaign_id=contract.campaign_id,
        member_id=contract.owner_member_id,
        after=activity.fields(contract, FIELDS),
    )
    return contract


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    contract_id: uuid.UUID,
    contract_in: ContractUpdate,
    if_match: frozenset[int] | None,
) -> Contract:
    ctx.require(Access.editor)
    contract = get(session, ctx=ctx, contract_id=contract_id)
    ensure_version(contract.version, if_match)
    changes = contract_in.model_dump(exclude_unset=True)
    if "value" in changes:
        changes["value"] = contract_in.value.model_dump() if contract_in.value else None
    current = {name: getattr(contract, name) for name in TERMS}
    check_terms({**current, **{k: v for k, v in changes.items() if k in TERMS}})
    _check_links(session, ctx=ctx, values=changes)
    target = changes.get("status", contract.status)
    if target != contract.status:
        if target not in CONTRACT_NEXT_STATUSES[contract.status]:
            raise InvalidTransition(
                BAD_TRANSITION, params={"current": contract.status.value, "target": S(target).value}
            )
        if target == S.signed and changes.get("signed_on") is None and contract.signed_on is None:
            changes["signed_on"] = clock.today_in(ctx.timezone)
    before = activity.fields(contract, FIELDS)
    moved = "campaign_id" in changes and changes["campaign_id"] != contract.campaign_id
    if moved:
        signoff.remove(session, ctx=ctx, contract=contract)
    apply_changes(contract, _money(changes))
    _refresh_deadline(contract)
    signoff.ensure(session, ctx=ctx, contract=contract, moved=moved)
    activity.record(
        session,
        ctx=ctx,
        verb="contract.signed"
        if target == S.signed and before["status"] != S.signed
        else "contract.updated",
        subject_id=contract.id,
        subject_name=contract.title,
        campaign_id=contract.campaign_id,
        member_id=contract.owner_member_id,
        before=before,
        after=activity.fields(contract, FIELDS),
    )
    session.flush()
    return contract


def decide(
    session: Session,
    *,
    ctx: WorkspaceContext,
    contract_id: uuid.UUID,
    decision_in: ContractDecision,
) -> Contract:
    """Record the decision before the notice deadline: renew, renegotiate or terminate."""
    ctx.require(Access.editor)
    contract = get(session, ctx=ctx, contract_id=contract_id)
    before = activity.fields(contract, FIELDS)
    contract.decision = decision_in.decision
    contract.decision_note = decision_in.note
    contract.decided_at = clock.now()
    contract.updated_at = clock.now()
    activity.record(
        session,
        ctx=ctx,
        verb="contract.decided",
        subject_id=contract.id,
        subject_name=contract.title,
        campaign_id=contract.campaign_id,
        member_id=contract.owner_member_id,
        before=before,
        after=activity.fields(contract, FIELDS),
        reason=decision_in.note or None,
    )
    session.flush()
    return contract


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    contract_id: uuid.UUID,
    if_match: frozenset[int] | None,
    blobs: BlobStore,
) -> None:
    ctx.require(Access.editor)
    contract = get(session, ctx=ctx, contract_id=contract_id)
    ensure_version(contract.version, if_match)
    documents.delete_owner(
        session, ctx=ctx, blobs=blobs, owner=(DocumentOwner.contract, contract.id)
    )
    activity.record(
        session,
        ctx=ctx,
        verb="contract.deleted",
        subject_id=contract.id,
        subject_name=contract.title,
        campaign_id=contract.campaign_id,
        member_id=contract.owner_member_id,
        before=activity.fields(contract, FIELDS),
    )
    signoff.remove(session, ctx=ctx, contract=contract)
    session.delete(contract)
    session.flush()
