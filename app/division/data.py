"""Set-based loading for the health check: a fixed number of queries, whatever the size.

Everything a set of campaigns needs is read in a few flat SELECTs (no ORM objects, no
lazy loads); the rules then work on these rows in Python.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func, select, union_all

from app.core.permissions import WorkspaceContext
from app.division import judged_window
from app.division.loads import FAR, Id, Reader, counted
from app.division.periods import Period
from app.division.schemas import Judged
from app.models import (
    Assignment,
    Campaign,
    CampaignRequiredRole,
    Member,
    MemberSkill,
    Role,
    RoleRequiredSkill,
    Scope,
    ScopeRole,
    Skill,
)
from app.models.enums import CampaignStatus, MemberStatus, Raci

LIVE_STATUSES = (CampaignStatus.planning, CampaignStatus.active, CampaignStatus.paused)
TOP_HOLDERS = 6


class Row(NamedTuple):
    """An assignment that counts in the period."""

    id: Id
    member_id: Id
    member_name: str
    role_id: Id
    campaign_id: Id | None
    scope_id: Id | None
    raci: str  # a `Raci` value
    allocation: int
    first: int
    last: int  # FAR when the assignment has no end


class Holder(NamedTuple):
    member_id: Id
    name: str
    level: int


@dataclass
class RoleInfo:
    name: str
    required: list[tuple[Id, int]] = field(default_factory=list)  # skill, min level


@dataclass
class CampaignInfo:
    id: Id
    name: str
    status: CampaignStatus
    lead_member_id: Id | None
    lead_name: str | None
    starts_on: date | None
    ends_on: date | None
    window: Period
    judged: Judged
    scopes: list[tuple[Id, str]] = field(default_factory=list)
    scope_roles: dict[Id, list[Id]] = field(default_factory=dict)  # the roles a scope names
    required_roles: list[Id] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


@dataclass
class Catalog:
    """The workspace's roles and skills, and who holds each skill at which level."""

    roles: dict[Id, RoleInfo]
    skills: dict[Id, str]
    level_counts: dict[Id, list[int]]  # skill → active members per level 0..5
    top_holders: dict[Id, list[Holder]]  # skill → best holders, level then id
    shortfalls: dict[tuple[Id, Id], list[tuple[Id, int, int]]] = field(default_factory=dict)

    def holders_at_least(self, skill_id: Id, level: int) -> int:
        return sum(self.level_counts.get(skill_id, [0] * 6)[level:])


def load_catalog(
    reader: Reader, *, ctx: WorkspaceContext, campaign_id: uuid.UUID | None = None
) -> Catalog:
    """Roles and skills; the holders of the skills the roles (of `campaign_id`) need."""
    ws, id_ = ctx.workspace_id, reader.id
    roles = {
        role_id: RoleInfo(name)
        for role_id, name in reader.rows(
            select(id_(Role.id), Role.name)
            .where(Role.workspace_id == ws)
            .order_by(Role.name, Role.id)
        )
    }
    skills: dict[Id, str] = {}
    for role_id, skill_id, min_level, skill_name in reader.rows(
        select(
            id_(RoleRequiredSkill.role_id), id_(Skill.id), RoleRequiredSkill.min_level, Skill.name
        )
        .join(Skill, Skill.id == RoleRequiredSkill.skill_id)
        .where(Skill.workspace_id == ws)
        .order_by(Skill.name, Skill.id)
    ):
        roles[role_id].required.append((skill_id, min_level))
        skills[skill_id] = skill_name
    # Who holds the skills the roles need: how many per level, and the best few per skill
    # (only those few rows travel).
    holds = (
        Member.workspace_id == ws,
        Member.status == MemberStatus.active,
        MemberSkill.skill_id.in_(_needed_skills(ctx, campaign_id)),
    )
    counts: dict[Id, list[int]] = defaultdict(lambda: [0] * 6)
    for skill_id, level, count in reader.rows(
        select(id_(MemberSkill.skill_id), MemberSkill.level, func.count())
        .join(Member, Member.id == MemberSkill.member_id)
        .where(*holds)
        .group_by(MemberSkill.skill_id, MemberSkill.level)
    ):
        counts[skill_id][level] = count
    needed = [row[0] for row in reader.rows(_needed_skills(ctx, campaign_id).distinct())]
    top: dict[Id, list[Holder]] = defaultdict(list)
    if needed:
        best = [
            select(
                id_(MemberSkill.skill_id).label("skill_id"),
                id_(MemberSkill.member_id).label("member_id"),
                Member.display_name,
                MemberSkill.level,
            )
            .join(Member, Member.id == MemberSkill.member_id)
            .where(
                MemberSkill.skill_id == skill_id,
                Member.workspace_id == ws,
                Member.status == MemberStatus.active,
            )
            .order_by(MemberSkill.level.desc(), MemberSkill.member_id)
            .limit(TOP_HOLDERS)
            .subquery()
            for skill_id in needed
        ]
        # One statement: per skill, the first entries of ix_member_skills_skill_level.
        for skill_id, member_id, name, level in reader.rows(
            union_all(*(select(*sub.c) for sub in best))
        ):
            top[skill_id].append(Holder(member_id, name, level))
        for holders in top.values():  # a union keeps no order: best level, then member id
            holders.sort(key=lambda h: (-h.level, h.member_id))
    return Catalog(roles, skills, dict(counts), dict(top))


