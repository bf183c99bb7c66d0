"""Training pages: a skill gap's "Plan a training" gives the member a training and a task;
completing it on the trainings page raises the member's skill."""

import re

from app.core.clock import SettableClock
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created
from tests.web.conftest import Browser


def test_a_skill_gap_plans_a_training_that_raises_the_skill_when_done(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    legal = seeded(owner, "roles", "legal_affairs")
    jia = make_member(owner, display_name="Junior Jia")
    campaign = make_campaign(owner, "Contract", status="active")
    created(assign(owner, jia, legal, "responsible", campaign, campaign["scopes"][0]))
    gap = next(g for g in owner.get("skill-gaps").json()["items"] if g["member_id"] == jia["id"])

    skills = web.get(web.page("/skills")).text
    planned = web.post(
        web.page("/trainings/plan"),
        {
            "member_id": gap["member_id"],
            "skill_id": gap["skill_id"],
            "skill_name": gap["skill_name"],
            "level_after": str(gap["min_level"]),
        },
    )

    assert "Plan a training" in skills
    assert planned.status_code == 303
    (training,) = owner.get("trainings", params={"member_id": jia["id"]}).json()["items"]
    assert training["title"] == f"Training in {gap['skill_name']}"
    assert training["level_after"] == gap["min_level"]
    task = owner.get(f"tasks/{training['task_id']}").json()
    assert task["owner_member_id"] == jia["id"]
    page = web.get(web.page("/trainings")).text
    assert re.search(r"Training in .*Junior Jia", page)

    web.post(web.page(f"/trainings/{training['id']}/complete"), {})

    history = owner.get(f"members/{jia['id']}/skill-history").json()["items"]
    assert [(h["skill_id"], h["level_after"]) for h in history] == [
        (gap["skill_id"], gap["min_level"])
    ]
    assert "No training is planned." in web.get(web.page("/trainings")).text
