"""Replies name their owner (issue 9): an investor, a contract and an obligation carry
`owner_name`, the owner's display name read with them, so a page can name owners without
listing the members."""

from tests.api.helpers import make_member
from tests.factories import Caller, created
from tests.money.test_contracts import make_contract


def test_an_investor_names_its_owner_in_its_reply_and_in_the_list(owner: Caller) -> None:
    keeper = make_member(owner, display_name="Keeper Zhao")
    investor = created(
        owner.post("investors", json={"name": "Riverbank", "owner_member_id": keeper["id"]})
    )

    listed = owner.get("investors").json()["items"]

    assert investor["owner_name"] == "Keeper Zhao"
    assert owner.get(f"investors/{investor['id']}").json()["owner_name"] == "Keeper Zhao"
    assert [(i["name"], i["owner_name"]) for i in listed] == [("Riverbank", "Keeper Zhao")]


def test_an_investor_whose_owner_is_taken_away_names_none(owner: Caller) -> None:
    investor = created(owner.post("investors", json={"name": "Riverbank"}))

    changed = owner.patch(f"investors/{investor['id']}", json={"owner_member_id": None})

    assert changed.status_code == 200, changed.text
    assert changed.json()["owner_name"] is None
    assert owner.get("investors").json()["items"][0]["owner_name"] is None


def test_a_contract_names_its_owner_in_its_reply_and_in_the_list(owner: Caller) -> None:
    keeper = make_member(owner, display_name="Keeper Zhao")
    contract = make_contract(owner, title="Venue hire", owner_member_id=keeper["id"])

    listed = owner.get("contracts").json()["items"]

    assert contract["owner_name"] == "Keeper Zhao"
    assert owner.get(f"contracts/{contract['id']}").json()["owner_name"] == "Keeper Zhao"
    assert [(c["title"], c["owner_name"]) for c in listed] == [("Venue hire", "Keeper Zhao")]


def test_a_contract_whose_owner_is_taken_away_names_none(owner: Caller) -> None:
    contract = make_contract(owner, title="Venue hire")

    changed = owner.patch(f"contracts/{contract['id']}", json={"owner_member_id": None})

    assert changed.status_code == 200, changed.text
    assert changed.json()["owner_name"] is None
    assert owner.get("contracts").json()["items"][0]["owner_name"] is None


def test_an_obligation_names_its_owner_in_its_reply_and_in_the_list(owner: Caller) -> None:
    keeper = make_member(owner, display_name="Keeper Zhao")
    contract = make_contract(owner, title="Venue hire")
    body = {
        "contract_id": contract["id"],
        "description": "Send the logo",
        "due_on": "2026-12-01",
        "owner_member_id": keeper["id"],
    }
    obligation = created(owner.post("obligations", json=body))

    listed = owner.get("obligations", params={"contract_id": contract["id"]}).json()["items"]
    done = owner.post(f"obligations/{obligation['id']}/complete")

    assert obligation["owner_name"] == "Keeper Zhao"
    assert owner.get(f"obligations/{obligation['id']}").json()["owner_name"] == "Keeper Zhao"
    assert [(o["description"], o["owner_name"]) for o in listed] == [
        ("Send the logo", "Keeper Zhao")
    ]
    assert done.json()["owner_name"] == "Keeper Zhao"


def test_an_obligation_whose_owner_is_taken_away_names_none(owner: Caller) -> None:
    contract = make_contract(owner, title="Venue hire")
    body = {"contract_id": contract["id"], "description": "Send the logo", "due_on": "2026-12-01"}
    obligation = created(owner.post("obligations", json=body))

    changed = owner.patch(f"obligations/{obligation['id']}", json={"owner_member_id": None})

    assert changed.status_code == 200, changed.text
    assert changed.json()["owner_name"] is None
