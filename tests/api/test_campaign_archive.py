"""An archived campaign leaves the lists and pickers, keeps its history, and can come back."""

from tests.api.helpers import make_campaign
from tests.factories import Caller, created


def listed(owner: Caller, **params: object) -> list[str]:
    return [c["id"] for c in owner.get("campaigns", params=params).json()["items"]]


def test_archiving_hides_a_campaign_from_the_list_but_not_from_its_address(
    owner: Caller,
) -> None:
    campaign = make_campaign(owner, "Script")

    archived = owner.patch(f"campaigns/{campaign['id']}", json={"archived": True})

    assert archived.status_code == 200
    assert archived.json()["archived_at"] is not None
    assert campaign["id"] not in listed(owner)
    assert listed(owner, archived=True) == [campaign["id"]]
    assert owner.get(f"campaigns/{campaign['id']}").json()["scopes"][0]["name"] == "Script"


def test_restoring_brings_it_back_and_both_are_in_the_activity(owner: Caller) -> None:
    campaign = created(owner.post("campaigns", json={"name": "Spring drive"}))
    owner.patch(f"campaigns/{campaign['id']}", json={"archived": True})

    restored = owner.patch(f"campaigns/{campaign['id']}", json={"archived": False})

    assert restored.json()["archived_at"] is None
    assert campaign["id"] in listed(owner)
    verbs = [
        a["after"].get("archived_at") is None
        for a in owner.get("activities", params={"campaign_id": campaign["id"]}).json()["items"]
        if a["verb"] == "campaign.updated"
    ]
    assert sorted(verbs) == [False, True]


def test_archiving_an_archived_campaign_changes_nothing(owner: Caller) -> None:
    campaign = make_campaign(owner)
    first = owner.patch(f"campaigns/{campaign['id']}", json={"archived": True}).json()

    again = owner.patch(f"campaigns/{campaign['id']}", json={"archived": True}).json()

    assert again["archived_at"] == first["archived_at"]
