"""Licence grants of IP assets: licensee, territory, media, term, exclusivity, royalty;
their chain-of-title documents live in `app.documents`. Editors keep them."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.crud import apply_changes, ensure_links_in_workspace, get_in_workspace
from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.documents import service as documents
from app.files.blobs import BlobStore
from app.ip.grants_schemas import LicenceGrantCreate, LicenceGrantUpdate
from app.ip.reads import GRANT_NOT_FOUND as NOT_FOUND
from app.models import Contract, IPAsset, LicenceGrant, Partner
from app.models.enums import Access
from app.models.paper import DocumentOwner

LINK_NOT_FOUND = N_("Not found in this workspace.")
TERM = N_("A licence cannot end before it starts.")
LINKS: dict[str, type[Any]] = {
    "ip_asset_id": IPAsset,
    "partner_id": Partner,
    "contract_id": Contract,
}
FIELDS = ("licensee", "territory", "media", "starts_on", "ends_on", "exclusive")


def _check_term(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput(
            TERM, errors=[field_error(("body", "ends_on"), TERM, "ends_before_start")]
        )


def get(session: Session, *, ctx: WorkspaceContext, grant_id: uuid.UUID) -> LicenceGrant:
    return get_in_workspace(session, LicenceGrant, grant_id, ctx=ctx, missing=NOT_FOUND)


def create(
    session: Session, *, ctx: WorkspaceContext, grant_in: LicenceGrantCreate
) -> LicenceGrant:
    ctx.require(Access.editor)
    values = grant_in.model_dump()
    ensure_links_in_workspace(session, values, LINKS, ctx=ctx, missing=LINK_NOT_FOUND)
    _check_term(grant_in.starts_on, grant_in.ends_on)
    grant = LicenceGrant(workspace_id=ctx.workspace_id, **values)
    session.add(grant)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="licence_grant.created",
        subject_id=grant.id,
        subject_name=grant.licensee,
        after=activity.fields(grant, FIELDS),
    )
    return grant


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    grant_id: uuid.UUID,
    grant_in: LicenceGrantUpdate,
    if_match: frozenset[int] | None,
) -> LicenceGrant:
    ctx.require(Access.editor)
    grant = get(session, ctx=ctx, grant_id=grant_id)
    ensure_version(grant.version, if_match)
    changes = grant_in.model_dump(exclude_unset=True)
    ensure_links_in_workspace(session, changes, LINKS, ctx=ctx, missing=LINK_NOT_FOUND)
    _check_term(changes.get("starts_on", grant.starts_on), changes.get("ends_on", grant.ends_on))
    before = activity.fields(grant, FIELDS)
    apply_changes(grant, changes)
    activity.record(
        session,
        ctx=ctx,
        verb="licence_grant.updated",
        subject_id=grant.id,
        subject_name=grant.licensee,
        before=before,
        after=activity.fields(grant, FIELDS),
    )
    session.flush()
    return grant


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    grant_id: uuid.UUID,
    if_match: frozenset[int] | None,
    blobs: BlobStore,
) -> None:
    ctx.require(Access.editor)
    grant = get(session, ctx=ctx, grant_id=grant_id)
    ensure_version(grant.version, if_match)
    documents.delete_owner(
        session, ctx=ctx, blobs=blobs, owner=(DocumentOwner.licence_grant, grant.id)
    )
    activity.record(
        session,
        ctx=ctx,
        verb="licence_grant.deleted",
        subject_id=grant.id,
        subject_name=grant.licensee,
        before=activity.fields(grant, FIELDS),
    )
    session.delete(grant)
    session.flush()
