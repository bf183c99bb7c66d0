"""Campaigns: projects with an audience, required roles, goals and scopes."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, selectinload

from app.activity import service as activity
from app.campaigns import reads
from app.campaigns.reads import NOT_FOUND
from app.campaigns.schemas import (
    ALLOWED_TRANSITIONS,
    CampaignCreate,
    CampaignRead,
    CampaignUpdate,
    GoalIn,
)
from app.core import clock
from app.core.crud import apply_changes, ensure_all_in_workspace, get_in_workspace
from app.core.errors import InvalidInput, InvalidTransition, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.history import service as history
from app.models import (
    Assignment,
    Campaign,
    CampaignGoal,
    CampaignRequiredRole,
    Member,
    Metric,
    Role,
    Scope,
    ScopeRole,
)
from app.models.enums import Access, CampaignStatus
from app.scopes.service import check_roles

FIELDS = (
    "name",
    "kind",
    "status",
    "starts_on",
    "ends_on",
    "lead_member_id",
    "audience",
    "archived_at",
)
# What a write uses of the campaign (its activity fields, the scopes' names); the reply
# is read by the read path, so the lead, roles and metrics behind the links are not loaded.
CAMPAIGN_DETAILS = (
    selectinload(Campaign.required_roles),
    selectinload(Campaign.goals),
    selectinload(Campaign.scopes),
)


def get(session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID) -> Campaign:
    return get_in_workspace(
        session, Campaign, campaign_id, ctx=ctx, missing=NOT_FOUND, options=CAMPAIGN_DETAILS
    )


def create(
    session: Session, *, ctx: WorkspaceContext, campaign_in: CampaignCreate
) -> tuple[CampaignRead, int]:
    """The new campaign as the API shows it, and its version."""
    ctx.require(Access.editor)
    _check_references(
        session,
        ctx=ctx,
        lead_member_id=campaign_in.lead_member_id,
        role_ids=campaign_in.required_role_ids,
        goals=campaign_in.goals,
    )
    campaign = Campaign(
        workspace_id=ctx.workspace_id,
        **campaign_in.model_dump(exclude={"required_role_ids", "goals", "scopes", "audience"}),
        audience=campaign_in.audience.model_dump(),
        required_roles=[CampaignRequiredRole(role_id=r) for r in campaign_in.required_role_ids],
        goals=_goal_rows(campaign_in.goals),
    )
    session.add(campaign)
    session.flush()
    for index, scope in enumerate(campaign_in.scopes):
        if scope.role_ids:
            check_roles(
                session, ctx=ctx, role_ids=scope.role_ids, loc=("body", "scopes", index, "role_ids")
            )
    session.add_all(
        Scope(
            workspace_id=ctx.workspace_id,
            campaign_id=campaign.id,
            needed_roles=[ScopeRole(role_id=r) for r in scope.role_ids],
            **scope.model_dump(exclude={"role_ids"}),
        )
        for scope in campaign_in.scopes
    )
    session.flush()
    created, version = reads.read(session, ctx=ctx, campaign_id=campaign.id)
    activity.record(
        session,
        ctx=ctx,
        verb="campaign.created",
        subject_id=created.id,
        subject_name=created.name,
        campaign_id=created.id,
        after={**_fields(created), "scopes": [scope.name for scope in created.scopes]},
    )
    return created, version


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    campaign_in: CampaignUpdate,
    if_match: frozenset[int] | None,
) -> tuple[CampaignRead, int]:
    """The changed campaign as the API shows it, and its version."""
    ctx.require(Access.editor)
    campaign = get(session, ctx=ctx, campaign_id=campaign_id)
    ensure_version(campaign.version, if_match)
    before = _fields(campaign)
    changes: dict[str, Any] = campaign_in.model_dump(
        exclude_unset=True, exclude={"required_role_ids", "goals", "audience", "archived"}
    )
    if "archived" in campaign_in.model_fields_set and campaign_in.archived != (
        campaign.archived_at is not None
    ):
        changes["archived_at"] = clock.now() if campaign_in.archived else None
    _check_references(
        session,
        ctx=ctx,
        lead_member_id=changes.get("lead_member_id"),
        role_ids=campaign_in.required_role_ids or [],
        goals=campaign_in.goals or [],
    )
    if "status" in changes:
        _check_transition(campaign.status, changes["status"])
    _check_dates(
        changes.get("starts_on", campaign.starts_on), changes.get("ends_on", campaign.ends_on)
    )
    if campaign_in.audience is not None:
        changes["audience"] = campaign_in.audience.model_dump()
    if campaign_in.required_role_ids is not None:
        campaign.required_roles = [
            CampaignRequiredRole(role_id=r) for r in campaign_in.required_role_ids
        ]
    if campaign_in.goals is not None:
        campaign.goals = _goal_rows(campaign_in.goals)
    apply_changes(campaign, changes)
    session.flush()
    updated, version = reads.read(session, ctx=ctx, campaign_id=campaign.id)
    activity.record(
        session,
        ctx=ctx,
        verb="campaign.updated",
        subject_id=updated.id,
        subject_name=updated.name,
        campaign_id=updated.id,
        before=before,
        after=_fields(updated),
    )
    return updated, version


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    """Delete the campaign with its scopes, goals and assignments."""
    ctx.require(Access.editor)
    campaign = get(session, ctx=ctx, campaign_id=campaign_id)
    ensure_version(campaign.version, if_match)
    history.record_removed_with(
        session,
        ctx=ctx,
        removed=Assignment.campaign_id == campaign.id,
        reason_code="campaign_deleted",
        reason_params={"campaign": campaign.name},
    )
    activity.record(
        session,
        ctx=ctx,
        verb="campaign.deleted",
        subject_id=campaign.id,
        subject_name=campaign.name,
        campaign_id=campaign.id,
        before={**_fields(campaign), "scopes": [scope.name for scope in campaign.scopes]},
    )
    session.delete(campaign)
    session.flush()


def _fields(campaign: Campaign | CampaignRead) -> dict[str, Any]:
    """What the activity stream keeps of a campaign: its reply, or its entity loaded with
    CAMPAIGN_DETAILS (both have these fields)."""
    return {
        **activity.fields(campaign, FIELDS),
        "required_role_ids": [str(required.role_id) for required in campaign.required_roles],
        "goals": [
            {"metric_id": str(g.metric_id), "target": g.target, "due_on": g.due_on}
            for g in campaign.goals
        ],
    }


def _goal_rows(goals: list[GoalIn]) -> list[CampaignGoal]:
    return [CampaignGoal(position=i, **goal.model_dump()) for i, goal in enumerate(goals)]


def _check_references(
    session: Session,
    *,
    ctx: WorkspaceContext,
    lead_member_id: uuid.UUID | None,
    role_ids: list[uuid.UUID],
    goals: list[GoalIn],
) -> None:
    if lead_member_id is not None:
        get_in_workspace(session, Member, lead_member_id, ctx=ctx, missing=N_("Member not found."))
    ensure_all_in_workspace(
        session,
        Role,
        role_ids,
        ctx=ctx,
        missing=N_("Role not found."),
        loc=("body", "required_role_ids"),
    )
    ensure_all_in_workspace(
        session,
        Metric,
        [g.metric_id for g in goals],
        ctx=ctx,
        missing=N_("Metric not found."),
        loc=("body", "goals"),
        item_field="metric_id",
    )


def _check_transition(current: CampaignStatus, new: CampaignStatus) -> None:
    if new is current or new in ALLOWED_TRANSITIONS[current]:
        return
    allowed = ", ".join(s.value for s in ALLOWED_TRANSITIONS[current])
    raise InvalidTransition(
        N_("A {current} campaign cannot become {new}; it can become: {allowed}."),
        params={"current": current.value, "new": new.value, "allowed": allowed},
        extensions={"allowed_transitions": list(ALLOWED_TRANSITIONS[current])},
    )


def _check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput(
            N_("ends_on must not be before starts_on."),
            errors=[
                field_error(
                    ("body", "ends_on"), N_("ends_on must not be before starts_on."), "date_order"
                )
            ],
        )
