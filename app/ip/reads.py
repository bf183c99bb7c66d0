"""Read IP assets and licence grants: one Core select of each reply's columns."""

import uuid

from sqlalchemy.orm import Session

from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.reply_columns import TableReads
from app.ip.grants_schemas import LicenceGrantRead
from app.ip.schemas import IPAssetRead
from app.models import IPAsset, LicenceGrant
from app.models.contract import IPAssetKind

ASSET_NOT_FOUND = N_("IP asset not found.")
GRANT_NOT_FOUND = N_("Licence grant not found.")

ASSETS = TableReads(IPAsset.__table__, IPAssetRead, missing=ASSET_NOT_FOUND)
GRANTS = TableReads(LicenceGrant.__table__, LicenceGrantRead, missing=GRANT_NOT_FOUND)
_A, _G = ASSETS.c, GRANTS.c


def assets_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    kind: IPAssetKind | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[IPAssetRead], str | None]:
    where = [] if kind is None else [_A.kind == kind]
    return ASSETS.page(
        session, ctx=ctx, where=where, order_by=(_A.title, _A.id), limit=limit, cursor=cursor
    )


def read_asset(
    session: Session, *, ctx: WorkspaceContext, asset_id: uuid.UUID
) -> tuple[IPAssetRead, int]:
    return ASSETS.read(session, ctx=ctx, object_id=asset_id)


def grants_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    ip_asset_id: uuid.UUID | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[LicenceGrantRead], str | None]:
    where = [] if ip_asset_id is None else [_G.ip_asset_id == ip_asset_id]
    return GRANTS.page(
        session, ctx=ctx, where=where, order_by=(_G.created_at, _G.id), limit=limit, cursor=cursor
    )


def read_grant(
    session: Session, *, ctx: WorkspaceContext, grant_id: uuid.UUID
) -> tuple[LicenceGrantRead, int]:
    return GRANTS.read(session, ctx=ctx, object_id=grant_id)
