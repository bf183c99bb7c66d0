"""`troupe seed-demo`: the bilingual demo team, its data and its planted problems."""

import re
from collections import defaultdict
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.dates import today_in
from app.models import (
    Assignment,
    Campaign,
    CampaignGoal,
    Datapoint,
    Member,
    MemberSkill,
    Metric,
    RoleRequiredSkill,
    Scope,
    User,
    Workspace,
)
from app.models.enums import Access, AssignmentStatus, CampaignKind, MemberStatus, Raci
from app.seed.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo_workspaces

SLUGS = ("demo", "demo-zh")
TIMEZONE = "Asia/Shanghai"
HAN = re.compile(r"[\u4e00-\u9fff]")
ACTIVE = Assignment.status == AssignmentStatus.active


@pytest.fixture
def demo(session: Session) -> dict[str, Workspace]:
    seed_demo_workspaces(session)
    session.commit()
    found = session.scalars(select(Workspace).where(Workspace.slug.in_(SLUGS)))
    return {workspace.slug: workspace for workspace in found}


def _count(session: Session, model: Any, workspace: Workspace) -> int:
    stmt = select(func.count()).select_from(model).where(model.workspace_id == workspace.id)
    return session.scalar(stmt) or 0


def test_seeding_creates_two_workspaces_owned_by_the_demo_user(
    session: Session, demo: dict[str, Workspace]
) -> None:
    user = session.scalars(select(User).where(User.email == DEMO_EMAIL)).one()
    assert sorted(demo) == sorted(SLUGS)
    assert (demo["demo"].name, demo["demo"].locale.value) == ("Lantern Studio", "en")
    assert (demo["demo-zh"].name, demo["demo-zh"].locale.value) == ("灯笼工作室", "zh-CN")

    for workspace in demo.values():
        assert workspace.timezone == TIMEZONE
        members = session.scalars(select(Member).where(Member.workspace_id == workspace.id)).all()
        owner = next(m for m in members if m.user_id == user.id)
        assert owner.access is Access.owner
        assert owner.title
        assert 11 <= len(members) <= 14
        assert [m.status for m in members].count(MemberStatus.inactive) == 1
        assert any(m.weekly_capacity_hours == 20 for m in members)
        assert all(m.email and m.email.endswith("@example.com") for m in members)

        campaigns = session.scalars(
            select(Campaign).where(Campaign.workspace_id == workspace.id)
        ).all()
        assert {c.kind for c in campaigns} == {
            CampaignKind.content,
            CampaignKind.community_event,
            CampaignKind.funding,
        }
        for campaign in campaigns:
            assert campaign.lead_member_id is not None
            assert campaign.audience["channels"]
            scopes = _scopes_of(session, campaign)
            assert 4 <= len(scopes) <= 6
            goals = session.scalar(
                select(func.count()).where(CampaignGoal.campaign_id == campaign.id)
            )
            assert goals is not None
            assert 3 <= goals <= 5
        covered = set(
            session.scalars(
                select(Assignment.scope_id).where(
                    Assignment.workspace_id == workspace.id, Assignment.scope_id.is_not(None)
                )
            )
        )
        all_scopes = set(
            session.scalars(select(Scope.id).where(Scope.workspace_id == workspace.id))
        )
        assert covered == all_scopes
        standing = session.scalar(
            select(func.count()).where(
                Assignment.workspace_id == workspace.id, Assignment.campaign_id.is_(None)
            )
        )
        assert standing is not None
        assert 2 <= standing <= 3
        assert _count(session, Assignment, workspace) >= 30


def _scopes_of(session: Session, campaign: Campaign) -> list[Scope]:
    return list(session.scalars(select(Scope).where(Scope.campaign_id == campaign.id)))


