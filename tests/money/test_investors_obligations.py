"""Investor relations, contract obligations in the owner's week, and deal deliverables
that become tasks once the deal is won."""

from typing import Any

from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.factories import Caller, created, join
from tests.money.helpers import cny, make_deal, move, usd


def test_investors_move_along_the_pipeline_with_tickets_summed_per_currency(
    owner: Caller,
) -> None:
    angels = created(
        owner.post(
            "investors",
            json={"name": "Riverbank Angels", "ticket": cny(50_000_00), "stage": "meeting"},
        )
    )
    created(
        owner.post(
            "investors", json={"name": "Hill Fund", "ticket": usd(20_000_00), "stage": "meeting"}
        )
    )
    created(
        owner.post(
            "investors", json={"name": "Lake VC", "ticket": cny(10_000_00), "stage": "meeting"}
        )
    )
    etag = owner.get(f"investors/{angels['id']}").headers["etag"]

    moved = owner.patch(
        f"investors/{angels['id']}",
        json={
            "stage": "term_sheet",
            "last_contact_on": "2026-11-28",
            "next_step": "Review the term sheet",
            "next_step_due_on": "2026-12-02",
        },
        headers={"If-Match": etag},
    )
    pipeline = {s["stage"]: s for s in owner.get("investors/pipeline").json()["stages"]}

    assert moved.status_code == 200
    assert moved.json()["stage"] == "term_sheet"
    assert angels["owner_member_id"] == str(owner.member_id)
    assert pipeline["meeting"]["count"] == 2
    assert pipeline["meeting"]["tickets"] == [cny(10_000_00), usd(20_000_00)]
    assert pipeline["term_sheet"]["tickets"] == [cny(50_000_00)]
    assert pipeline["prospect"] == {"stage": "prospect", "count": 0, "tickets": []}


def test_a_viewer_reads_investors_but_cannot_add_one(owner: Caller, session: Session) -> None:
    viewer = join(session, owner, Access.viewer)
    created(owner.post("investors", json={"name": "Riverbank Angels"}))

    assert len(viewer.get("investors").json()["items"]) == 1
    assert viewer.post("investors", json={"name": "X"}).status_code == 403


def contract(owner: Caller, **fields: Any) -> dict[str, Any]:
    body = {"title": "Sponsorship", "type": "sponsorship", "end_on": "2027-12-31", **fields}
    return created(owner.post("contracts", json=body))


def test_an_obligation_is_the_contract_owners_and_shows_in_their_week(owner: Caller) -> None:
    the_contract = contract(owner, owner_member_id=str(owner.member_id))
    due = created(
        owner.post(
            "obligations",
            json={
                "contract_id": the_contract["id"],
                "description": "Send the monthly report",
                "due_on": "2026-12-03",
                "recurrence": "monthly",
            },
        )
    )
    created(
        owner.post(
            "obligations",
            json={
                "contract_id": the_contract["id"],
                "description": "Renew the venue booking",
                "due_on": "2027-03-01",
            },
        )
    )

    week = owner.get(
        "obligations",
        params={
            "owner_member_id": str(owner.member_id),
            "status": "open",
            "due_before": "2026-12-07",
        },
    ).json()["items"]

    assert due["owner_member_id"] == str(owner.member_id)
    assert [o["description"] for o in week] == ["Send the monthly report"]


def test_completing_a_recurring_obligation_moves_it_to_its_next_due_date(
    owner: Caller, clock: Any
) -> None:
    the_contract = contract(owner)
    monthly = created(
        owner.post(
            "obligations",
            json={
                "contract_id": the_contract["id"],
                "description": "Report",
                "due_on": "2027-01-31",
                "recurrence": "monthly",
            },
        )
    )
    once = created(
        owner.post(
            "obligations",
            json={
                "contract_id": the_contract["id"],
                "description": "Deliver logo files",
                "due_on": "2026-12-01",
            },
        )
    )

    next_one = owner.post(f"obligations/{monthly['id']}/complete").json()
    done = owner.post(f"obligations/{once['id']}/complete").json()

    after_that = owner.post(f"obligations/{monthly['id']}/complete").json()

    assert (next_one["due_on"], next_one["status"]) == ("2027-02-28", "open")
    assert next_one["last_done_on"] == "2026-11-30"
    assert after_that["due_on"] == "2027-03-31"  # the day of the month a person set
    assert done["status"] == "done"


def test_an_obligation_of_another_workspaces_contract_is_not_found(
    owner: Caller, outsider: Caller
) -> None:
    theirs = contract(outsider)

    answer = owner.post(
        "obligations",
        json={"contract_id": theirs["id"], "description": "x", "due_on": "2027-01-01"},
    )

    assert answer.status_code == 404


def test_a_won_deals_deliverables_become_its_owners_tasks_once(owner: Caller) -> None:
    deal = make_deal(
        owner,
        owner_member_id=str(owner.member_id),
        value=cny(100_000_00),
        deliverables=["Two sponsored videos", "Logo on the stream overlay"],
    )
    assert move(owner, deal, "Negotiating").status_code == 200
    assert owner.get("tasks").json()["items"] == []

    won = move(owner, deal, "Won")
    again = move(owner, deal, "Negotiating")
    move(owner, deal, "Won")
    tasks = owner.get("tasks").json()["items"]

    assert won.status_code == again.status_code == 200
    assert sorted(t["title"] for t in tasks) == [
        "Logo on the stream overlay",
        "Two sponsored videos",
    ]
    assert {t["owner_member_id"] for t in tasks} == {str(owner.member_id)}
    assert deal["id"] in tasks[0]["description"]
