"""Campaigns: projects with an audience, required roles, goals and scopes."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import BindParameter, Connection, Row, Table, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.activity import service as activity
from app.campaigns.schemas import (
    ALLOWED_TRANSITIONS,
    CampaignCreate,
    CampaignRead,
    CampaignUpdate,
    GoalIn,
)
from app.core import clock
from app.core.crud import apply_changes, ensure_all_in_workspace, get_in_workspace
from app.core.errors import InvalidInput, InvalidTransition, NotFound, field_error
from app.core.i18n import N_
from app.core.pagination import paginate
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
)
from app.models.enums import Access, AssignmentStatus, CampaignKind, CampaignStatus

NOT_FOUND = N_("Campaign not found.")
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
CAMPAIGN_DETAILS = (
    selectinload(Campaign.lead_member),
    selectinload(Campaign.required_roles).selectinload(CampaignRequiredRole.role),
    selectinload(Campaign.goals).selectinload(CampaignGoal.metric),
    selectinload(Campaign.scopes),
)


# Reads answer with Core selects of the columns they return (no ORM entities, no
# relationship loaders): one statement for the campaigns and one per embedded list,
# whatever the number of campaigns. Writes use the ORM entities above.
_CAMPAIGNS = cast(Table, Campaign.__table__)
_LEADS = cast(Table, Member.__table__)
_REQUIRED = cast(Table, CampaignRequiredRole.__table__)
_ROLES = cast(Table, Role.__table__)
_GOALS = cast(Table, CampaignGoal.__table__)
_METRICS = cast(Table, Metric.__table__)
_SCOPES = cast(Table, Scope.__table__)
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)

_READ = select(
    *(
        _CAMPAIGNS.c[name]
        for name in ("id", "name", "kind", "status", "starts_on", "ends_on", "lead_member_id")
    ),
    _LEADS.c.display_name.label("lead_member_name"),
    *(
        _CAMPAIGNS.c[name]
        for name in ("audience", "archived_at", "created_at", "updated_at", "version")
    ),
).select_from(_CAMPAIGNS.outerjoin(_LEADS, _LEADS.c.id == _CAMPAIGNS.c.lead_member_id))
_READ_ONE = _READ.where(
    _CAMPAIGNS.c.id == bindparam("id"), _CAMPAIGNS.c.workspace_id == bindparam("ws")
)
_READ_REQUIRED_ROLES = (
    select(_REQUIRED.c.campaign_id, _REQUIRED.c.role_id, _ROLES.c.key, _ROLES.c.name)
    .join_from(_REQUIRED, _ROLES, _ROLES.c.id == _REQUIRED.c.role_id)
    .where(_REQUIRED.c.campaign_id.in_(_IDS))
    .order_by(_REQUIRED.c.campaign_id, _REQUIRED.c.role_id)
)
_READ_GOALS = (
    select(
        _GOALS.c.campaign_id,
        _GOALS.c.metric_id,
        _METRICS.c.key.label("metric_key"),
        _METRICS.c.name.label("metric_name"),
        _GOALS.c.target,
        _GOALS.c.due_on,
    )
    .join_from(_GOALS, _METRICS, _METRICS.c.id == _GOALS.c.metric_id)
    .where(_GOALS.c.campaign_id.in_(_IDS))
    .order_by(_GOALS.c.campaign_id, _GOALS.c.position)
)
_READ_SCOPES = (
    select(
        *(
            _SCOPES.c[name]
            for name in ("id", "campaign_id", "name", "description", "created_at", "updated_at")
        )
    )
    .where(_SCOPES.c.campaign_id.in_(_IDS))
    .order_by(_SCOPES.c.campaign_id, _SCOPES.c.created_at, _SCOPES.c.id)
)


def list_campaigns(
    session: Session,
    *,
    ctx: WorkspaceContext,
    status: CampaignStatus | None,
    kind: CampaignKind | None,
    lead_member_id: uuid.UUID | None,
    member_id: uuid.UUID | None,
    active_on: date | None,
    q: str | None,
    limit: int,
    cursor: str | None,
    archived: bool = False,
) -> tuple[list[CampaignRead], str | None]:
    campaigns = _CAMPAIGNS.c
    stmt = _READ.where(
        campaigns.workspace_id == ctx.workspace_id,
        campaigns.archived_at.is_not(None) if archived else campaigns.archived_at.is_(None),
    )
    if status is not None:
        stmt = stmt.where(campaigns.status == status)
    if kind is not None:
        stmt = stmt.where(campaigns.kind == kind)
    if lead_member_id is not None:
        stmt = stmt.where(campaigns.lead_member_id == lead_member_id)
    if member_id is not None:
        stmt = stmt.where(
            exists().where(
                Assignment.campaign_id == campaigns.id,
                Assignment.member_id == member_id,
                Assignment.status == AssignmentStatus.active,
            )
        )
    if active_on is not None:
        stmt = stmt.where(
            or_(campaigns.starts_on.is_(None), campaigns.starts_on <= active_on),
            or_(campaigns.ends_on.is_(None), campaigns.ends_on >= active_on),
        )
    if q:
        stmt = stmt.where(func.lower(campaigns.name).like(f"%{q.lower()}%"))
    rows, next_cursor = paginate(
        session, stmt, order_by=(campaigns.created_at, campaigns.id), limit=limit, cursor=cursor
    )
    return _views(session.connection(), rows), next_cursor


def read(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID
) -> tuple[CampaignRead, int]:
    """The campaign as the API shows it, and its version (the ETag); 404 if not here."""
    connection = session.connection()
    row = connection.execute(_READ_ONE, {"id": campaign_id, "ws": ctx.workspace_id}).first()
    if row is None:
        raise NotFound(NOT_FOUND)
    return _views(connection, [row])[0], row.version


def _views(connection: Connection, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[CampaignRead]:
    if not rows:
        return []
    ids = {"ids": [row.id for row in rows]}
    embedded: dict[str, defaultdict[uuid.UUID, list[dict[str, Any]]]] = {
        key: defaultdict(list) for key in ("required_roles", "goals", "scopes")
    }
    for role in connection.execute(_READ_REQUIRED_ROLES, ids):
        embedded["required_roles"][role.campaign_id].append(role._asdict())
    for goal in connection.execute(_READ_GOALS, ids):
        embedded["goals"][goal.campaign_id].append(goal._asdict())
    for scope in connection.execute(_READ_SCOPES, ids):
        embedded["scopes"][scope.campaign_id].append(scope._asdict())
    return [
        CampaignRead.model_validate(
            {
                **row._asdict(),
                "allowed_transitions": ALLOWED_TRANSITIONS[row.status],
                **{key: found[row.id] for key, found in embedded.items()},
            }
        )
        for row in rows
    ]


def get(session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID) -> Campaign:
    return get_in_workspace(
        session, Campaign, campaign_id, ctx=ctx, missing=NOT_FOUND, options=CAMPAIGN_DETAILS
    )


def create(session: Session, *, ctx: WorkspaceContext, campaign_in: CampaignCreate) -> Campaign:
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
    session.add_all(
        Scope(workspace_id=ctx.workspace_id, campaign_id=campaign.id, **scope.model_dump())
        for scope in campaign_in.scopes
    )
    session.flush()
    created = _reloaded(session, ctx=ctx, campaign=campaign)
    activity.record(
        session,
        ctx=ctx,
        verb="campaign.created",
        subject_id=created.id,
        subject_name=created.name,
        campaign_id=created.id,
        after={**_fields(created), "scopes": [scope.name for scope in created.scopes]},
    )
    return created


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    campaign_in: CampaignUpdate,
    if_match: frozenset[int] | None,
) -> Campaign:
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
    updated = _reloaded(session, ctx=ctx, campaign=campaign)
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
    return updated


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


def _fields(campaign: Campaign) -> dict[str, Any]:
    """What the activity stream keeps of a campaign (loaded with CAMPAIGN_DETAILS)."""
    return {
        **activity.fields(campaign, FIELDS),
        "required_role_ids": [str(required.role_id) for required in campaign.required_roles],
        "goals": [
            {"metric_id": str(g.metric_id), "target": g.target, "due_on": g.due_on}
            for g in campaign.goals
        ],
    }


def _reloaded(session: Session, *, ctx: WorkspaceContext, campaign: Campaign) -> Campaign:
    session.expire(campaign)
    return get(session, ctx=ctx, campaign_id=campaign.id)


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
