"""Allocation sums: what the API says a member holds is what they were given.

For random assignments (some standing, some in a campaign, some ended, open-ended or not):
- for random days, the assignments the list filters return for a member and a day
  (`member_id` + `active_on`) are exactly the member's active assignments covering that
  day, so their summed `allocation_percent` is the sum over those assignments;
- a member's workload per ISO week (`members_workload`) is the highest daily sum of the
  week over the assignments that ran that day (ended ones count on the days they ran),
  and names exactly those assignments.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.api.helpers import make_campaign, make_member, seeded
from tests.factories import Caller
from tests.properties.support import PROPERTY_SETTINGS

BASE = date(2026, 3, 1)
WINDOW = 40
ROLE_KEYS = ("creator", "project_planner", "community_operations", "data_analysis")

assignment = st.fixed_dictionaries(
    {
        "member": st.integers(0, 1),
        "role": st.integers(0, len(ROLE_KEYS) - 1),
        "in_campaign": st.booleans(),
        "raci": st.sampled_from(("responsible", "consulted", "informed")),
        "allocation_percent": st.integers(0, 100),
        "start": st.integers(0, WINDOW),
        "length": st.one_of(st.none(), st.integers(0, WINDOW)),
        "ended": st.booleans(),
    }
)


@dataclass(frozen=True)
class Setup:
    owner: Caller
    members: list[str]
    roles: list[str]
    campaign: str


@pytest.fixture
def setup(owner: Caller) -> Setup:
    return Setup(
        owner=owner,
        members=[make_member(owner)["id"] for _ in range(2)],
        roles=[seeded(owner, "roles", key)["id"] for key in ROLE_KEYS],
        campaign=make_campaign(owner)["id"],
    )


def covers(item: dict[str, Any], day: date) -> bool:
    ends_on = item["ends_on"] and date.fromisoformat(item["ends_on"])
    return (
        item["status"] == "active"
        and date.fromisoformat(item["starts_on"]) <= day
        and (ends_on is None or day <= ends_on)
    )


def create_all(setup: Setup, wanted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """POST (and maybe end) each wanted assignment; what the API accepted, as last returned."""
    owner = setup.owner
    held: list[dict[str, Any]] = []
    for spec in wanted:
        starts_on = BASE + timedelta(days=spec["start"])
        body = {
            "member_id": setup.members[spec["member"]],
            "role_id": setup.roles[spec["role"]],
            "campaign_id": setup.campaign if spec["in_campaign"] else None,
            "raci": spec["raci"],
            "allocation_percent": spec["allocation_percent"],
            "starts_on": starts_on.isoformat(),
            "ends_on": None
            if spec["length"] is None
            else (starts_on + timedelta(days=spec["length"])).isoformat(),
        }
        twin = any(
            h["status"] == "active"
            and all(h[k] == body[k] for k in ("member_id", "role_id", "campaign_id", "raci"))
            for h in held
        )
        response = owner.post("assignments", json=body)
        if twin:
            assert response.status_code == 409, response.text
            continue
        assert response.status_code == 201, response.text
        item = response.json()
        if spec["ended"]:
            ended = owner.patch(f"assignments/{item['id']}", json={"status": "ended"})
            assert ended.status_code == 200, ended.text
            item = ended.json()
        held.append(item)
    return held


@PROPERTY_SETTINGS
@given(
    wanted=st.lists(assignment, max_size=12),
    days=st.lists(st.integers(-2, 2 * WINDOW + 2), min_size=1, max_size=4, unique=True),
)
def test_a_members_allocation_on_a_day_sums_their_active_assignments(
    setup: Setup,
    fresh_example: Callable[[], AbstractContextManager[None]],
    wanted: list[dict[str, Any]],
    days: list[int],
) -> None:
    owner = setup.owner
    with fresh_example():
        held = create_all(setup, wanted)

        for offset in days:
            day = BASE + timedelta(days=offset)
            for member in setup.members:
                listed = owner.get(
                    "assignments",
                    params={"member_id": member, "active_on": day.isoformat(), "limit": 200},
                ).json()["items"]
                expected = [h for h in held if h["member_id"] == member and covers(h, day)]
                assert sorted(i["id"] for i in listed) == sorted(h["id"] for h in expected)
                assert sum(i["allocation_percent"] for i in listed) == sum(
                    h["allocation_percent"] for h in expected
                )


def ran_on(item: dict[str, Any], day: date) -> bool:
    """Counted in a workload on `day`: from its start through its end (ended ones too)."""
    if date.fromisoformat(item["starts_on"]) > day:
        return False
    if item["ends_on"] is None:
        return bool(item["status"] == "active")
    return day <= date.fromisoformat(item["ends_on"])


@PROPERTY_SETTINGS
@given(wanted=st.lists(assignment, max_size=12))
def test_a_members_weekly_workload_is_the_peak_of_their_daily_sums(
    setup: Setup,
    fresh_example: Callable[[], AbstractContextManager[None]],
    wanted: list[dict[str, Any]],
) -> None:
    owner = setup.owner
    first, last = BASE - timedelta(days=7), BASE + timedelta(days=2 * WINDOW + 7)
    with fresh_example():
        held = create_all(setup, wanted)
        loads = {
            member: owner.get(
                f"members/{member}/workload",
                params={"from": first.isoformat(), "to": last.isoformat()},
            )
            for member in setup.members
        }

    for member, response in loads.items():
        assert response.status_code == 200, response.text
        mine = [h for h in held if h["member_id"] == member]
        for week in response.json()["weeks"]:
            monday = date.fromisoformat(week["starts_on"])
            days = [monday + timedelta(days=i) for i in range(7)]
            daily = [sum(h["allocation_percent"] for h in mine if ran_on(h, d)) for d in days]
            running = {h["id"] for h in mine if any(ran_on(h, d) for d in days)}
            assert week["allocation_percent"] == max(daily), (week, daily)
            assert set(week["assignment_ids"]) == running, week
