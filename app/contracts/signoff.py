"""A contract's sign-off: a scope of its campaign whose accountable is, by default, the
member holding the Legal role (法律事务) on that campaign, else in the workspace.

The scope is created when a contract is created in or moved to a campaign ("Contract
sign-off: <title>" in the workspace's language, needing the Legal role) and kept in
`signoff_scope_id`; moving or deleting the contract deletes it (through the scope service),
and one a person deleted is not made again. The
default accountable is assigned through the assignment service (its rules, history and
activity) only while the scope has never had an accountable: once a person chose one,
or ended one, the default stays out of the way. Nobody holding the Legal role leaves the
scope without one, which `health.py` reports. Likewise the contract's owner is its default
responsible (Legal approves, the owner gets it signed), in the role they hold.
"""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, case, exists, or_, select
from sqlalchemy.orm import Session

from app.activity.reasons import register_reason
from app.assignments import service as assignments
from app.assignments.schemas import AssignmentCreate
from app.core import clock
from app.core.i18n import N_, fill
from app.core.permissions import WorkspaceContext
from app.models import Assignment, Contract, Member, Role, Scope
from app.models.enums import AssignmentStatus, MemberStatus, Raci
from app.scopes import service as scopes
from app.scopes.schemas import ScopeCreate

LEGAL_ROLE = "legal_affairs"
SCOPE_NAME = N_("Contract sign-off: {title}")
SCOPE_DESCRIPTION = N_("Who signs off the contract “{title}” (the Legal role by default).")
DEFAULTED = register_reason(
    "contract_signoff_default",
    N_("The Legal role is accountable for signing “{contract}” unless someone else is chosen."),
)
OWNER_DEFAULTED = register_reason(
    "contract_signoff_owner",
    N_("The owner of “{contract}” is responsible for getting it signed unless someone else is."),
)
NAME_LENGTH = 200


def legal_role_id(session: Session, *, workspace_id: uuid.UUID) -> uuid.UUID | None:
    return session.scalar(
        select(Role.id).where(Role.workspace_id == workspace_id, Role.key == LEGAL_ROLE)
    )


def legal_holder(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, role_id: uuid.UUID
) -> uuid.UUID | None:
    """An active member holding the Legal role today: on the campaign first, else standing."""
    return _holding_today(
        session,
        ctx=ctx,
        campaign_id=campaign_id,
        column=Assignment.member_id,
        where=Assignment.role_id == role_id,
        preferred=Raci.accountable,
    )


def _holding_today(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    column: Any,
    where: ColumnElement[bool],
    preferred: Raci,
) -> uuid.UUID | None:
    """`column` of the first active assignment of an active member matching `where` today:
    on the campaign before standing ones, the `preferred` letter first, then the oldest."""
    today = clock.today_in(ctx.timezone)
    found: uuid.UUID | None = session.scalar(
        select(column)
        .join(Member, Member.id == Assignment.member_id)
        .where(
            Assignment.workspace_id == ctx.workspace_id,
            where,
            Assignment.status == AssignmentStatus.active,
            Member.status == MemberStatus.active,
            or_(Assignment.campaign_id == campaign_id, Assignment.campaign_id.is_(None)),
            Assignment.starts_on <= today,
            or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today),
        )
        .order_by(
            case((Assignment.campaign_id.is_(None), 1), else_=0),
            case((Assignment.raci == preferred, 0), else_=1),
            Assignment.created_at,
            Assignment.id,
        )
        .limit(1)
    )
    return found


def ensure(session: Session, *, ctx: WorkspaceContext, contract: Contract, moved: bool) -> None:
    """Give a campaign's contract its sign-off scope and, if it never had one, an accountable.

    The scope is made only when the contract is created or changes campaign (`moved`;
    the caller removed the old one first): a scope a person deleted stays deleted."""
    if moved:
        contract.signoff_scope_id = None
        if contract.campaign_id is not None:
            role = legal_role_id(session, workspace_id=ctx.workspace_id)
            contract.signoff_scope_id = _create_scope(
                session, ctx=ctx, contract=contract, role_id=role
            )
    scope_id = contract.signoff_scope_id
    if scope_id is None or contract.campaign_id is None:
        return
    _default_accountable(session, ctx=ctx, contract=contract, scope_id=scope_id)
    _default_responsible(session, ctx=ctx, contract=contract, scope_id=scope_id)


