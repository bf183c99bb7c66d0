"""Contributions: money given or pledged, entered by hand or imported from a processor's
export. `(source, external_id)` is unique, so re-importing an export never counts twice."""

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core import clock
from app.core.crud import apply_changes, get_in_workspace
from app.core.errors import AlreadyExists, Conflict, InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.funding import tiers
from app.funding.reads import CONTRIBUTION_NOT_FOUND as NOT_FOUND
from app.funding.schemas import (
    ContributionCreate,
    ContributionImport,
    ContributionImportResult,
    ContributionUpdate,
    ImportedContribution,
)
from app.models import Contribution, Tier
from app.models.enums import Access
from app.models.funding import ContributionStatus

DUPLICATE = N_("{source} already has a contribution with the external id {external_id}.")
WRONG_CURRENCY = N_("The tier takes {currency}.")
BELOW_MINIMUM = N_("The tier's minimum is {minimum} (minor units).")
SOLD_OUT = N_("The tier “{tier}” is sold out.")
FIELDS = ("contributor_name", "amount_minor", "currency", "status", "source", "external_id")
COUNTED = (ContributionStatus.pledged, ContributionStatus.paid)


def get(session: Session, *, ctx: WorkspaceContext, contribution_id: uuid.UUID) -> Contribution:
    return get_in_workspace(session, Contribution, contribution_id, ctx=ctx, missing=NOT_FOUND)


def _check_tier(
    session: Session,
    *,
    ctx: WorkspaceContext,
    item: ContributionCreate | ImportedContribution,
    loc: tuple[str | int, ...],
) -> Tier | None:
    if item.tier_id is None:
        return None
    tier = session.scalar(
        select(Tier).where(Tier.id == item.tier_id, Tier.workspace_id == ctx.workspace_id)
    )
    if tier is None:
        raise NotFound(
            tiers.NOT_FOUND,
            errors=[field_error((*loc, "tier_id"), tiers.NOT_FOUND, "not_found")],
        )
    if item.amount.currency != tier.currency:
        message = WRONG_CURRENCY
        raise InvalidInput(
            message,
            params={"currency": tier.currency},
            errors=[
                field_error(
                    (*loc, "amount", "currency"), message, "tier_currency", currency=tier.currency
                )
            ],
        )
    if (
        tier.minimum_amount_minor is not None
        and item.amount.amount_minor < tier.minimum_amount_minor
    ):
        raise InvalidInput(
            BELOW_MINIMUM,
            params={"minimum": tier.minimum_amount_minor},
            errors=[
                field_error(
                    (*loc, "amount", "amount_minor"),
                    BELOW_MINIMUM,
                    "below_minimum",
                    minimum=tier.minimum_amount_minor,
                )
            ],
        )
    if tier.quantity_limit is not None and item.status in COUNTED:
        taken = session.scalar(
            select(func.count()).where(
                Contribution.tier_id == tier.id, Contribution.status.in_(COUNTED)
            )
        )
        if (taken or 0) >= tier.quantity_limit:
            raise Conflict(SOLD_OUT, params={"tier": tier.name})
    return tier


def _add(
    session: Session,
    *,
    ctx: WorkspaceContext,
    item: ContributionCreate | ImportedContribution,
    source: str,
    tier: Tier | None,
) -> Contribution:
    values: dict[str, Any] = item.model_dump(exclude={"amount", "contributed_at", "source"})
    contribution = Contribution(
        workspace_id=ctx.workspace_id,
        **{**values, "campaign_id": item.campaign_id or (tier.campaign_id if tier else None)},
        source=source,
        amount_minor=item.amount.amount_minor,
        currency=item.amount.currency,
        contributed_at=item.contributed_at or clock.now(),
    )
    session.add(contribution)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="contribution.created",
        subject_id=contribution.id,
        subject_name=contribution.contributor_name,
        campaign_id=contribution.campaign_id,
        after=activity.fields(contribution, FIELDS),
    )
    return contribution


def create(
    session: Session, *, ctx: WorkspaceContext, contribution_in: ContributionCreate
) -> Contribution:
    ctx.require(Access.editor)
    tier = _check_tier(session, ctx=ctx, item=contribution_in, loc=("body",))
    tiers.ensure_campaign(session, ctx=ctx, campaign_id=contribution_in.campaign_id)
    if contribution_in.external_id is not None and session.scalar(
        select(Contribution.id).where(
            Contribution.workspace_id == ctx.workspace_id,
            Contribution.source == contribution_in.source,
            Contribution.external_id == contribution_in.external_id,
        )
    ):
        raise AlreadyExists(
            DUPLICATE,
            params={"source": contribution_in.source, "external_id": contribution_in.external_id},
        )
    return _add(session, ctx=ctx, item=contribution_in, source=contribution_in.source, tier=tier)


def import_contributions(
    session: Session, *, ctx: WorkspaceContext, import_in: ContributionImport
) -> ContributionImportResult:
    """Add the rows whose external id this source has not seen; the others are skipped."""
    ctx.require(Access.editor)
    ids = [item.external_id for item in import_in.items]
    known = set(
        session.scalars(
            select(Contribution.external_id).where(
                Contribution.workspace_id == ctx.workspace_id,
                Contribution.source == import_in.source,
                Contribution.external_id.in_(ids),
            )
        )
    )
    created = 0
    for index, item in enumerate(import_in.items):
        if item.external_id in known:
            continue
        known.add(item.external_id)
        tier = _check_tier(session, ctx=ctx, item=item, loc=("body", "items", index))
        tiers.ensure_campaign(
            session, ctx=ctx, campaign_id=item.campaign_id, loc=("body", "items", index)
        )
        _add(session, ctx=ctx, item=item, source=import_in.source, tier=tier)
        created += 1
    return ContributionImportResult(created=created, already_imported=len(ids) - created)


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    contribution_id: uuid.UUID,
    contribution_in: ContributionUpdate,
    if_match: frozenset[int] | None,
) -> Contribution:
    ctx.require(Access.editor)
    contribution = get(session, ctx=ctx, contribution_id=contribution_id)
    ensure_version(contribution.version, if_match)
    before = activity.fields(contribution, FIELDS)
    apply_changes(contribution, contribution_in.model_dump(exclude_unset=True))
    activity.record(
        session,
        ctx=ctx,
        verb="contribution.updated",
        subject_id=contribution.id,
        subject_name=contribution.contributor_name,
        campaign_id=contribution.campaign_id,
        before=before,
        after=activity.fields(contribution, FIELDS),
    )
    session.flush()
    return contribution


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    contribution_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    ctx.require(Access.editor)
    contribution = get(session, ctx=ctx, contribution_id=contribution_id)
    ensure_version(contribution.version, if_match)
    activity.record(
        session,
        ctx=ctx,
        verb="contribution.deleted",
        subject_id=contribution.id,
        subject_name=contribution.contributor_name,
        campaign_id=contribution.campaign_id,
        before=activity.fields(contribution, FIELDS),
    )
    session.delete(contribution)
    session.flush()
