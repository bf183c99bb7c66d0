"""The demo's planted problems show up in the workspace health check, in both languages."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Member, User
from app.models.enums import Locale
from app.seed.demo import DEMO_EMAIL, seed_demo_workspaces
from tests.factories import Caller, make_token


def demo_caller(client: TestClient, session: Session, slug: str) -> Caller:
    seed_demo_workspaces(session)
    session.commit()
    user = session.scalars(select(User).where(User.email == DEMO_EMAIL)).one()
    member = session.scalars(select(Member).where(Member.user_id == user.id)).first()
    assert member is not None
    return Caller(client, make_token(session, user), slug, user.id, member.id)


def by_code(findings: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["code"] == code]


def test_the_demo_shows_its_planted_findings(client: TestClient, session: Session) -> None:
    demo = demo_caller(client, session, "demo")
    names = {
        m["id"]: m["display_name"]
        for m in demo.get("members", params={"limit": 200}).json()["items"]
    }

    findings = demo.get("health").json()["findings"]

    [unaccountable] = by_code(findings, "no_accountable")
    assert "Safety & permits" in unaccountable["message"]
    [overloaded] = by_code(findings, "over_allocated")
    assert names[overloaded["member_ids"][0]] == "Zhao Min 赵敏"
    assert "105%" in overloaded["message"]
    gaps = by_code(findings, "skill_gap")
    assert gaps
    assert {names[g["member_ids"][0]] for g in gaps} == {"Sun Jiajia 孙佳佳"}
    assert all(g["helper_member_ids"] for g in gaps)
    [idle] = by_code(findings, "idle_member")
    assert names[idle["member_ids"][0]] == "Ma Xin 马欣"
    assert not by_code(findings, "multiple_accountable")


def test_the_chinese_demo_speaks_chinese_to_a_chinese_user(
    client: TestClient, session: Session
) -> None:
    demo = demo_caller(client, session, "demo-zh")
    user = session.scalars(select(User).where(User.email == DEMO_EMAIL)).one()
    user.locale = Locale.zh_cn
    session.commit()

    findings = demo.get("health").json()["findings"]

    [unaccountable] = by_code(findings, "no_accountable")
    assert unaccountable["message"] == "“安全与许可”没有负责人（A）。"


def campaign_findings(demo: Caller) -> dict[str, list[dict[str, Any]]]:
    campaigns = demo.get("campaigns", params={"limit": 50}).json()["items"]
    return {
        c["name"]: demo.get(f"campaigns/{c['id']}/health").json()["findings"] for c in campaigns
    }


def test_the_demo_tells_the_guides_story_healthy_conflict_and_being_staffed(
    client: TestClient, session: Session
) -> None:
    demo = demo_caller(client, session, "demo")

    findings = campaign_findings(demo)

    assert findings["Hidden Crafts of Jiangnan — video series"] == []
    conflict = findings["Hidden Crafts photo book — crowdfunding"]
    [overloaded] = by_code(conflict, "over_allocated")
    assert "Zhao Min" in overloaded["message"]
    assert by_code(conflict, "skill_gap")
    assert not by_code(conflict, "no_accountable")
    being_staffed = findings["Summer fan meetup in Hangzhou"]
    [unowned] = by_code(being_staffed, "no_accountable")
    assert "Safety & permits" in unowned["message"]


def test_the_demo_campaigns_need_the_guides_seven_roles(
    client: TestClient, session: Session
) -> None:
    demo = demo_caller(client, session, "demo")
    roles = {r["id"]: r["name"] for r in demo.get("roles", params={"limit": 200}).json()["items"]}

    assignments = demo.get("assignments", params={"limit": 200}).json()["items"]

    assert len({roles[a["role_id"]] for a in assignments}) == 7


def test_the_chinese_demo_tells_the_same_story(client: TestClient, session: Session) -> None:
    demo = demo_caller(client, session, "demo-zh")

    findings = campaign_findings(demo)

    assert findings["《江南手艺人》系列视频"] == []
    assert by_code(findings["《江南手艺人》摄影集众筹"], "over_allocated")
    assert by_code(findings["杭州夏日粉丝见面会"], "no_accountable")
