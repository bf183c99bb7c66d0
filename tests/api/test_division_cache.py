"""Health checks are cached per workspace version: every write bumps it, so a check is
reused only while nothing changed (issue 9)."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.division import own, versions
from app.division.data import CampaignInfo
from app.division.rules import campaign_findings
from app.division.schemas import FindingData
from app.models import Workspace
from tests.api.division_helpers import make_role, make_scene, make_skill
from tests.api.helpers import assign, make_member
from tests.api.test_division_statements import statements
from tests.factories import Caller, created


def test_a_repeated_check_reads_only_the_version(owner: Caller, connection: Connection) -> None:
    scene = make_scene(owner)
    path = f"campaigns/{scene.campaign['id']}/health"

    first = statements(owner, connection, path)
    again = statements(owner, connection, path)
    workspace_first = statements(owner, connection, "health")
    workspace_again = statements(owner, connection, "health", code="idle_member")

    assert again < first
    assert workspace_again < workspace_first  # another filter of the same check: a hit


def workspace_id(session: Session, owner: Caller) -> uuid.UUID:
    return session.scalars(select(Workspace.id).where(Workspace.slug == owner.workspace)).one()


def test_every_write_makes_the_next_check_fresh(owner: Caller, session: Session) -> None:
    scene = make_scene(owner)
    assert scene.codes() == []
    before = versions.current(session, workspace_id(session, owner))

    newcomer = make_member(owner)
    created(assign(owner, newcomer, scene.role, "responsible", scene.campaign, scene.scope))
    overlap = scene.codes()
    owner.patch(f"members/{scene.lin['id']}", json={"display_name": "Lin Renamed"})
    owner.delete(f"assignments/{scene.accountable['id']}")

    assert overlap == ["overlap"]
    session.expire_all()
    assert versions.current(session, workspace_id(session, owner)) != before
    assert scene.codes() == ["no_accountable", "overlap"]


def test_a_failed_write_does_not_bump_the_version(owner: Caller, session: Session) -> None:
    scene = make_scene(owner)
    before = versions.current(session, workspace_id(session, owner))

    refused = assign(owner, scene.zhou, scene.role, "accountable", scene.campaign, scene.scope)

    assert refused.status_code == 409
    session.expire_all()
    assert versions.current(session, workspace_id(session, owner)) == before


class Judged:
    """Spies on the rules of one campaign: which campaigns each check judged afresh."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.campaigns: list[uuid.UUID] = []
        rules = campaign_findings

        def spied(campaign: CampaignInfo, *args: Any) -> list[FindingData]:
            self.campaigns.append(uuid.UUID(campaign.id))
            return rules(campaign, *args)

        monkeypatch.setattr(own, "campaign_findings", spied)

    def since(self, action: Callable[[], object]) -> list[uuid.UUID]:
        self.campaigns.clear()
        action()
        return sorted(self.campaigns)


def test_a_write_to_one_campaign_judges_only_that_one_again(
    owner: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = make_scene(owner), make_scene(owner)
    judged = Judged(monkeypatch)

    def check() -> dict[str, Any]:
        response = owner.get("health")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    assert judged.since(check) != []  # the first check judges every campaign
    owner.delete(f"assignments/{first.accountable['id']}")
    after_write = judged.since(check)
    fresh = check()

    assert after_write == [uuid.UUID(first.campaign["id"])]  # the second one's were reused
    assert [(s["campaign_id"], s["summary"]["errors"]) for s in fresh["campaigns"]] == [
        (first.campaign["id"], 1),
        (second.campaign["id"], 0),
    ]
    assert [f["code"] for f in fresh["findings"] if f["severity"] == "error"] == ["no_accountable"]


def test_a_write_every_campaign_reads_judges_them_all_again(
    owner: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = make_scene(owner), make_scene(owner)
    judged = Judged(monkeypatch)
    judged.since(lambda: owner.get("health"))

    owner.patch(f"members/{second.lin['id']}", json={"display_name": "Lin Renamed"})

    assert judged.since(lambda: owner.get("health")) == sorted(
        uuid.UUID(scene.campaign["id"]) for scene in (first, second)
    )


def test_a_campaign_taking_on_a_role_learns_who_holds_its_skills(owner: Caller) -> None:
    scene = make_scene(owner)
    skill = make_skill(owner)
    wu = make_member(owner, display_name="Wu")
    owner.patch(f"members/{wu['id']}", json={"skills": [{"skill_id": skill["id"], "level": 3}]})
    drafting = make_role(owner, (skill, 2))
    assert scene.codes() == []  # checked before the campaign needs the skill

    scene.assign(scene.zhou, "responsible", role=drafting)
    (gap,) = [f for f in scene.health()["findings"] if f["code"] == "skill_gap"]

    assert gap["helper_member_ids"] == [wu["id"]]
