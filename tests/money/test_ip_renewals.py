"""IP assets' renewals are reminded like contracts: lead time, −30, −7 and −1 day, once
each, to the members holding the legal role."""

from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock
from tests.api.helpers import assign, make_member, seeded
from tests.factories import Caller, created
from tests.money.test_contracts import scan_at


def test_a_trademark_renewal_is_reminded_at_each_step_once(
    owner: Caller, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    legal = make_member(owner)
    role = seeded(owner, "roles", "legal_affairs")
    assert assign(owner, legal, role, "accountable").status_code == 201
    asset = created(
        owner.post(
            "ip-assets",
            json={
                "title": "Lantern trademark",
                "kind": "trademark",
                "owners": [{"name": "Studio", "share_percent": 100}],
                "renewal_due_on": "2027-03-31",
            },
        )
    )

    for day in (
        "2027-01-29",
        "2027-01-30",
        "2027-01-30",
        "2027-02-15",
        "2027-03-01",
        "2027-03-24",
        "2027-03-30",
        "2027-04-02",
    ):
        scan_at(clock, session_factory, day)

    found = owner.get(
        "activities",
        params={"subject_type": "ip_asset", "subject_id": asset["id"], "limit": 200},
    ).json()["items"]
    sent = sorted(
        (a["occurred_at"][:10], a["member_id"])
        for a in found
        if a["verb"] == "ip_asset.renewal_reminder"
    )
    assert sent == [
        ("2027-01-30", legal["id"]),
        ("2027-03-01", legal["id"]),
        ("2027-03-24", legal["id"]),
        ("2027-03-30", legal["id"]),
    ]
