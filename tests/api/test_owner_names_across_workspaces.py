"""An owner's name is read only from the row's own workspace (defence in depth): a row
whose owner id names another workspace's member — which the API refuses to write, so the
test sets it through the session — is shown with no owner name, never that member's."""

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.models import Contract, Investor
from app.models.paper import Obligation
from tests.factories import Caller, created
from tests.money.test_contracts import make_contract

Made = tuple[str, dict[str, str]]  # the new row's id, and the list's filter that shows it


def new_contract(owner: Caller) -> Made:
    return make_contract(owner, title="Venue hire")["id"], {}


def new_investor(owner: Caller) -> Made:
    return created(owner.post("investors", json={"name": "Riverbank"}))["id"], {}


def new_obligation(owner: Caller) -> Made:
    contract = make_contract(owner, title="Venue hire")
    body = {"contract_id": contract["id"], "description": "Send the logo", "due_on": "2026-12-01"}
    return created(owner.post("obligations", json=body))["id"], {"contract_id": contract["id"]}


@pytest.mark.parametrize(
    ("path", "table", "make"),
    [
        ("contracts", Contract, new_contract),
        ("investors", Investor, new_investor),
        ("obligations", Obligation, new_obligation),
    ],
)
def test_a_row_owned_by_another_workspaces_member_names_no_owner(
    owner: Caller,
    outsider: Caller,
    session: Session,
    path: str,
    table: type[Contract | Investor | Obligation],
    make: Callable[[Caller], Made],
) -> None:
    row_id, shown_by = make(owner)

    session.execute(
        update(table)
        .where(table.id == uuid.UUID(row_id))
        .values(owner_member_id=uuid.UUID(str(outsider.member_id)))
    )
    session.commit()

    assert owner.get(f"{path}/{row_id}").json()["owner_name"] is None
    assert [r["owner_name"] for r in owner.get(path, params=shown_by).json()["items"]] == [None]
