"""Training: completing one at a higher level raises the skill and keeps its history;
planning one can give the member a task."""

from typing import Any

from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.models.enums import Access
from tests.api.helpers import make_member, seeded
from tests.factories import Caller, created, join

Json = dict[str, Any]


def skill_level(caller: Caller, member: Json, skill: Json) -> int | None:
    found = caller.get(f"members/{member['id']}").json()["skills"]
    return next((s["level"] for s in found if s["skill_id"] == skill["id"]), None)


def test_completing_a_training_at_a_higher_level_raises_the_skill_with_history(
    owner: Caller, clock: SettableClock
) -> None:
    editing = seeded(owner, "skills", "content_production")
    lin = make_member(owner, display_name="Lin", skills=[{"skill_id": editing["id"], "level": 2}])
    training = created(
        owner.post(
            "trainings",
            json={
                "member_id": lin["id"],
                "skill_id": editing["id"],
                "title": "Editing masterclass",
                "hours": 12,
                "level_after": 4,
                "evidence_url": "https://example.com/certificate",
            },
        )
    )
    assert training["level_before"] == 2
    assert skill_level(owner, lin, editing) == 2  # planned, not done yet

    done = owner.patch(f"trainings/{training['id']}", json={"completed_on": "2026-12-11"})

    assert done.status_code == 200
    assert skill_level(owner, lin, editing) == 4
    history = owner.get(f"members/{lin['id']}/skill-history").json()["items"]
    assert [(h["level_before"], h["level_after"], h["training_id"]) for h in history] == [
        (2, 4, training["id"])
    ]


def test_a_training_at_a_lower_level_changes_nothing(owner: Caller) -> None:
    editing = seeded(owner, "skills", "content_production")
    lin = make_member(owner, skills=[{"skill_id": editing["id"], "level": 4}])

    created(
        owner.post(
            "trainings",
            json={
                "member_id": lin["id"],
                "skill_id": editing["id"],
                "title": "Refresher",
                "level_after": 3,
                "completed_on": "2026-11-20",
            },
        )
    )

    assert skill_level(owner, lin, editing) == 4
    assert owner.get(f"members/{lin['id']}/skill-history").json()["items"] == []


def test_planning_a_training_gives_the_member_a_task(owner: Caller, clock: SettableClock) -> None:
    lin = make_member(owner, display_name="Lin")

    training = created(
        owner.post(
            "trainings",
            json={
                "member_id": lin["id"],
                "title": "Community moderation course",
                "ends_on": "2026-12-18",
                "plan_task": True,
            },
        )
    )

    task = owner.get(f"tasks/{training['task_id']}").json()
    assert (task["title"], task["owner_member_id"]) == (
        "Community moderation course",
        lin["id"],
    )
    assert task["due_at"].startswith("2026-12-18")


def test_bad_trainings_name_the_field(owner: Caller) -> None:
    lin = make_member(owner)

    for body, loc in (
        ({"level_after": 6}, "level_after"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"starts_on": "2026-12-10", "ends_on": "2026-12-01"}, None),
    ):
        refused = owner.post("trainings", json={"member_id": lin["id"], "title": "x", **body})
        assert refused.status_code == 422, body
        if loc:
            assert refused.json()["errors"][0]["loc"][:2] == ["body", loc]


def test_only_editors_record_trainings(owner: Caller, session: Session) -> None:
    viewer = join(session, owner, Access.viewer)
    lin = make_member(owner)

    refused = viewer.post("trainings", json={"member_id": lin["id"], "title": "x"})

    assert refused.status_code == 403
    assert viewer.get(f"members/{lin['id']}/skill-history").status_code == 200