def campaign_roles(campaign_id: uuid.UUID) -> Any:
    """The roles a campaign needs: those it requires and those of its assignments."""
    return (
        select(CampaignRequiredRole.role_id)
        .where(CampaignRequiredRole.campaign_id == campaign_id)
        .union(select(Assignment.role_id).where(Assignment.campaign_id == campaign_id))
    )


def _needed_skills(ctx: WorkspaceContext, campaign_id: uuid.UUID | None) -> Any:
    roles: Any = select(Role.id).where(Role.workspace_id == ctx.workspace_id)
    if campaign_id is not None:
        roles = campaign_roles(campaign_id)
    return select(RoleRequiredSkill.skill_id).where(RoleRequiredSkill.role_id.in_(roles))


def campaign_filter(
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    live_only: bool = False,
    among: Sequence[uuid.UUID] | None = None,
) -> ColumnElement[bool]:
    """One campaign (`campaign_id`; with `live_only`, if it is live), or all live ones;
    with `among`, only those of them."""
    live = Campaign.status.in_(LIVE_STATUSES)
    if campaign_id is not None:
        one = (Campaign.workspace_id == ctx.workspace_id) & (Campaign.id == campaign_id)
        return one & live if live_only else one
    every = (Campaign.workspace_id == ctx.workspace_id) & live
    return every if among is None else every & Campaign.id.in_(among)


def load_campaigns(
    reader: Reader,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    period: Period,
    live_only: bool = False,
    among: Sequence[uuid.UUID] | None = None,
) -> dict[Id, CampaignInfo]:
    """One campaign (`campaign_id`), or all live ones (`among` them), with scopes, roles
    and the assignments that count in each one's window."""
    where = campaign_filter(ctx=ctx, campaign_id=campaign_id, live_only=live_only, among=among)
    id_ = reader.id
    campaigns = {
        row[0]: _campaign(row, period)
        for row in reader.rows(
            select(
                id_(Campaign.id),
                Campaign.name,
                reader.text(Campaign.status),
                id_(Campaign.lead_member_id),
                Member.display_name,
                reader.day(Campaign.starts_on),
                reader.day(Campaign.ends_on),
            )
            .outerjoin(Member, Member.id == Campaign.lead_member_id)
            .where(where)
            .order_by(Campaign.name, Campaign.id)
        )
    }
    if not campaigns:
        return campaigns
    for scope_id, owner, name, role_id in reader.rows(
        select(id_(Scope.id), id_(Scope.campaign_id), Scope.name, id_(ScopeRole.role_id))
        .join(Campaign, Campaign.id == Scope.campaign_id)
        .outerjoin(ScopeRole, ScopeRole.scope_id == Scope.id)
        .where(where, *_only(Scope.campaign_id, campaign_id))
        .order_by(Scope.created_at, Scope.id, ScopeRole.role_id)
    ):
        info = campaigns[owner]
        if scope_id not in info.scope_roles:  # a scope's rows are consecutive, one per role
            info.scopes.append((scope_id, name))
            info.scope_roles[scope_id] = []
        if role_id is not None:
            info.scope_roles[scope_id].append(role_id)
    for owner, role_id in reader.rows(
        select(id_(CampaignRequiredRole.campaign_id), id_(CampaignRequiredRole.role_id))
        .join(Campaign, Campaign.id == CampaignRequiredRole.campaign_id)
        .where(where, *_only(CampaignRequiredRole.campaign_id, campaign_id))
        .order_by(CampaignRequiredRole.role_id)
    ):
        campaigns[owner].required_roles.append(role_id)
    for row in reader.rows(
        _assignments(reader)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .where(
            where,
            judged_window.in_sql(period.start, period.end),
            *_only(Assignment.campaign_id, campaign_id),
        )
    ):
        found = Row._make(row)
        campaign = campaigns[found.campaign_id]
        low, high = campaign.window.span
        if found.first <= high and found.last >= low:
            campaign.rows.append(found)
    return campaigns


