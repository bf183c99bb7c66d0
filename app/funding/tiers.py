"""Tiers: ways to contribute, validated like Open Collective's (editors manage them)."""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.crud import apply_changes, get_in_workspace
from app.core.errors import InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.funding.schemas import TierCreate, TierUpdate
from app.models import Campaign, Tier
from app.models.enums import Access
from app.models.funding import AmountType

NOT_FOUND = N_("Tier not found.")
CAMPAIGN_NOT_FOUND = N_("Campaign not found.")
FIXED_NEEDS_AMOUNT = N_("A fixed tier needs an amount.")
FIXED_HAS_NO_PRESETS = N_("A fixed tier has one amount; presets are for flexible tiers.")
FLEXIBLE_HAS_NO_AMOUNT = N_("A flexible tier has presets and a minimum, not one amount.")
DEFAULT_NOT_A_PRESET = N_("The default amount must be one of the presets.")
MINIMUM_ABOVE_PRESET = N_("The minimum must not be above the smallest preset.")
WINDOW_BACKWARDS = N_("The tier must become available before it stops being available.")
FIELDS = ("name", "kind", "amount_type", "currency", "amount_minor", "interval", "quantity_limit")


def check_tier(values: dict[str, Any]) -> None:
    """Open Collective's rules for a tier's amounts and window; 422 naming each field."""
    errors: list[dict[str, Any]] = []

    def refuse(field: str, message: str, kind: str) -> None:
        errors.append(field_error(("body", field), message, kind))

    presets = values.get("preset_amounts_minor") or []
    if values["amount_type"] == AmountType.fixed:
        if values.get("amount_minor") is None:
            refuse("amount_minor", FIXED_NEEDS_AMOUNT, "fixed_tier_amount_missing")
        if presets or values.get("default_amount_minor") or values.get("minimum_amount_minor"):
            refuse("preset_amounts_minor", FIXED_HAS_NO_PRESETS, "fixed_tier_presets")
    else:
        if values.get("amount_minor") is not None:
            refuse("amount_minor", FLEXIBLE_HAS_NO_AMOUNT, "flexible_tier_amount")
        default = values.get("default_amount_minor")
        if default is not None and default not in presets:
            refuse("default_amount_minor", DEFAULT_NOT_A_PRESET, "default_not_a_preset")
        minimum = values.get("minimum_amount_minor")
        if minimum is not None and presets and minimum > min(presets):
            refuse("minimum_amount_minor", MINIMUM_ABOVE_PRESET, "minimum_above_preset")
    start, end = values.get("available_from"), values.get("available_until")
    if start is not None and end is not None and end <= start:
        refuse("available_until", WINDOW_BACKWARDS, "availability_window")
    if errors:
        raise InvalidInput(errors[0]["msg"], errors=errors)


def ensure_campaign(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    loc: tuple[str | int, ...] = ("body",),
) -> None:
    """A 404 naming the field (`loc` + `campaign_id`) unless the campaign is this workspace's."""
    if campaign_id is None:
        return
    found = session.scalar(
        select(Campaign.id).where(
            Campaign.id == campaign_id, Campaign.workspace_id == ctx.workspace_id
        )
    )
    if found is None:
        raise NotFound(
            CAMPAIGN_NOT_FOUND,
            errors=[field_error((*loc, "campaign_id"), CAMPAIGN_NOT_FOUND, "not_found")],
        )


def get(session: Session, *, ctx: WorkspaceContext, tier_id: uuid.UUID) -> Tier:
    return get_in_workspace(session, Tier, tier_id, ctx=ctx, missing=NOT_FOUND)


def create(session: Session, *, ctx: WorkspaceContext, tier_in: TierCreate) -> Tier:
    ctx.require(Access.editor)
    values = tier_in.model_dump(mode="python")
    values["benefits"] = [b.model_dump(mode="json") for b in tier_in.benefits]
    check_tier(values)
    ensure_campaign(session, ctx=ctx, campaign_id=tier_in.campaign_id)
    tier = Tier(workspace_id=ctx.workspace_id, **values)
    session.add(tier)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="tier.created",
        subject_id=tier.id,
        subject_name=tier.name,
        campaign_id=tier.campaign_id,
        after=activity.fields(tier, FIELDS),
    )
    return tier


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    tier_id: uuid.UUID,
    tier_in: TierUpdate,
    if_match: frozenset[int] | None,
) -> Tier:
    ctx.require(Access.editor)
    tier = get(session, ctx=ctx, tier_id=tier_id)
    ensure_version(tier.version, if_match)
    changes = tier_in.model_dump(exclude_unset=True)
    if "benefits" in changes:
        changes["benefits"] = [b.model_dump(mode="json") for b in tier_in.benefits]
    current = {
        column: getattr(tier, column) for column in TierCreate.model_fields if hasattr(tier, column)
    }
    check_tier({**current, **changes})
    before = activity.fields(tier, FIELDS)
    apply_changes(tier, changes)
    activity.record(
        session,
        ctx=ctx,
        verb="tier.updated",
        subject_id=tier.id,
        subject_name=tier.name,
        campaign_id=tier.campaign_id,
        before=before,
        after=activity.fields(tier, FIELDS),
    )
    session.flush()
    return tier


def delete(
    session: Session, *, ctx: WorkspaceContext, tier_id: uuid.UUID, if_match: frozenset[int] | None
) -> None:
    """Delete a tier; its contributions stay (without a tier)."""
    ctx.require(Access.editor)
    tier = get(session, ctx=ctx, tier_id=tier_id)
    ensure_version(tier.version, if_match)
    activity.record(
        session,
        ctx=ctx,
        verb="tier.deleted",
        subject_id=tier.id,
        subject_name=tier.name,
        campaign_id=tier.campaign_id,
        before=activity.fields(tier, FIELDS),
    )
    session.delete(tier)
    session.flush()
