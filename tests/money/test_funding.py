"""Funding goals (each kind its own progress), tiers checked like Open Collective's,
contributions that never count twice, and crowdfunding settled at the deadline."""

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock
from app.jobs.runner import run_due_jobs
from tests.api.helpers import make_campaign
from tests.factories import Caller, created
from tests.money.helpers import cny, usd

FLEXIBLE = {
    "name": "Backer",
    "kind": "reward",
    "amount_type": "flexible",
    "currency": "CNY",
    "preset_amounts_minor": [5000, 10000, 50000],
    "default_amount_minor": 10000,
    "minimum_amount_minor": 2000,
}


def contribute(caller: Caller, amount: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {"contributor_name": "Li Lei", "amount": amount, **fields}
    return created(caller.post("contributions", json=body))


def refused_fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    return [e["loc"][-1] for e in response.json()["errors"]]


def test_a_fixed_tier_needs_an_amount(owner: Caller) -> None:
    body = {"name": "Patron", "kind": "membership", "amount_type": "fixed", "currency": "CNY"}

    assert refused_fields(owner.post("tiers", json=body)) == ["amount_minor"]
    assert owner.get("tiers").json()["items"] == []


def test_a_tiers_default_must_be_among_its_presets(owner: Caller) -> None:
    response = owner.post("tiers", json={**FLEXIBLE, "default_amount_minor": 7000})

    assert refused_fields(response) == ["default_amount_minor"]


def test_a_tiers_minimum_must_not_exceed_the_smallest_preset(owner: Caller) -> None:
    response = owner.post("tiers", json={**FLEXIBLE, "minimum_amount_minor": 6000})

    assert refused_fields(response) == ["minimum_amount_minor"]


def test_changing_a_tier_is_checked_against_what_it_already_has(owner: Caller) -> None:
    tier = created(owner.post("tiers", json=FLEXIBLE))

    response = owner.patch(f"tiers/{tier['id']}", json={"preset_amounts_minor": [20000]})

    assert refused_fields(response) == ["default_amount_minor"]


def test_a_contribution_below_the_tiers_minimum_or_in_another_currency_is_refused(
    owner: Caller,
) -> None:
    tier = created(owner.post("tiers", json=FLEXIBLE))

    low = owner.post(
        "contributions",
        json={"contributor_name": "A", "amount": cny(100), "tier_id": tier["id"]},
    )
    dollars = owner.post(
        "contributions",
        json={"contributor_name": "A", "amount": usd(9000), "tier_id": tier["id"]},
    )

    assert refused_fields(low) == ["amount_minor"]
    assert refused_fields(dollars) == ["currency"]


def test_a_sold_out_tier_takes_no_more_contributions(owner: Caller) -> None:
    tier = created(owner.post("tiers", json={**FLEXIBLE, "quantity_limit": 1}))
    contribute(owner, cny(10000), tier_id=tier["id"])

    again = owner.post(
        "contributions", json={"contributor_name": "B", "amount": cny(10000), "tier_id": tier["id"]}
    )

    assert again.status_code == 409


def test_the_same_external_id_from_the_same_source_is_a_conflict(owner: Caller) -> None:
    contribute(owner, cny(5000), source="afdian", external_id="af-1")

    duplicate = owner.post(
        "contributions",
        json={
            "contributor_name": "Li Lei",
            "amount": cny(5000),
            "source": "afdian",
            "external_id": "af-1",
        },
    )
    other_source = contribute(owner, cny(5000), source="stripe", external_id="af-1")

    assert duplicate.status_code == 409
    assert other_source["external_id"] == "af-1"
    assert len(owner.get("contributions").json()["items"]) == 2


def test_re_importing_a_processors_export_never_counts_twice(owner: Caller) -> None:
    goal = created(
        owner.post("funding-goals", json={"name": "Film", "kind": "one_off", "target": cny(100000)})
    )
    export = {
        "source": "afdian",
        "items": [
            {"external_id": f"af-{n}", "contributor_name": f"Backer {n}", "amount": cny(10000)}
            for n in range(3)
        ],
    }

    first = owner.post("contributions/import", json=export)
    second = owner.post("contributions/import", json=export)

    assert first.json() == {"created": 3, "already_imported": 0}
    assert second.json() == {"created": 0, "already_imported": 3}
    progress = owner.get(f"funding-goals/{goal['id']}").json()["progress"]
    assert progress["raised"] == cny(30000)
    assert progress["percent"] == 30.0


def test_each_goal_kind_has_its_own_progress(owner: Caller, clock: SettableClock) -> None:
    one_off = created(
        owner.post(
            "funding-goals", json={"name": "Camera", "kind": "one_off", "target": cny(100000)}
        )
    )
    monthly = created(
        owner.post(
            "funding-goals",
            json={"name": "Rent", "kind": "monthly_recurring", "target": cny(12000)},
        )
    )
    contribute(owner, cny(50000))
    contribute(owner, cny(3000), interval="month")
    contribute(owner, cny(36000), interval="year")
    contribute(owner, usd(2000))

    camera = owner.get(f"funding-goals/{one_off['id']}").json()["progress"]
    rent = owner.get(f"funding-goals/{monthly['id']}").json()["progress"]

    assert camera["raised"] == cny(50000)
    assert camera["other_currencies"] == [usd(2000)]
    assert rent["raised"] == cny(3000 + 3000)  # monthly + yearly ÷ 12
    assert rent["percent"] == 50.0
    clock.advance(timedelta(days=31))  # last month's payment no longer recurs
    assert owner.get(f"funding-goals/{monthly['id']}").json()["progress"]["raised"] == cny(3000)


def test_balance_subtracts_refunds(owner: Caller) -> None:
    goal = created(
        owner.post("funding-goals", json={"name": "Float", "kind": "balance", "target": cny(10000)})
    )
    kept = contribute(owner, cny(8000))
    refunded = contribute(owner, cny(3000))
    owner.patch(f"contributions/{refunded['id']}", json={"status": "refunded"})

    progress = owner.get(f"funding-goals/{goal['id']}").json()["progress"]

    assert kept["status"] == "paid"
    assert progress["raised"] == cny(8000 - 3000)


def crowdfund(owner: Caller, model: str = "all_or_nothing") -> dict[str, Any]:
    campaign = make_campaign(owner, kind="funding")
    terms = {
        "goal": cny(100000),
        "deadline": "2026-12-31T23:59:59+08:00",
        "model": model,
        "stretch_goals": [{"amount_minor": 150000, "title": "English subtitles"}],
    }
    assert (
        owner.request("PUT", f"campaigns/{campaign['id']}/crowdfunding", json=terms).status_code
        == 200
    )
    return campaign


def test_all_or_nothing_below_its_goal_fails_at_the_deadline_and_cancels_pledges(
    owner: Caller, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    campaign = crowdfund(owner)
    pledge = contribute(owner, cny(60000), campaign_id=campaign["id"], status="pledged")
    path = f"campaigns/{campaign['id']}/crowdfunding"
    assert owner.get(path).json()["outcome"] == "running"

    clock.set(clock.now() + timedelta(days=32))
    report = run_due_jobs(session_factory, clock=clock, kinds=["funding.settle_crowdfunding"])

    assert report.done
    assert not report.failed
    settled = owner.get(path).json()
    assert settled["outcome"] == "failed"
    assert settled["raised"] == cny(60000)
    assert owner.get(f"contributions/{pledge['id']}").json()["status"] == "cancelled"
    verbs = [
        a["verb"]
        for a in owner.get("activities", params={"verb": "crowdfunding.*"}).json()["items"]
    ]
    assert "crowdfunding.settled" in verbs


def test_a_campaign_past_its_deadline_is_settled_on_read_if_the_job_has_not_run(
    owner: Caller, clock: SettableClock
) -> None:
    campaign = crowdfund(owner)
    contribute(owner, cny(160000), campaign_id=campaign["id"])

    clock.set(clock.now() + timedelta(days=32))
    settled = owner.get(f"campaigns/{campaign['id']}/crowdfunding").json()

    assert settled["outcome"] == "successful"
    assert settled["stretch_goals"][0]["reached"] is True
    assert settled["settled_at"] is not None


def test_keep_what_you_raise_succeeds_below_its_goal(owner: Caller, clock: SettableClock) -> None:
    campaign = crowdfund(owner, "keep_what_you_raise")
    contribute(owner, cny(1000), campaign_id=campaign["id"])

    clock.set(clock.now() + timedelta(days=32))

    assert owner.get(f"campaigns/{campaign['id']}/crowdfunding").json()["outcome"] == "successful"


def test_settled_terms_cannot_change(owner: Caller, clock: SettableClock) -> None:
    campaign = crowdfund(owner)
    clock.set(clock.now() + timedelta(days=32))
    owner.get(f"campaigns/{campaign['id']}/crowdfunding")

    again = owner.request(
        "PUT",
        f"campaigns/{campaign['id']}/crowdfunding",
        json={"goal": cny(1), "deadline": "2027-06-01T00:00:00Z"},
    )

    assert again.status_code == 409


def test_only_a_funding_campaign_crowdfunds(owner: Caller) -> None:
    campaign = make_campaign(owner, kind="content")

    response = owner.request(
        "PUT",
        f"campaigns/{campaign['id']}/crowdfunding",
        json={"goal": cny(100), "deadline": "2027-01-01T00:00:00Z"},
    )

    assert response.status_code == 422


def test_an_import_refusal_names_the_row_and_field(owner: Caller) -> None:
    tier = created(owner.post("tiers", json=FLEXIBLE))
    good = {"external_id": "af-1", "contributor_name": "Backer", "amount": cny(10000)}
    missing = "00000000-0000-4000-8000-000000000000"
    rows = [
        ({"campaign_id": missing}, 404, ["body", "items", 1, "campaign_id"]),
        ({"tier_id": missing}, 404, ["body", "items", 1, "tier_id"]),
        (
            {"tier_id": tier["id"], "amount": usd(10000)},
            422,
            ["body", "items", 1, "amount", "currency"],
        ),
    ]

    for wrong, status, loc in rows:
        bad = {**good, "external_id": "af-2", **wrong}
        refused = owner.post(
            "contributions/import", json={"source": "afdian", "items": [good, bad]}
        )

        assert refused.status_code == status, refused.text
        assert refused.json()["errors"][0]["loc"] == loc
    assert owner.get("contributions").json()["items"] == []  # nothing of a refused import
