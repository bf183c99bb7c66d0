"""Races between concurrent requests, on a live server and a real database.

- 50 PATCHes with one `If-Match`: exactly one wins, the rest are 412, and the object
  ends up as the winner left it.
- 50 POSTs with one `Idempotency-Key`: one object, 50 identical 201 answers.
- 2 and 20 requests racing to be the accountable of one scope (or one whole campaign),
  by creating or by changing an assignment: one wins, the others get a 409 problem, and
  one active accountable is left (the database's partial unique indexes make sure of it
  on PostgreSQL, `BEGIN IMMEDIATE` serialises writers on SQLite).
"""

import uuid
from collections import Counter

import httpx
import pytest

from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.concurrency.conftest import Live, all_at_once
from tests.factories import Caller, created

pytestmark = pytest.mark.concurrency

PROBLEM = "application/problem+json"
RACERS = 50


def problem_type(response: httpx.Response) -> str:
    assert response.headers["content-type"] == PROBLEM, response.text
    return str(response.json()["type"]).rsplit("/", 1)[-1]


def test_concurrent_patches_with_one_etag_let_exactly_one_win(owner: Caller) -> None:
    member = make_member(owner, title="Editor")
    url = f"members/{member['id']}"
    etag = owner.get(url).headers["ETag"]

    responses = all_at_once(
        RACERS,
        lambda i: owner.patch(url, json={"title": f"Title {i}"}, headers={"If-Match": etag}),
    )

    assert Counter(r.status_code for r in responses) == {200: 1, 412: RACERS - 1}
    assert {problem_type(r) for r in responses if r.status_code == 412} == {"precondition-failed"}
    winner = next(i for i, r in enumerate(responses) if r.status_code == 200)
    final = owner.get(url)
    assert final.json()["title"] == f"Title {winner}"
    assert final.json() == responses[winner].json()
    assert final.headers["ETag"] == responses[winner].headers["ETag"] != etag


def test_concurrent_posts_with_one_idempotency_key_create_one_object(
    owner: Caller, live: Live
) -> None:
    key = str(uuid.uuid4())
    name = f"Only once {key[:8]}"

    responses = all_at_once(
        RACERS,
        lambda _: owner.post(
            "members", json={"display_name": name}, headers={"Idempotency-Key": key}
        ),
    )

    assert Counter(r.status_code for r in responses) == {201: RACERS}, [
        r.text for r in responses if r.status_code != 201
    ]
    assert len({r.content for r in responses}) == 1
    assert len({r.headers["ETag"] for r in responses}) == 1
    assert sum("idempotent-replayed" not in r.headers for r in responses) == 1
    assert live.scalar("SELECT count(*) FROM members WHERE display_name = :n", n=name) == 1


def active_accountables(live: Live, campaign_id: str) -> int:
    return int(
        live.scalar(
            "SELECT count(*) FROM assignments WHERE campaign_id = :c "
            "AND raci = 'accountable' AND status = 'active'",
            c=uuid.UUID(campaign_id).hex if live.engine.dialect.name == "sqlite" else campaign_id,
        )
    )


@pytest.mark.parametrize("racers", [2, 20])
@pytest.mark.parametrize("whole_campaign", [False, True], ids=["scope", "campaign"])
def test_concurrent_accountables_for_one_scope_leave_exactly_one(
    owner: Caller, live: Live, racers: int, whole_campaign: bool
) -> None:
    campaign = make_campaign(owner, "Script")
    scope = None if whole_campaign else campaign["scopes"][0]
    role = seeded(owner, "roles", "creator")
    members = [make_member(owner) for _ in range(racers)]

    responses = all_at_once(
        racers, lambda i: assign(owner, members[i], role, "accountable", campaign, scope)
    )

    assert Counter(r.status_code for r in responses) == {201: 1, 409: racers - 1}
    assert {problem_type(r) for r in responses if r.status_code == 409} == {"multiple-accountable"}
    assert active_accountables(live, campaign["id"]) == 1
    listed = owner.get(
        "assignments", params={"campaign_id": campaign["id"], "raci": "accountable"}
    ).json()["items"]
    assert [a["id"] for a in listed] == [r.json()["id"] for r in responses if r.status_code == 201]


@pytest.mark.parametrize("racers", [2, 20])
def test_concurrent_promotions_to_accountable_leave_exactly_one(
    owner: Caller, live: Live, racers: int
) -> None:
    campaign = make_campaign(owner, "Script")
    scope = campaign["scopes"][0]
    role = seeded(owner, "roles", "creator")
    assignments = [
        created(assign(owner, make_member(owner), role, "responsible", campaign, scope))
        for _ in range(racers)
    ]

    responses = all_at_once(
        racers,
        lambda i: owner.patch(f"assignments/{assignments[i]['id']}", json={"raci": "accountable"}),
    )

    assert Counter(r.status_code for r in responses) == {200: 1, 409: racers - 1}
    assert {problem_type(r) for r in responses if r.status_code == 409} == {"multiple-accountable"}
    assert active_accountables(live, campaign["id"]) == 1


def test_a_burst_beyond_the_pool_and_the_worker_threads_is_served_without_errors(
    owner: Caller, live: Live
) -> None:
    """More requests at once than connections and worker threads: all are served.

    Admitted without limit, such a burst stalled: requests holding a connection (and
    locks) waited for a worker thread, while every thread waited for a connection or a
    lock; after the 30 s timeouts, 500s.
    """
    burst = 150

    responses = all_at_once(
        burst,
        lambda i: (
            owner.post("members", json={"display_name": f"Burst {i}"})
            if i % 3 == 0
            else owner.get("members", params={"limit": 5})
        ),
    )

    assert Counter(r.status_code for r in responses) == {201: burst // 3, 200: burst - burst // 3}
    stored = live.scalar(
        "SELECT count(*) FROM members m JOIN workspaces w ON w.id = m.workspace_id "
        "WHERE w.slug = :slug AND m.display_name LIKE 'Burst %'",
        slug=owner.workspace,
    )
    assert stored == 50
