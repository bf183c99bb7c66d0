"""A contract's page offers exactly the moves the API accepts from its status: both read
the one table (app/contracts/lifecycle.py, given to the web through app/vocabulary.py)."""

import re
import uuid

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.models import Contract
from app.models.contract import ContractStatus
from tests.factories import Caller, created
from tests.web.conftest import Browser


def put_at(session: Session, contract_id: str, status: ContractStatus) -> None:
    """Set the status directly: the test asks about every status, reachable or not by a walk."""
    session.execute(
        update(Contract).where(Contract.id == uuid.UUID(contract_id)).values(status=status)
    )
    session.commit()


def offered(page: str) -> set[str]:
    select = re.search(r'<select id="contract-next-status"[^>]*>(.*?)</select>', page, re.S)
    return set(re.findall(r'<option value="([^"]+)"', select.group(1))) if select else set()


@pytest.mark.parametrize("status", list(ContractStatus))
def test_a_contracts_page_offers_exactly_the_moves_the_api_accepts(
    web: Browser, owner: Caller, session: Session, status: ContractStatus
) -> None:
    contract = created(
        owner.post("contracts", json={"title": "Lumen sponsorship", "type": "sponsorship"})
    )
    put_at(session, contract["id"], status)
    page = web.get(web.page(f"/contracts/{contract['id']}"))

    accepted = set()
    for target in ContractStatus:
        if target == status:
            continue
        put_at(session, contract["id"], status)
        moved = owner.patch(f"contracts/{contract['id']}", json={"status": target})
        assert moved.status_code in (200, 409), moved.text
        if moved.status_code == 200:
            accepted.add(target.value)

    assert page.status_code == 200
    assert offered(page.text) == accepted
    assert accepted or status in (ContractStatus.terminated, ContractStatus.superseded)
