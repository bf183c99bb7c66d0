"""The health check's fast path (set-based reads, interval sweeps, the numpy week grid,
the caches by workspace and by campaign version) agrees with a straightforward
day-by-day evaluation, on random small workspaces (issue 9).

The oracle walks every day of the period and counts: no accountable on some day, two
or more people accountable on one day, a week whose busiest day is above 100 %, an
active member with nothing on any day.
"""

from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.division.periods import monday, week_label
from tests.api.division_helpers import TODAY, make_role
from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller
from tests.properties.support import PROPERTY_SETTINGS

MEMBERS, FIRST, LAST = 3, TODAY - timedelta(days=3), TODAY + timedelta(days=10)
Item = dict[str, Any]

create = st.tuples(
    st.just("create"),
    st.integers(0, MEMBERS - 1),
    st.integers(0, 2),  # one of three scopes (two campaigns)
    st.sampled_from(("accountable", "responsible", "consulted")),
    st.sampled_from((0, 30, 60)),
    st.integers(-8, 12),  # starts, days from today
    st.one_of(st.none(), st.integers(0, 14)),  # lasts (days), or no end
)
end = st.tuples(st.just("end"), st.integers(0, 20), st.integers(-2, 12))
operations = st.lists(st.one_of(create, create, end), min_size=1, max_size=10)


def counts(a: Item, day: date) -> bool:
    starts = date.fromisoformat(a["starts_on"])
    if a["ends_on"] is None:
        return a["status"] == "active" and starts <= day
    return starts <= day <= date.fromisoformat(a["ends_on"])


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def oracle(assignments: list[Item], scopes: list[str], members: list[str]) -> set[tuple[Any, ...]]:
    found: set[tuple[Any, ...]] = set()
    period = days(FIRST, LAST)
    for scope in scopes:
        accountable = [
            a for a in assignments if a["scope_id"] == scope and a["raci"] == "accountable"
        ]
        for day in period:
            people = {a["member_id"] for a in accountable if counts(a, day)}
            if not people:
                found.add(("no_accountable", scope))
            if len(people) > 1:
                found.add(("multiple_accountable", scope))
    weeks = days(monday(FIRST), monday(LAST) + timedelta(days=6))
    for member in members:
        mine = [a for a in assignments if a["member_id"] == member]
        peaks: dict[str, int] = defaultdict(int)
        for day in weeks:
            load = sum(a["allocation_percent"] for a in mine if counts(a, day))
            peaks[week_label(day)] = max(peaks[week_label(day)], load)
        over = tuple(sorted(week for week, peak in peaks.items() if peak > 100))
        if over:
            found.add(("over_allocated", member, over))
        if not any(counts(a, day) for a in mine for day in period):
            found.add(("idle_member", member))
    return found


def observed(owner: Caller) -> set[tuple[Any, ...]]:
    params = {"from": FIRST.isoformat(), "to": LAST.isoformat(), "limit": 200}
    body = owner.get("health", params=params).json()
    assert body["next_cursor"] is None
    found: set[tuple[Any, ...]] = set()
    for f in body["findings"]:
        if f["code"] in ("no_accountable", "multiple_accountable"):
            found.add((f["code"], f["scope_id"]))
        elif f["code"] == "over_allocated":
            found.add((f["code"], f["member_ids"][0], tuple(sorted(f["weeks"]))))
        elif f["code"] == "idle_member":
            found.add((f["code"], f["member_ids"][0]))
    return found


@PROPERTY_SETTINGS
@given(ops=operations)
def test_the_fast_path_finds_what_a_day_by_day_walk_finds(
    owner: Caller,
    fresh_example: Callable[[], AbstractContextManager[None]],
    ops: list[tuple[Any, ...]],
) -> None:
    with fresh_example():
        role = make_role(owner)
        members = [make_member(owner, display_name=f"M{i}")["id"] for i in range(MEMBERS)]
        first = make_campaign(owner, "S0", "S1", status="active")
        second = make_campaign(owner, "S2", status="active")
        scopes = [s["id"] for s in first["scopes"] + second["scopes"]]
        campaign_of = {s: c["id"] for c in (first, second) for s in (x["id"] for x in c["scopes"])}
        created: list[str] = []
        before = observed(owner)  # a cached check that every write below must outdate
        for op in ops:
            if op[0] == "create":
                _, member, scope, raci, allocation, starts, lasts = op
                response = owner.post(
                    "assignments",
                    json={
                        "member_id": members[member],
                        "role_id": role["id"],
                        "campaign_id": campaign_of[scopes[scope]],
                        "scope_id": scopes[scope],
                        "raci": raci,
                        "allocation_percent": allocation,
                        "starts_on": (TODAY + timedelta(days=starts)).isoformat(),
                        "ends_on": None
                        if lasts is None
                        else (TODAY + timedelta(days=starts + lasts)).isoformat(),
                    },
                )
                assert response.status_code in (201, 409), response.text
                if response.status_code == 201:
                    created.append(response.json()["id"])
            elif created:
                _, which, at = op
                target = created[which % len(created)]
                current = owner.get(f"assignments/{target}").json()
                ends = max(date.fromisoformat(current["starts_on"]), TODAY + timedelta(days=at))
                response = owner.patch(
                    f"assignments/{target}", json={"status": "ended", "ends_on": ends.isoformat()}
                )
                assert response.status_code in (200, 409, 422), response.text
            # Checked after every write: each campaign's cached findings must follow the
            # writes to it, and only those (issue 9).
            assert observed(owner) == expected(owner, scopes)
        assert before is not None


def expected(owner: Caller, scopes: list[str]) -> set[tuple[Any, ...]]:
    everyone = [m["id"] for m in owner.get("members", params={"limit": 200}).json()["items"]]
    assignments = owner.get("assignments", params={"limit": 200}).json()["items"]
    return oracle(assignments, scopes, everyone)
