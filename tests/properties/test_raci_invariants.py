"""RACI invariants, whatever sequence of creates, changes, ends and deletes the API gets.

- Never more than one active accountable per campaign scope (or per whole campaign).
- An operation is accepted exactly when the rules allow its result (no second active
  accountable for the scope, no active twin of an assignment); refused operations are
  409 problems and change nothing.
"""

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.api.helpers import make_campaign, make_member, seeded
from tests.factories import Caller
from tests.properties.support import PROPERTY_SETTINGS

RACI = ("responsible", "accountable", "consulted", "informed")
MEMBERS, ROLES, CAMPAIGNS = 3, 2, 2

create = st.tuples(
    st.just("create"),
    st.integers(0, MEMBERS - 1),
    st.integers(0, ROLES - 1),
    st.integers(0, CAMPAIGNS - 1),
    st.integers(0, 2),  # 0: the whole campaign, 1–2: one of its scopes
    st.sampled_from(RACI),
)
change = st.one_of(
    st.tuples(st.just("raci"), st.sampled_from(RACI)),
    st.tuples(st.just("scope"), st.integers(0, 2)),
    st.tuples(st.just("status"), st.sampled_from(("ended", "active"))),
    st.tuples(st.just("member"), st.integers(0, MEMBERS - 1)),
    st.tuples(st.just("role"), st.integers(0, ROLES - 1)),
)
update = st.tuples(st.just("update"), st.integers(0, 50), change)
delete = st.tuples(st.just("delete"), st.integers(0, 50))
operations = st.lists(st.one_of(create, create, update, update, delete), min_size=1, max_size=14)

Item = dict[str, Any]
KEY = ("member_id", "role_id", "campaign_id", "scope_id", "raci")


def all_assignments(caller: Caller) -> list[Item]:
    response = caller.get("assignments", params={"limit": 200})
    assert response.status_code == 200, response.text
    assert response.json()["next_cursor"] is None
    return list(response.json()["items"])


def allowed(result: Item, others: list[Item]) -> bool:
    """Would the rules let `result` exist next to `others`?"""
    if result["status"] != "active":
        return True
    active = [o for o in others if o["status"] == "active"]
    if any(all(o[k] == result[k] for k in KEY) for o in active):
        return False  # an exact twin
    place = (result["campaign_id"], result["scope_id"])
    return result["raci"] != "accountable" or not any(
        o["raci"] == "accountable" and (o["campaign_id"], o["scope_id"]) == place for o in active
    )


def one_accountable_per_scope(items: list[Item]) -> None:
    places = Counter(
        (i["campaign_id"], i["scope_id"])
        for i in items
        if i["status"] == "active" and i["raci"] == "accountable"
    )
    assert all(count == 1 for count in places.values()), places


@dataclass(frozen=True)
class Setup:
    owner: Caller
    members: list[str]
    roles: list[str]
    campaigns: list[str]
    places: list[list[str | None]]  # per campaign: the whole campaign, then its scopes


@pytest.fixture
def setup(owner: Caller) -> Setup:
    campaigns = [make_campaign(owner, "Script", "Filming") for _ in range(CAMPAIGNS)]
    return Setup(
        owner=owner,
        members=[make_member(owner)["id"] for _ in range(MEMBERS)],
        roles=[seeded(owner, "roles", key)["id"] for key in ("creator", "project_planner")],
        campaigns=[c["id"] for c in campaigns],
        places=[[None, *(s["id"] for s in c["scopes"])] for c in campaigns],
    )


def attempt(setup: Setup, op: Any, before: list[Item]) -> tuple[httpx.Response, bool, str | None]:
    """Send `op`; returns the response, whether the rules allow it, and the id it removes."""
    owner = setup.owner
    if op[0] == "create":
        _, m, r, c, s, raci = op
        body = {
            "member_id": setup.members[m],
            "role_id": setup.roles[r],
            "campaign_id": setup.campaigns[c],
            "scope_id": setup.places[c][s],
            "raci": raci,
        }
        return (
            owner.post("assignments", json=body),
            allowed({**body, "status": "active"}, before),
            None,
        )
    target = before[op[1] % len(before)]
    url = f"assignments/{target['id']}"
    if op[0] == "delete":
        return owner.delete(url), True, target["id"]
    field, value = op[2]
    if field == "scope":
        patch = {"scope_id": setup.places[setup.campaigns.index(target["campaign_id"])][value]}
    elif field == "member":
        patch = {"member_id": setup.members[value]}
    elif field == "role":
        patch = {"role_id": setup.roles[value]}
    else:
        patch = {field: value}
    others = [i for i in before if i["id"] != target["id"]]
    return owner.patch(url, json=patch), allowed({**target, **patch}, others), None


@PROPERTY_SETTINGS
@given(ops=operations)
def test_one_accountable_per_scope_whatever_the_sequence(
    setup: Setup, fresh_example: Callable[[], AbstractContextManager[None]], ops: list[Any]
) -> None:
    with fresh_example():
        for op in ops:
            before = all_assignments(setup.owner)
            if op[0] != "create" and not before:
                continue
            response, is_allowed, removed = attempt(setup, op, before)
            after = all_assignments(setup.owner)

            if is_allowed:
                assert response.status_code in {200, 201, 204}, (op, response.text)
                assert removed is None or removed not in {i["id"] for i in after}
            else:
                assert response.status_code == 409, (op, response.text)
                problem = response.json()["type"].rsplit("/", 1)[-1]
                assert problem in {"multiple-accountable", "already-exists"}
                assert after == before, "a refused operation changed something"
            one_accountable_per_scope(after)
