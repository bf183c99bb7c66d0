"""deals_pipeline: per stage and currency, never mixing currencies; conversion and days."""

from datetime import timedelta
from typing import Any

from sqlalchemy import Connection

from app.core.clock import SettableClock
from tests.factories import Caller, count_statements
from tests.money.helpers import cny, make_deal, move, stages, usd


def stage_summary(pipeline: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in pipeline["stages"] if s["name"] == name)


def test_values_are_summed_per_stage_and_currency_never_mixed(owner: Caller) -> None:
    pitched = stages(owner)["Pitched"]["id"]
    make_deal(owner, value=cny(100_00), stage_id=pitched)
    make_deal(owner, value=cny(50_00), stage_id=pitched)
    make_deal(owner, value=usd(30_00), stage_id=pitched)

    pipeline = owner.get("deals/pipeline").json()
    values = stage_summary(pipeline, "Pitched")["values"]

    assert stage_summary(pipeline, "Pitched")["count"] == 3
    assert values == [
        {"currency": "CNY", "count": 2, "value": cny(150_00), "weighted_value": cny(60_00)},
        {"currency": "USD", "count": 1, "value": usd(30_00), "weighted_value": usd(12_00)},
    ]
    assert pipeline["open_totals"] == [cny(150_00), usd(30_00)]
    assert pipeline["weighted_open_totals"] == [cny(60_00), usd(12_00)]


def test_closed_deals_are_not_in_the_open_totals(owner: Caller) -> None:
    make_deal(owner, value=cny(10_00), stage_id=stages(owner)["Won"]["id"])

    pipeline = owner.get("deals/pipeline").json()

    assert pipeline["open_totals"] == []
    assert stage_summary(pipeline, "Won")["values"][0]["value"] == cny(10_00)


def test_conversion_counts_deals_that_went_on_to_a_later_stage(owner: Caller) -> None:
    deals = [make_deal(owner) for _ in range(4)]
    for deal in deals[:2]:
        move(owner, deal, "Pitched")
    move(owner, deals[0], "Won")
    move(owner, deals[3], "Lost", lost_reason="No budget")

    pipeline = owner.get("deals/pipeline").json()

    lead = stage_summary(pipeline, "Lead")
    contacted = stage_summary(pipeline, "Contacted")
    pitched = stage_summary(pipeline, "Pitched")
    assert lead["reached"] == 4
    # Skipping "Contacted" still counts as reaching it: the ladder is cumulative.
    assert contacted["reached"] == 2
    assert lead["conversion_to_next"] == 50.0
    assert pitched["reached"] == 2
    assert stage_summary(pipeline, "Contract sent")["conversion_to_next"] == 100.0
    assert stage_summary(pipeline, "Won")["conversion_to_next"] is None
    assert stage_summary(pipeline, "Lost")["reached"] is None


def test_days_in_stage_follow_the_clock(owner: Caller, clock: SettableClock) -> None:
    make_deal(owner)
    clock.advance(timedelta(days=10))
    make_deal(owner)
    clock.advance(timedelta(days=2))

    lead = stage_summary(owner.get("deals/pipeline").json(), "Lead")

    assert lead["average_days_in_stage"] == 7.0
    assert lead["longest_days_in_stage"] == 12


def test_forecast_groups_open_deals_by_expected_close_month(owner: Caller) -> None:
    make_deal(owner, value=cny(100), expected_close_on="2026-12-20")
    make_deal(owner, value=cny(200), expected_close_on="2026-12-02")
    make_deal(owner, value=usd(300), expected_close_on="2027-01-15")
    make_deal(owner, value=cny(400))

    forecast = owner.get("deals/pipeline").json()["forecast"]

    assert [(m["month"], [v["value"] for v in m["values"]]) for m in forecast] == [
        ("2026-12", [cny(300)]),
        ("2027-01", [usd(300)]),
        ("none", [cny(400)]),
    ]


def test_pipeline_filters_by_campaign(owner: Caller) -> None:
    from tests.api.helpers import make_campaign

    campaign = make_campaign(owner)
    make_deal(owner, value=cny(100), campaign_id=campaign["id"])
    make_deal(owner, value=cny(999))

    pipeline = owner.get("deals/pipeline", params={"campaign_id": campaign["id"]}).json()

    assert pipeline["open_totals"] == [cny(100)]


def test_pipeline_statements_do_not_grow_with_the_deals(
    owner: Caller, connection: Connection
) -> None:
    make_deal(owner)
    few = count_statements(connection)
    owner.get("deals/pipeline")
    few_count = len(few)
    for _ in range(5):
        make_deal(owner, value=usd(1))
    many = count_statements(connection)
    owner.get("deals/pipeline")

    assert len(many) == few_count