def _default_accountable(
    session: Session, *, ctx: WorkspaceContext, contract: Contract, scope_id: uuid.UUID
) -> None:
    """The Legal role's holder, while the scope never had an accountable."""
    assert contract.campaign_id is not None
    role_id = legal_role_id(session, workspace_id=ctx.workspace_id)
    if role_id is None or _ever_held(session, scope_id, Raci.accountable):
        return
    holder = legal_holder(session, ctx=ctx, campaign_id=contract.campaign_id, role_id=role_id)
    if holder is not None:
        _assign(
            session,
            ctx=ctx,
            contract=contract,
            scope_id=scope_id,
            member_id=holder,
            role_id=role_id,
            raci=Raci.accountable,
            reason=DEFAULTED,
        )


def _default_responsible(
    session: Session, *, ctx: WorkspaceContext, contract: Contract, scope_id: uuid.UUID
) -> None:
    """The contract's owner, in the role they hold on the campaign (else a standing one),
    while the scope never had a responsible: Legal approves, the owner gets it signed."""
    assert contract.campaign_id is not None
    owner = contract.owner_member_id
    if owner is None or _ever_held(session, scope_id, Raci.responsible):
        return
    role_id = _owner_role(session, ctx=ctx, campaign_id=contract.campaign_id, member_id=owner)
    if role_id is not None:
        _assign(
            session,
            ctx=ctx,
            contract=contract,
            scope_id=scope_id,
            member_id=owner,
            role_id=role_id,
            raci=Raci.responsible,
            reason=OWNER_DEFAULTED,
        )


def _assign(
    session: Session,
    *,
    ctx: WorkspaceContext,
    contract: Contract,
    scope_id: uuid.UUID,
    member_id: uuid.UUID,
    role_id: uuid.UUID,
    raci: Raci,
    reason: str,
) -> None:
    assert contract.campaign_id is not None
    assignments.create(
        session,
        ctx=ctx,
        assignment_in=AssignmentCreate(
            member_id=member_id,
            role_id=role_id,
            campaign_id=contract.campaign_id,
            scope_id=scope_id,
            raci=raci,
            allocation_percent=0,
        ),
        reason_code=reason,
        reason_params={"contract": contract.title},
    )


def _owner_role(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, member_id: uuid.UUID
) -> uuid.UUID | None:
    """The role an active owner holds today: on the campaign first, else standing."""
    return _holding_today(
        session,
        ctx=ctx,
        campaign_id=campaign_id,
        column=Assignment.role_id,
        where=Assignment.member_id == member_id,
        preferred=Raci.responsible,
    )


def remove(session: Session, *, ctx: WorkspaceContext, contract: Contract) -> None:
    """Delete the contract's sign-off scope with its assignments (history and activity kept)."""
    scope = session.execute(
        select(Scope.id, Scope.campaign_id).where(Scope.id == contract.signoff_scope_id)
    ).first()
    contract.signoff_scope_id = None
    if scope is None:
        return
    scopes.delete(
        session,
        ctx=ctx,
        campaign_id=scope.campaign_id,
        scope_id=scope.id,
        if_match=None,
        with_active=True,
    )


def _create_scope(
    session: Session, *, ctx: WorkspaceContext, contract: Contract, role_id: uuid.UUID | None
) -> uuid.UUID:
    assert contract.campaign_id is not None
    locale = ctx.locale.value
    base = fill(SCOPE_NAME, {"title": contract.title}, locale)[:NAME_LENGTH].rstrip()
    taken = set(
        session.scalars(
            select(Scope.name).where(
                Scope.campaign_id == contract.campaign_id,
                Scope.name.startswith(base[:150], autoescape=True),
            )
        )
    )
    name = base
    number = 2
    while name in taken:
        suffix = f" ({number})"
        name = base[: NAME_LENGTH - len(suffix)].rstrip() + suffix
        number += 1
    scope, _ = scopes.create(
        session,
        ctx=ctx,
        campaign_id=contract.campaign_id,
        scope_in=ScopeCreate(
            name=name,
            description=fill(SCOPE_DESCRIPTION, {"title": contract.title}, locale),
            role_ids=[role_id] if role_id is not None else [],
        ),
    )
    return scope.id


def _ever_held(session: Session, scope_id: uuid.UUID, raci: Raci) -> bool:
    chosen = exists().where(Assignment.scope_id == scope_id, Assignment.raci == raci)
    return bool(session.scalar(select(chosen)))