def _only(column: Any, campaign_id: uuid.UUID | None) -> list[ColumnElement[bool]]:
    """For one campaign, also filter the child rows directly (so their index is used)."""
    return [] if campaign_id is None else [column == campaign_id]


def _campaign(row: Any, period: Period) -> CampaignInfo:
    campaign_id, name, status, lead_id, lead_name, starts, ends = row
    starts_on = date.fromordinal(starts) if starts is not None else None
    ends_on = date.fromordinal(ends) if ends is not None else None
    return CampaignInfo(
        campaign_id,
        name,
        CampaignStatus(status),
        lead_id,
        lead_name,
        starts_on,
        ends_on,
        *judged_window.window(starts_on, ends_on, period),
    )


def _assignments(reader: Reader) -> Any:
    id_ = reader.id
    return select(
        id_(Assignment.id),
        id_(Assignment.member_id),
        Member.display_name,
        id_(Assignment.role_id),
        id_(Assignment.campaign_id),
        id_(Assignment.scope_id),
        reader.text(Assignment.raci),
        Assignment.allocation_percent,
        reader.day(Assignment.starts_on),
        func.coalesce(reader.day(Assignment.ends_on), FAR),
    ).join(
        Member, Member.id == Assignment.member_id
    )  # unordered: the rules sort the few rows a finding names


def _row(row: Any) -> Row:
    """The database row is the `Row` already (ids as text, days as numbers)."""
    return Row._make(row)


def load_standing_accountables(
    reader: Reader, *, ctx: WorkspaceContext, first: date, last: date
) -> list[Row]:
    stmt = _assignments(reader).where(
        Assignment.workspace_id == ctx.workspace_id,
        Assignment.campaign_id.is_(None),
        Assignment.raci == Raci.accountable,
        counted(first, last),
    )
    return [_row(row) for row in reader.rows(stmt)]


def load_member_skills(
    reader: Reader,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    among: Sequence[uuid.UUID] | None = None,
) -> dict[Id, dict[Id, int]]:
    """Skill levels of everyone responsible or accountable in the campaigns (at any time)."""
    assignees = (
        select(Assignment.member_id)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .where(
            campaign_filter(ctx=ctx, campaign_id=campaign_id, among=among),
            Assignment.raci.in_((Raci.responsible, Raci.accountable)),
        )
    )
    levels: dict[Id, dict[Id, int]] = defaultdict(dict)
    for member_id, skill_id, level in reader.rows(
        select(
            reader.id(MemberSkill.member_id), reader.id(MemberSkill.skill_id), MemberSkill.level
        ).where(MemberSkill.member_id.in_(assignees))
    ):
        levels[member_id][skill_id] = level
    return levels


def load_active_members(reader: Reader, *, ctx: WorkspaceContext) -> dict[Id, str]:
    return dict(
        reader.rows(
            select(reader.id(Member.id), Member.display_name)
            .where(Member.workspace_id == ctx.workspace_id, Member.status == MemberStatus.active)
            .order_by(Member.display_name, Member.id)
        )
    )
