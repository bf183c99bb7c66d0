"""The skill matrix, who qualifies for each role, and skill gaps per campaign."""

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.dates import today_in
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader as Replies
from app.core.reads import as_dicts
from app.division import data, versions
from app.division.loads import Reader
from app.division.periods import resolve_period
from app.division.skill_rules import find_gaps
from app.models import Member, MemberSkill, Role, RoleRequiredSkill, Skill
from app.models.enums import MemberStatus
from app.skill_matrix.schemas import (
    SkillGap,
    SkillMatrix,
)

_GAPS = Replies(SkillGap)


def matrix(session: Session, *, ctx: WorkspaceContext) -> SkillMatrix:
    """Cached until the workspace's next write (`app.division.versions`)."""
    key = (ctx.workspace_id, versions.current(session, ctx.workspace_id), "skill_matrix")
    return versions.checks.get_or_compute(key, lambda: _matrix(session, ctx=ctx))


def _matrix(session: Session, *, ctx: WorkspaceContext) -> SkillMatrix:
    ws = ctx.workspace_id
    skills = session.execute(
        select(Skill.id, Skill.key, Skill.name, Skill.category)
        .where(Skill.workspace_id == ws)
        .order_by(Skill.category, Skill.name, Skill.id)
    ).all()
    members = session.execute(
        select(Member.id, Member.display_name)
        .where(Member.workspace_id == ws, Member.status == MemberStatus.active)
        .order_by(Member.display_name, Member.id)
    ).all()
    levels: dict[uuid.UUID, dict[uuid.UUID, int]] = defaultdict(dict)
    for member_id, skill_id, level in session.execute(
        select(MemberSkill.member_id, MemberSkill.skill_id, MemberSkill.level)
        .join(Member, Member.id == MemberSkill.member_id)
        .where(Member.workspace_id == ws, Member.status == MemberStatus.active)
    ):
        levels[member_id][skill_id] = level
    roles = session.execute(
        select(Role.id, Role.key, Role.name)
        .where(Role.workspace_id == ws)
        .order_by(Role.name, Role.id)
    ).all()
    required: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for role_id, skill_id, min_level in session.execute(
        select(RoleRequiredSkill.role_id, RoleRequiredSkill.skill_id, RoleRequiredSkill.min_level)
        .join(Role, Role.id == RoleRequiredSkill.role_id)
        .where(Role.workspace_id == ws)
        .order_by(RoleRequiredSkill.skill_id)
    ):
        required[role_id].append({"skill_id": skill_id, "min_level": min_level})
    # One validation in pydantic-core for the whole matrix.
    return SkillMatrix.model_validate(
        {
            "skills": as_dicts(skills),
            "members": [
                {
                    "member_id": member_id,
                    "display_name": name,
                    "levels": [levels[member_id].get(s.id) for s in skills],
                }
                for member_id, name in members
            ],
            "roles": [
                {
                    "role_id": role_id,
                    "key": key,
                    "name": name,
                    "required_skills": required[role_id],
                    "qualified_member_ids": [
                        member_id
                        for member_id, _name in members
                        if all(
                            levels[member_id].get(r["skill_id"], 0) >= r["min_level"]
                            for r in required[role_id]
                        )
                    ],
                }
                for role_id, key, name in roles
            ],
        }
    )


def gaps(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    on: date | None,
    start: date | None,
    end: date | None,
) -> list[SkillGap]:
    """The gaps, by campaign; cached until the workspace's next write, per day asked (so
    a position in them is a stable cursor)."""
    today = today_in(ctx.timezone)
    version = versions.current(session, ctx.workspace_id)
    key = (ctx.workspace_id, version, today, "skill_gaps", campaign_id, on, start, end)
    return versions.checks.get_or_compute(
        key,
        lambda: _gaps(session, ctx=ctx, campaign_id=campaign_id, on=on, start=start, end=end),
    )


def _gaps(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    on: date | None,
    start: date | None,
    end: date | None,
) -> list[SkillGap]:
    period = resolve_period(on=on, start=start, end=end, today=today_in(ctx.timezone))
    reader = Reader(session)
    campaigns = data.load_campaigns(reader, ctx=ctx, campaign_id=campaign_id, period=period)
    if campaign_id is not None and reader.key(campaign_id) not in campaigns:
        raise NotFound(N_("Campaign not found."))
    levels = data.load_member_skills(reader, ctx=ctx, campaign_id=campaign_id)
    catalog = data.load_catalog(reader, ctx=ctx)
    return _GAPS.many(
        [
            {
                "campaign_id": campaign.id,
                "campaign_name": campaign.name,
                "role_id": gap.role_id,
                "role_name": catalog.roles[gap.role_id].name,
                "skill_id": gap.skill_id,
                "skill_name": catalog.skills[gap.skill_id],
                "min_level": gap.min_level,
                "member_id": gap.member_id,
                "member_name": gap.member_name,
                "level": gap.level,
                "assignment_ids": gap.assignment_ids,
                "helpers": [
                    {"member_id": h.member_id, "display_name": h.name, "level": h.level}
                    for h in gap.helpers
                ],
            }
            for campaign in campaigns.values()
            for gap in find_gaps(campaign, levels, catalog)
        ]
    )
