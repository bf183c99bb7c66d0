"""Partners, the configurable pipeline, deals and their stage history."""

from datetime import timedelta

from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.models.enums import Access
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created, join
from tests.money.helpers import cny, make_deal, make_partner, move, stages, usd


def test_new_workspace_has_the_default_pipeline_with_probabilities(owner: Caller) -> None:
    items = owner.get("pipeline-stages").json()["items"]

    assert [(s["name"], s["probability"], s["outcome"]) for s in items] == [
        ("Lead", 10, "open"),
        ("Contacted", 20, "open"),
        ("Pitched", 40, "open"),
        ("Negotiating", 60, "open"),
        ("Contract sent", 80, "open"),
        ("Won", 100, "won"),
        ("Lost", 0, "lost"),
        ("On hold", 0, "on_hold"),
    ]


def test_workspace_has_a_default_currency_that_admins_change(owner: Caller) -> None:
    assert owner.get("").json()["currency"] == "CNY"

    changed = owner.patch("", json={"currency": "eur"})

    assert changed.status_code == 200
    assert changed.json()["currency"] == "EUR"
    assert owner.patch("", json={"currency": "ABC"}).status_code == 422


def test_partner_keeps_its_contacts_and_names_are_unique(owner: Caller) -> None:
    contact = {"name": "Wang Fang", "role": "Brand manager", "wechat": "wangfang88"}
    partner = make_partner(owner, name="Lumen", contacts=[contact], notes="Met at the fair")

    fetched = owner.get(f"partners/{partner['id']}").json()

    assert fetched["contacts"] == [{**contact, "email": None, "phone": ""}]
    assert owner.post("partners", json={"name": "Lumen"}).status_code == 409


def test_deal_value_defaults_to_zero_in_the_workspace_currency_and_starts_as_lead(
    owner: Caller,
) -> None:
    deal = make_deal(owner)

    assert deal["value"] == cny(0)
    assert deal["stage_name"] == "Lead"
    assert deal["probability"] == 10


def test_weighted_value_is_value_times_the_stage_probability(owner: Caller) -> None:
    deal = make_deal(owner, value=cny(1_000_005), stage_id=stages(owner)["Pitched"]["id"])

    assert deal["weighted_value"] == cny(400_002)  # 400,002.0 exactly; half to even


def test_owner_defaults_to_the_business_partnership_member_of_the_campaign(
    owner: Caller,
) -> None:
    planner = make_member(owner)
    campaign = make_campaign(owner)
    role = seeded(owner, "roles", "business_partnership")
    assert assign(owner, planner, role, "accountable", campaign).status_code == 201

    deal = make_deal(owner, campaign_id=campaign["id"])
    unowned = make_deal(owner, campaign_id=campaign["id"], owner_member_id=None)

    assert deal["owner_member_id"] == planner["id"]
    assert deal["owner_name"] == planner["display_name"]
    assert unowned["owner_member_id"] is None


def test_moving_a_deal_records_its_stage_history(owner: Caller, clock: SettableClock) -> None:
    deal = make_deal(owner)
    clock.advance(timedelta(days=3))

    moved = move(owner, deal, "Negotiating")

    assert moved.status_code == 200
    assert moved.json()["stage_name"] == "Negotiating"
    history = owner.get(f"deals/{deal['id']}/stages").json()["items"]
    assert [(h["from_stage_name"], h["to_stage_name"]) for h in history] == [
        (None, "Lead"),
        ("Lead", "Negotiating"),
    ]
    verbs = [a["verb"] for a in owner.get("activities", params={"verb": "deal.*"}).json()["items"]]
    assert "deal.moved" in verbs


def test_moving_to_lost_needs_a_reason(owner: Caller) -> None:
    deal = make_deal(owner)

    refused = move(owner, deal, "Lost")
    accepted = move(owner, deal, "Lost", lost_reason="Budget cut")

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "lost_reason"]
    assert accepted.status_code == 200
    assert len(owner.get(f"deals/{deal['id']}/stages").json()["items"]) == 2


def test_viewer_reads_deals_but_cannot_change_them(owner: Caller, session: Session) -> None:
    deal = make_deal(owner)
    viewer = join(session, owner, Access.viewer)

    assert viewer.get(f"deals/{deal['id']}").status_code == 200
    assert move(viewer, deal, "Won").status_code == 403


def test_another_workspaces_partner_is_not_found(owner: Caller, outsider: Caller) -> None:
    theirs = make_partner(outsider)

    response = owner.post("deals", json={"title": "Borrowed", "partner_id": theirs["id"]})

    assert response.status_code == 404
    assert owner.get(f"partners/{theirs['id']}").status_code == 404


def test_a_partner_with_deals_cannot_be_deleted(owner: Caller) -> None:
    partner = make_partner(owner)
    make_deal(owner, partner)

    assert owner.delete(f"partners/{partner['id']}").status_code == 409


def test_admins_configure_stages_and_used_stages_stay(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)
    body = {"name": "Proposal reviewed", "probability": 50, "position": 3}

    assert editor.post("pipeline-stages", json=body).status_code == 403
    stage = created(owner.post("pipeline-stages", json=body))
    names = [s["name"] for s in owner.get("pipeline-stages").json()["items"]]
    assert names[3] == "Proposal reviewed"
    make_deal(owner, stage_id=stage["id"])
    assert owner.delete(f"pipeline-stages/{stage['id']}").status_code == 409
    unused = stages(owner)["On hold"]
    assert owner.delete(f"pipeline-stages/{unused['id']}").status_code == 204


def test_deals_list_filters_by_outcome_and_partner(owner: Caller) -> None:
    partner = make_partner(owner)
    won = make_deal(owner, partner, stage_id=stages(owner)["Won"]["id"])
    make_deal(owner, partner)
    make_deal(owner)

    by_partner = owner.get("deals", params={"partner_id": partner["id"]}).json()["items"]
    won_only = owner.get("deals", params={"outcome": "won"}).json()["items"]

    assert len(by_partner) == 2
    assert [d["id"] for d in won_only] == [won["id"]]


def test_deal_money_must_be_a_known_currency_and_not_negative(owner: Caller) -> None:
    partner = make_partner(owner)

    negative = owner.post(
        "deals", json={"title": "x", "partner_id": partner["id"], "value": cny(-1)}
    )
    unknown = owner.post(
        "deals",
        json={
            "title": "x",
            "partner_id": partner["id"],
            "value": {"amount_minor": 1, "currency": "XYZ"},
        },
    )

    assert negative.status_code == 422
    assert unknown.status_code == 422
    assert make_deal(owner, value=usd(5))["value"] == usd(5)
