"""IP assets and licence grants answer through `app/ip/reads.py` (one Core select each):
every reply is the one the ORM object made before, shares and royalties as decimals."""

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.ip.grants_schemas import LicenceGrantRead
from app.ip.schemas import IPAssetRead
from app.models import IPAsset, LicenceGrant
from tests.factories import Caller, created
from tests.money.helpers import make_partner
from tests.money.test_contracts import make_contract


def asset_oracle(session: Session, asset_id: str) -> dict[str, Any]:
    session.expire_all()
    asset = session.get(IPAsset, uuid.UUID(asset_id))
    return IPAssetRead.model_validate(asset).model_dump(mode="json")


def grant_oracle(session: Session, grant_id: str) -> dict[str, Any]:
    session.expire_all()
    grant = session.get(LicenceGrant, uuid.UUID(grant_id))
    return LicenceGrantRead.model_validate(grant).model_dump(mode="json")


def test_asset_and_grant_replies_are_the_ones_the_orm_made(owner: Caller, session: Session) -> None:
    asset = created(
        owner.post(
            "ip-assets",
            json={
                "title": "Hidden Crafts (series)",
                "kind": "trademark",
                "creators": ["Chen Hao", "Lin Yu"],
                "owners": [
                    {"name": "Lantern Studio", "share_percent": 62.5},
                    {"name": "Chen Hao", "share_percent": 37.5},
                ],
                "created_on": "2025-03-01",
                "registration_number": "TM-2025-0042",
                "jurisdiction": "CN",
                "renewal_due_on": "2035-03-01",
                "notes": "Class 41",
            },
        )
    )
    assert asset == asset_oracle(session, asset["id"])
    changed = owner.patch(f"ip-assets/{asset['id']}", json={"jurisdiction": "CN, HK"})
    assert changed.json() == owner.get(f"ip-assets/{asset['id']}").json()
    assert changed.json() == asset_oracle(session, asset["id"])
    assert owner.get("ip-assets").json()["items"] == [asset_oracle(session, asset["id"])]

    grant = created(
        owner.post(
            "licence-grants",
            json={
                "ip_asset_id": asset["id"],
                "licensee": "River Films",
                "partner_id": make_partner(owner)["id"],
                "contract_id": make_contract(owner)["id"],
                "territory": "Mainland China",
                "media": "Streaming",
                "starts_on": "2027-01-01",
                "ends_on": "2028-12-31",
                "exclusive": True,
                "royalty_percent": 7.25,
                "notes": "Two seasons",
            },
        )
    )
    bare = created(
        owner.post("licence-grants", json={"ip_asset_id": asset["id"], "licensee": "Anyone"})
    )
    assert grant == grant_oracle(session, grant["id"])
    assert bare == grant_oracle(session, bare["id"])
    assert grant["royalty_percent"] == "7.25"
    changed = owner.patch(f"licence-grants/{grant['id']}", json={"exclusive": False})
    assert changed.json() == owner.get(f"licence-grants/{grant['id']}").json()
    assert changed.json() == grant_oracle(session, grant["id"])
    listed = owner.get("licence-grants", params={"ip_asset_id": asset["id"]}).json()["items"]
    assert sorted(g["id"] for g in listed) == sorted([grant["id"], bare["id"]])
    assert all(g == grant_oracle(session, g["id"]) for g in listed)
