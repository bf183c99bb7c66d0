"""A new assignment's dates and allocation: one rule for a RACI cell and staffing's Assign."""

from datetime import date

from app.core.clock import SettableClock
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created

TODAY = date(2026, 11, 30)  # the `clock` fixture's day


def test_campaign_work_defaults_to_the_campaigns_dates_and_the_suggested_share(
    owner: Caller, clock: SettableClock
) -> None:
    january = make_campaign(owner, "Script", starts_on="2027-01-04", ends_on="2027-01-29")

    body = created(
        assign(
            owner,
            make_member(owner),
            seeded(owner, "roles", "creator"),
            "responsible",
            january,
            january["scopes"][0],
        )
    )

    assert (body["starts_on"], body["ends_on"]) == ("2027-01-04", "2027-01-29")
    assert body["allocation_percent"] == 20


def test_a_running_campaigns_new_work_starts_today(owner: Caller, clock: SettableClock) -> None:
    running = make_campaign(owner, starts_on="2026-11-01", ends_on="2026-12-20")

    body = created(
        assign(owner, make_member(owner), seeded(owner, "roles", "creator"), "informed", running)
    )

    assert (body["starts_on"], body["ends_on"]) == (TODAY.isoformat(), "2026-12-20")


def test_the_workspaces_suggested_allocation_is_the_default(
    owner: Caller, clock: SettableClock
) -> None:
    owner.patch("division-settings", json={"suggested_allocation_percent": 35})
    campaign = make_campaign(owner)

    body = created(
        assign(owner, make_member(owner), seeded(owner, "roles", "creator"), "consulted", campaign)
    )

    assert body["allocation_percent"] == 35


def test_what_the_caller_gives_wins_and_null_means_no_end(
    owner: Caller, clock: SettableClock
) -> None:
    campaign = make_campaign(owner, starts_on="2027-01-04", ends_on="2027-01-29")

    body = created(
        assign(
            owner,
            make_member(owner),
            seeded(owner, "roles", "creator"),
            "responsible",
            campaign,
            allocation_percent=0,
            starts_on="2027-01-11",
            ends_on=None,
        )
    )

    assert (body["starts_on"], body["ends_on"], body["allocation_percent"]) == (
        "2027-01-11",
        None,
        0,
    )


def test_a_standing_assignment_starts_today_without_allocation(
    owner: Caller, clock: SettableClock
) -> None:
    body = created(
        assign(owner, make_member(owner), seeded(owner, "roles", "creator"), "responsible")
    )

    assert (body["starts_on"], body["ends_on"], body["allocation_percent"]) == (
        TODAY.isoformat(),
        None,
        0,
    )


def test_staffing_assign_follows_the_same_rule(owner: Caller, clock: SettableClock) -> None:
    campaign = make_campaign(owner, "Script", starts_on="2027-01-04", ends_on="2027-01-29")
    member, role = make_member(owner), seeded(owner, "roles", "creator")

    applied = owner.post(
        f"campaigns/{campaign['id']}/staffing-suggestions/apply",
        json={
            "kind": "accountable_for_scope",
            "scope_id": campaign["scopes"][0]["id"],
            "role_id": role["id"],
            "member_id": member["id"],
        },
    )

    body = created(applied)
    assert (body["starts_on"], body["ends_on"], body["allocation_percent"]) == (
        "2027-01-04",
        "2027-01-29",
        20,
    )
