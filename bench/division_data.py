"""Seed data for `bench/division.py`: one workspace, in bulk (Core inserts).

Members have a home role whose required skills they mostly meet; each campaign requires
3–5 roles and has scopes with an accountable, a responsible and a few consulted or
informed; dates and allocations make some people busy and a few overloaded. Everything
comes from one seeded generator, so a run seeds the same data (relative to today).
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import Engine, Table, insert, select, text
from sqlalchemy.orm import Session

from app.auth.service import create_user, issue_token
from app.models import (
    Assignment,
    Campaign,
    CampaignRequiredRole,
    Member,
    MemberSkill,
    Role,
    RoleRequiredSkill,
    Scope,
    Skill,
)
from app.models.base import utcnow
from app.models.enums import TokenKind, TokenScope
from app.workspaces.schemas import WorkspaceCreate
from app.workspaces.service import create_for_user
from bench.common import new_id

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_division"
SLUG = "bench"
RACI_ORDER = ("accountable", "responsible", "consulted", "informed", "informed", "consulted")


@dataclass(frozen=True)
class Size:
    members: int
    campaigns: int
    scopes: int
    assignments: int
    repeat: int


MEASURED_SCOPES = 50  # the measured campaign has 50 scopes at every size
SIZES = {
    "full": Size(members=2000, campaigns=300, scopes=50, assignments=100_000, repeat=7),
    "small": Size(members=200, campaigns=30, scopes=50, assignments=10_000, repeat=5),
    # The HTTP benchmark's M and L (bench/sizes.py): issue 9's targets are at L.
    "M": Size(members=3000, campaigns=300, scopes=10, assignments=30_000, repeat=5),
    "L": Size(members=10_000, campaigns=1000, scopes=10, assignments=100_000, repeat=5),
}


def seed(engine: Engine, size: Size, today: date) -> tuple[str, uuid.UUID]:
    """The workspace, in bulk; returns a token of its owner and the campaign to measure."""
    rng = random.Random(5)
    now = utcnow()
    with Session(engine) as session:
        user = create_user(
            session, email="bench@example.com", password="bench-password", display_name="Bench"
        )
        workspace = create_for_user(
            session,
            user=user,
            workspace_in=WorkspaceCreate(slug=SLUG, name="Bench", timezone="UTC"),
        )
        _token, secret = issue_token(
            session,
            user=user,
            kind=TokenKind.session,
            name="bench",
            scopes=[TokenScope.read, TokenScope.write],
            expires_at=None,
        )
        session.commit()
        ws = workspace.id
        skills = list(session.scalars(select(Skill.id).where(Skill.workspace_id == ws)))
        roles = list(session.scalars(select(Role.id).where(Role.workspace_id == ws)))
        required: dict[uuid.UUID, list[tuple[uuid.UUID, int]]] = {r: [] for r in roles}
        for role_id, skill_id, need in session.execute(
            select(
                RoleRequiredSkill.role_id, RoleRequiredSkill.skill_id, RoleRequiredSkill.min_level
            )
        ):
            if role_id in required:
                required[role_id].append((skill_id, need))
    stamp = {"workspace_id": ws, "created_at": now, "updated_at": now, "version": 1}
    members = [new_id(rng) for _ in range(size.members)]
    campaigns = [new_id(rng) for _ in range(size.campaigns)]
    # Each member has a home role whose required skills they mostly meet, and a few more.
    home = {m: roles[i % len(roles)] for i, m in enumerate(members)}
    pools: dict[uuid.UUID, list[uuid.UUID]] = {r: [] for r in roles}
    for m in members:
        pools[home[m]].append(m)
    levels: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
    for m in members:
        for skill, need in required[home[m]]:
            levels[(m, skill)] = min(
                5, need + (-1 if rng.random() < 0.02 else rng.choice((0, 1, 2)))
            )
        for skill in rng.sample(skills, 2):
            levels.setdefault((m, skill), rng.randint(1, 5))
    rows: dict[Any, list[dict[str, Any]]] = {
        Member: [
            {
                **stamp,
                "id": m,
                "display_name": f"Member {i:05d}",
                "email": f"m{i}@example.com",
                "weekly_capacity_hours": rng.choice((20.0, 32.0, 40.0)),
                "status": "active",
            }
            for i, m in enumerate(members)
        ],
        MemberSkill: [
            {"member_id": m, "skill_id": skill, "level": level}
            for (m, skill), level in levels.items()
        ],
    }
    spans: dict[uuid.UUID, tuple[date, date]] = {}
    needs: dict[uuid.UUID, list[uuid.UUID]] = {}
    rows[Campaign], rows[Scope], rows[CampaignRequiredRole] = [], [], []
    for i, c in enumerate(campaigns):
        starts = today + timedelta(days=rng.randint(-300, 200))
        if i == 0:
            starts = today - timedelta(days=30)  # the measured one: active and running
        ends = starts + timedelta(weeks=rng.randint(8, 26))
        spans[c] = (starts, ends)
        status = (
            "active"
            if i == 0 or starts <= today <= ends
            else rng.choice(("planning", "completed", "draft", "paused", "active"))
        )
        needs[c] = rng.sample(roles, rng.randint(3, 5))
        lead = rng.choice(members)
        rows[Campaign].append(
            {
                **stamp,
                "id": c,
                "name": f"Campaign {i:04d}",
                "kind": "content",
                "status": status,
                "starts_on": starts,
                "ends_on": ends,
                "lead_member_id": lead,
                "audience": {},
            }
        )
        rows[CampaignRequiredRole] += [{"campaign_id": c, "role_id": r} for r in needs[c]]
    scopes: list[tuple[uuid.UUID, uuid.UUID]] = []
    for c in campaigns:
        for j in range(max(size.scopes, MEASURED_SCOPES) if c == campaigns[0] else size.scopes):
            scope_id = new_id(rng)
            scopes.append((c, scope_id))
            rows[Scope].append(
                {
                    **stamp,
                    "id": scope_id,
                    "campaign_id": c,
                    "name": f"Scope {j:02d}",
                    "description": "",
                }
            )
    rows[Assignment] = []
    per_scope = max(1, size.assignments // len(scopes))
    for c, scope_id in scopes:
        starts, ends = spans[c]
        for k in range(per_scope):
            raci = RACI_ORDER[k % len(RACI_ORDER)] if k < len(RACI_ORDER) else "informed"
            gaps = 0.2 if c == campaigns[0] else 0.03  # the measured one has slots to fill
            if k < 2 and rng.random() < gaps:
                raci = "consulted"  # a few scopes lack an accountable or a responsible
            role = needs[c][(k + hash(scope_id)) % len(needs[c])]
            member = rng.choice(pools[role] if rng.random() < 0.95 else members)
            allocation = {"accountable": 5, "responsible": rng.choice((10, 15, 20))}.get(raci, 0)
            rows[Assignment].append(
                {
                    **stamp,
                    "id": new_id(rng),
                    "member_id": member,
                    "role_id": role,
                    "campaign_id": c,
                    "scope_id": scope_id,
                    "raci": raci,
                    "allocation_percent": allocation,
                    "starts_on": starts,
                    "ends_on": ends,
                    "status": "ended" if ends < today else "active",
                    "note": "",
                }
            )
    with engine.begin() as connection:
        for model in (Member, MemberSkill, Campaign, CampaignRequiredRole, Scope, Assignment):
            batch = rows[model]
            for first in range(0, len(batch), 5000):
                table = cast(Table, model.__table__)
                connection.execute(insert(table), batch[first : first + 5000])
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
    return secret, campaigns[0]