def test_the_demo_user_signs_in_and_lists_the_team(
    client: TestClient, demo: dict[str, Workspace]
) -> None:
    response = client.post(
        "/api/v1/auth/token", data={"username": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

    workspaces = client.get("/api/v1/workspaces", headers=headers).json()["items"]
    assert {w["slug"]: w["access"] for w in workspaces} == {"demo": "owner", "demo-zh": "owner"}
    for slug in SLUGS:
        response = client.get(f"/api/v1/workspaces/{slug}/members?limit=50", headers=headers)
        assert response.status_code == 200, response.text
        names = {m["display_name"] for m in response.json()["items"]}
        assert len(names) >= 11
        assert "Lin Xiaoyu 林晓雨" in names


def test_texts_are_in_the_workspace_language(session: Session, demo: dict[str, Workspace]) -> None:
    names = {}
    for slug, workspace in demo.items():
        texts = _visible_texts(session, workspace)
        assert texts
        if slug == "demo-zh":
            assert all(HAN.search(text) for text in texts), texts
        else:
            assert not [text for text in texts if HAN.search(text)]
        display = session.scalars(
            select(Member.display_name).where(Member.workspace_id == workspace.id)
        )
        names[slug] = set(display)
    assert names["demo"] == names["demo-zh"]
    assert all(HAN.search(name) and re.search(r"[A-Z][a-z]+ ", name) for name in names["demo"])


def _visible_texts(session: Session, workspace: Workspace) -> list[str]:
    """Campaign names, audiences, scope names, member titles and assignment notes."""
    texts: list[str] = []
    for campaign in session.scalars(select(Campaign).where(Campaign.workspace_id == workspace.id)):
        texts += [campaign.name, campaign.audience["description"], *campaign.audience["segments"]]
    texts += session.scalars(select(Scope.name).where(Scope.workspace_id == workspace.id))
    texts += session.scalars(select(Scope.description).where(Scope.workspace_id == workspace.id))
    titles = select(Member.title).where(Member.workspace_id == workspace.id)
    texts += [title for title in session.scalars(titles) if title]
    notes = select(Assignment.note).where(Assignment.workspace_id == workspace.id)
    texts += [note for note in session.scalars(notes) if note]
    return texts


def test_seeding_again_creates_nothing(session: Session, demo: dict[str, Workspace]) -> None:
    def counts() -> dict[str, int]:
        models = (Member, Campaign, Scope, Assignment, Datapoint)
        totals = {m.__name__: sum(_count(session, m, w) for w in demo.values()) for m in models}
        totals["users"] = session.scalar(select(func.count()).select_from(User)) or 0
        totals["workspaces"] = session.scalar(select(func.count()).select_from(Workspace)) or 0
        return totals

    before = counts()
    seed_demo_workspaces(session)
    session.flush()

    assert counts() == before


def test_datapoints_cover_90_days_ending_today(
    session: Session, demo: dict[str, Workspace]
) -> None:
    tz = ZoneInfo(TIMEZONE)
    today = today_in(TIMEZONE)
    days = {today - timedelta(days=n) for n in range(90)}
    for workspace in demo.values():
        rows = session.execute(
            select(Metric.key, Datapoint.observed_at)
            .join(Metric, Metric.id == Datapoint.metric_id)
            .where(Datapoint.workspace_id == workspace.id)
        )
        seen: dict[str, set[date]] = defaultdict(set)
        for key, observed_at in rows:
            seen[key].add(observed_at.astimezone(tz).date())
        for key in ("active_members", "retention_rate", "followers", "content_views", "revenue"):
            assert seen[key] == days, key
        assert {"funds_raised", "backers", "sponsorship_revenue"} <= set(seen)
        assert set().union(*seen.values()) == days


def test_interactions_are_likes_comments_and_shares(
    session: Session, demo: dict[str, Workspace]
) -> None:
    rows = session.execute(
        select(
            Metric.key,
            Datapoint.observed_at,
            Datapoint.campaign_id,
            Datapoint.channel,
            Datapoint.value,
        )
        .join(Metric, Metric.id == Datapoint.metric_id)
        .where(
            Datapoint.workspace_id == demo["demo"].id,
            Metric.key.in_(
                ("content_likes", "content_comments", "content_shares", "content_interactions")
            ),
        )
    )
    parts: dict[tuple[object, ...], float] = defaultdict(float)
    totals: dict[tuple[object, ...], float] = {}
    for key, observed_at, campaign_id, channel, value in rows:
        where = (observed_at, campaign_id, channel)
        if key == "content_interactions":
            totals[where] = value
        else:
            parts[where] += value
    assert totals
    assert totals == parts


def test_the_demo_is_the_same_in_both_languages(
    session: Session, demo: dict[str, Workspace]
) -> None:
    def total(workspace: Workspace, key: str) -> float | None:
        return session.scalar(
            select(func.sum(Datapoint.value))
            .join(Metric, Metric.id == Datapoint.metric_id)
            .where(Datapoint.workspace_id == workspace.id, Metric.key == key)
        )

    for key in ("active_members", "content_views", "backers"):
        assert total(demo["demo"], key) == total(demo["demo-zh"], key)
    english, chinese = total(demo["demo"], "funds_raised"), total(demo["demo-zh"], "funds_raised")
    assert english is not None
    assert chinese is not None
    assert english < chinese  # USD against CNY


def test_the_planted_problems_are_there(session: Session, demo: dict[str, Workspace]) -> None:
    for workspace in demo.values():
        accountable = select(Assignment.scope_id).where(
            ACTIVE, Assignment.raci == Raci.accountable, Assignment.scope_id.is_not(None)
        )
        unowned = session.scalars(
            select(Scope.name).where(
                Scope.workspace_id == workspace.id, Scope.id.not_in(accountable.scalar_subquery())
            )
        ).all()
        assert len(unowned) == 1

        allocation = (
            select(Assignment.member_id, func.sum(Assignment.allocation_percent))
            .where(Assignment.workspace_id == workspace.id, ACTIVE)
            .group_by(Assignment.member_id)
        )
        over = {member for member, percent in session.execute(allocation) if percent > 100}
        assert len(over) == 1

        gaps = session.execute(
            select(Assignment.id)
            .join(RoleRequiredSkill, RoleRequiredSkill.role_id == Assignment.role_id)
            .outerjoin(
                MemberSkill,
                (MemberSkill.member_id == Assignment.member_id)
                & (MemberSkill.skill_id == RoleRequiredSkill.skill_id),
            )
            .where(
                Assignment.workspace_id == workspace.id,
                ACTIVE,
                func.coalesce(MemberSkill.level, 0) < RoleRequiredSkill.min_level,
            )
        ).all()
        assert gaps

        assigned = select(Assignment.member_id).where(ACTIVE)
        idle = session.scalars(
            select(Member.display_name).where(
                Member.workspace_id == workspace.id,
                Member.status == MemberStatus.active,
                Member.id.not_in(assigned.scalar_subquery()),
            )
        ).all()
        assert len(idle) == 1
