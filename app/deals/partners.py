"""Partners: sponsors, brands, platforms, venues and grant makers (editors manage them)."""

import uuid

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.crud import apply_changes, ensure_unique_in_workspace, get_in_workspace
from app.core.errors import InUse
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.deals.schemas import PartnerCreate, PartnerUpdate
from app.models import Deal, Partner
from app.models.deal import PartnerKind
from app.models.enums import Access

NOT_FOUND = N_("Partner not found.")
NAME_TAKEN = N_("A partner named {value} already exists.")
HAS_DEALS = N_("The partner has deals; delete or move them first.")
FIELDS = ("name", "kind", "website", "notes", "contacts")


def list_partners(
    session: Session,
    *,
    ctx: WorkspaceContext,
    kind: PartnerKind | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Partner], str | None]:
    stmt = select(Partner).where(Partner.workspace_id == ctx.workspace_id)
    if kind is not None:
        stmt = stmt.where(Partner.kind == kind)
    if q:
        pattern = f"%{q.lower()}%"
        stmt = stmt.where(or_(Partner.name.ilike(pattern), Partner.notes.ilike(pattern)))
    return paginate(session, stmt, order_by=(Partner.name, Partner.id), limit=limit, cursor=cursor)


def get(session: Session, *, ctx: WorkspaceContext, partner_id: uuid.UUID) -> Partner:
    return get_in_workspace(session, Partner, partner_id, ctx=ctx, missing=NOT_FOUND)


def create(session: Session, *, ctx: WorkspaceContext, partner_in: PartnerCreate) -> Partner:
    ctx.require(Access.editor)
    ensure_unique_in_workspace(session, Partner.name, partner_in.name, ctx=ctx, message=NAME_TAKEN)
    partner = Partner(workspace_id=ctx.workspace_id, **partner_in.model_dump(mode="json"))
    session.add(partner)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="partner.created",
        subject_id=partner.id,
        subject_name=partner.name,
        after=activity.fields(partner, FIELDS),
    )
    return partner


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    partner_id: uuid.UUID,
    partner_in: PartnerUpdate,
    if_match: frozenset[int] | None,
) -> Partner:
    ctx.require(Access.editor)
    partner = get(session, ctx=ctx, partner_id=partner_id)
    ensure_version(partner.version, if_match)
    changes = partner_in.model_dump(mode="json", exclude_unset=True)
    if changes.get("name", partner.name) != partner.name:
        ensure_unique_in_workspace(
            session, Partner.name, changes["name"], ctx=ctx, message=NAME_TAKEN
        )
    before = activity.fields(partner, FIELDS)
    apply_changes(partner, changes)
    activity.record(
        session,
        ctx=ctx,
        verb="partner.updated",
        subject_id=partner.id,
        subject_name=partner.name,
        before=before,
        after=activity.fields(partner, FIELDS),
    )
    session.flush()
    return partner


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    partner_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    """Delete a partner that has no deals (409 otherwise: deals keep their partner)."""
    ctx.require(Access.editor)
    partner = get(session, ctx=ctx, partner_id=partner_id)
    ensure_version(partner.version, if_match)
    if session.scalar(select(exists().where(Deal.partner_id == partner.id))):
        raise InUse(HAS_DEALS)
    activity.record(
        session,
        ctx=ctx,
        verb="partner.deleted",
        subject_id=partner.id,
        subject_name=partner.name,
        before=activity.fields(partner, FIELDS),
    )
    session.delete(partner)
    session.flush()
