"""The IP register: owners' shares must sum to 100 %."""

from tests.factories import Caller, created

WORK = {"title": "Hidden Crafts (series)", "kind": "work", "creators": ["Chen Hao"]}


def test_an_asset_is_registered_with_shares_summing_to_100(owner: Caller) -> None:
    owners = [
        {"name": "Lantern Studio", "share_percent": 70},
        {"name": "Chen Hao", "share_percent": 30},
    ]

    asset = created(owner.post("ip-assets", json={**WORK, "owners": owners}))

    assert [o["share_percent"] for o in asset["owners"]] == ["70", "30"]


def test_shares_not_summing_to_100_are_refused_and_nothing_is_stored(owner: Caller) -> None:
    owners = [
        {"name": "Lantern Studio", "share_percent": 60},
        {"name": "Chen Hao", "share_percent": 30},
    ]

    response = owner.post("ip-assets", json={**WORK, "owners": owners})

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "owners"]
    assert "90" in response.json()["errors"][0]["msg"]
    assert owner.get("ip-assets").json()["items"] == []


def test_changing_the_owners_is_checked_too(owner: Caller) -> None:
    asset = created(
        owner.post("ip-assets", json={**WORK, "owners": [{"name": "Studio", "share_percent": 100}]})
    )

    response = owner.patch(
        f"ip-assets/{asset['id']}", json={"owners": [{"name": "Studio", "share_percent": 99.5}]}
    )

    assert response.status_code == 422
