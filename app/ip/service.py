"""The IP register: works, trademarks, domains, designs, patents and datasets, with their
owners' shares (which must sum to 100 %). Editors keep it."""

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.crud import apply_changes, get_in_workspace
from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.documents import service as documents
from app.files.blobs import BlobStore
from app.ip.reads import ASSET_NOT_FOUND as NOT_FOUND
from app.ip.schemas import IPAssetCreate, IPAssetUpdate, Owner
from app.models import IPAsset, LicenceGrant
from app.models.enums import Access
from app.models.paper import DocumentOwner

SHARES = N_("The owners' shares add up to {total} %; they must add up to 100 %.")
FIELDS = ("title", "kind", "owners", "registration_number", "renewal_due_on")


def _owners(owners: list[Owner]) -> list[dict[str, Any]]:
    total = sum((owner.share_percent for owner in owners), Decimal(0))
    if total != 100:
        raise InvalidInput(
            SHARES,
            params={"total": format(total.normalize(), "f")},
            errors=[
                field_error(
                    ("body", "owners"),
                    SHARES,
                    "shares_not_100",
                    total=format(total.normalize(), "f"),
                )
            ],
        )
    return [{"name": o.name, "share_percent": str(o.share_percent)} for o in owners]


def get(session: Session, *, ctx: WorkspaceContext, asset_id: uuid.UUID) -> IPAsset:
    return get_in_workspace(session, IPAsset, asset_id, ctx=ctx, missing=NOT_FOUND)


def create(session: Session, *, ctx: WorkspaceContext, asset_in: IPAssetCreate) -> IPAsset:
    ctx.require(Access.editor)
    values = asset_in.model_dump(exclude={"owners"})
    asset = IPAsset(workspace_id=ctx.workspace_id, owners=_owners(asset_in.owners), **values)
    session.add(asset)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="ip_asset.created",
        subject_id=asset.id,
        subject_name=asset.title,
        after=activity.fields(asset, FIELDS),
    )
    return asset


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    asset_id: uuid.UUID,
    asset_in: IPAssetUpdate,
    if_match: frozenset[int] | None,
) -> IPAsset:
    ctx.require(Access.editor)
    asset = get(session, ctx=ctx, asset_id=asset_id)
    ensure_version(asset.version, if_match)
    changes = asset_in.model_dump(exclude_unset=True, exclude={"owners"})
    if "owners" in asset_in.model_fields_set and asset_in.owners is not None:
        changes["owners"] = _owners(asset_in.owners)
    before = activity.fields(asset, FIELDS)
    apply_changes(asset, changes)
    activity.record(
        session,
        ctx=ctx,
        verb="ip_asset.updated",
        subject_id=asset.id,
        subject_name=asset.title,
        before=before,
        after=activity.fields(asset, FIELDS),
    )
    session.flush()
    return asset


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    asset_id: uuid.UUID,
    if_match: frozenset[int] | None,
    blobs: BlobStore,
) -> None:
    ctx.require(Access.editor)
    asset = get(session, ctx=ctx, asset_id=asset_id)
    ensure_version(asset.version, if_match)
    # Its licence grants go with it (cascade): their chain-of-title documents first.
    for grant_id in session.scalars(
        select(LicenceGrant.id).where(
            LicenceGrant.workspace_id == ctx.workspace_id, LicenceGrant.ip_asset_id == asset.id
        )
    ):
        documents.delete_owner(
            session, ctx=ctx, blobs=blobs, owner=(DocumentOwner.licence_grant, grant_id)
        )
    activity.record(
        session,
        ctx=ctx,
        verb="ip_asset.deleted",
        subject_id=asset.id,
        subject_name=asset.title,
        before=activity.fields(asset, FIELDS),
    )
    session.delete(asset)
    session.flush()
