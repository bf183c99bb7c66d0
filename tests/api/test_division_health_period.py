"""Which days a health check judges: exactly the day or period asked, cut to the campaign's
dates, or — said so in the reply — the campaign's own dates (issues 14 and 15)."""

from datetime import timedelta
from typing import Any

from app.division.periods import mondays, week_label
from tests.api.division_helpers import TODAY, day, make_role
from tests.api.helpers import assign, make_campaign, make_member
from tests.factories import Caller, created

Json = dict[str, Any]


def staffed_campaign(owner: Caller) -> tuple[Json, Json, Json]:
    """A campaign running day 30 – day 40, well divided over its dates; Lin accountable
    at 60 %, and booked 50 % more elsewhere during it (over-allocated in those weeks)."""
    campaign = make_campaign(owner, "Venue", status="planning", starts_on=day(30), ends_on=day(40))
    scope, role = campaign["scopes"][0], make_role(owner)
    lin, zhou = make_member(owner, display_name="Lin"), make_member(owner, display_name="Zhou")
    for member, raci, percent in ((lin, "accountable", 60), (zhou, "responsible", 20)):
        created(
            assign(
                owner,
                member,
                role,
                raci,
                campaign,
                scope,
                allocation_percent=percent,
                starts_on=day(30),
                ends_on=day(40),
            )
        )
    elsewhere = make_campaign(owner, status="active")
    created(
        assign(
            owner,
            lin,
            role,
            "consulted",
            elsewhere,
            allocation_percent=50,
            starts_on=day(30),
            ends_on=day(40),
        )
    )
    return campaign, lin, zhou


def health(owner: Caller, campaign: Json, **params: str) -> Json:
    response = owner.get(f"campaigns/{campaign['id']}/health", params=params)
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


def test_a_day_before_the_campaign_is_answered_with_the_campaigns_dates_and_says_so(
    owner: Caller,
) -> None:
    campaign, lin, _ = staffed_campaign(owner)

    body = health(owner, campaign, on=day(0))

    assert body["judged"] == "campaign_dates"
    assert (body["asked_from"], body["asked_to"]) == (day(0), day(0))
    assert (body["from"], body["to"]) == (day(30), day(40))
    [finding] = body["findings"]
    assert (finding["code"], finding["member_ids"]) == ("over_allocated", [lin["id"]])
    campaign_weeks = mondays(TODAY + timedelta(days=30), TODAY + timedelta(days=40))
    assert finding["weeks"] == [week_label(monday) for monday in campaign_weeks]


def test_a_day_during_the_campaign_is_judged_as_asked(owner: Caller) -> None:
    campaign, _, _ = staffed_campaign(owner)

    body = health(owner, campaign, on=day(35))

    assert (body["judged"], body["from"], body["to"]) == ("asked", day(35), day(35))
    assert [f["code"] for f in body["findings"]] == ["over_allocated"]


def test_a_day_after_the_campaign_is_answered_with_its_dates(owner: Caller) -> None:
    campaign, _, _ = staffed_campaign(owner)

    body = health(owner, campaign, on=day(60))

    assert (body["judged"], body["from"], body["to"]) == ("campaign_dates", day(30), day(40))


def test_a_period_overlapping_the_start_judges_only_the_days_the_campaign_runs(
    owner: Caller,
) -> None:
    """Before: the days before the start were judged too, and nobody is accountable then."""
    campaign, _, _ = staffed_campaign(owner)

    body = health(owner, campaign, **{"from": day(20), "to": day(35)})

    assert (body["judged"], body["from"], body["to"]) == ("campaign_part", day(30), day(35))
    assert (body["asked_from"], body["asked_to"]) == (day(20), day(35))
    assert [f["code"] for f in body["findings"]] == ["over_allocated"]


def test_a_period_wholly_inside_is_judged_as_asked(owner: Caller) -> None:
    campaign, _, _ = staffed_campaign(owner)

    body = health(owner, campaign, **{"from": day(31), "to": day(33)})

    assert (body["judged"], body["from"], body["to"]) == ("asked", day(31), day(33))


def test_workspace_health_reports_over_allocation_in_the_heatmaps_weeks(owner: Caller) -> None:
    """Without a period, load is judged over the 12 weeks from this one (as the heatmap
    shows them), not only this week; with a day asked, only that day's week."""
    campaign, lin, _ = staffed_campaign(owner)

    body = owner.get("health").json()

    over = [f for f in body["findings"] if f["code"] == "over_allocated"]
    assert [f["member_ids"] for f in over] == [[lin["id"]]]
    assert (body["load_from"], body["load_to"]) == (day(0), day(77))
    assert owner.get("health", params={"on": day(0)}).json()["load_to"] == day(0)
    assert not [
        f
        for f in owner.get("health", params={"on": day(0)}).json()["findings"]
        if f["code"] == "over_allocated"
    ]
    summary = next(c for c in body["campaigns"] if c["campaign_id"] == campaign["id"])
    assert summary["judged"] == "campaign_dates"


def test_workspace_findings_are_counted_filtered_and_paged(owner: Caller) -> None:
    _campaign, lin, zhou = staffed_campaign(owner)
    idle = [make_member(owner) for _ in range(3)]

    everything = owner.get("health", params={"limit": 1000}).json()
    idle_only = owner.get("health", params={"code": "idle_member", "limit": 2}).json()
    pages, cursor = [idle_only], idle_only["next_cursor"]
    while cursor:
        pages.append(
            owner.get("health", params={"code": "idle_member", "limit": 2, "cursor": cursor}).json()
        )
        cursor = pages[-1]["next_cursor"]

    assert everything["next_cursor"] is None
    assert everything["total"] == len(everything["findings"])
    assert sum(g["count"] for g in everything["groups"]) == everything["total"]
    idle_ids = [f["member_ids"][0] for page in pages for f in page["findings"]]
    assert {m["id"] for m in idle} | {lin["id"], zhou["id"]} <= set(idle_ids)
    assert idle_only["total"] == len(idle_ids) == len(set(idle_ids)) == 2 * len(pages)
    assert all(len(page["findings"]) == 2 for page in pages)
    assert [(g["code"], g["campaign_id"]) for g in idle_only["groups"]] == [("idle_member", None)]
    assert idle_only["summary"] == everything["summary"]  # the counts cover everything
    counts = owner.get("health", params={"limit": 0}).json()
    assert (counts["findings"], counts["total"]) == ([], everything["total"])
    about_lin = owner.get("health", params={"member_id": lin["id"]}).json()["findings"]
    assert about_lin
    assert all(lin["id"] in f["member_ids"] for f in about_lin)
    warnings = owner.get("health", params={"severity": "warning"}).json()["findings"]
    assert {f["severity"] for f in warnings} == {"warning"}


def test_workspace_health_of_one_campaign_checks_only_it(owner: Caller) -> None:
    campaign, _, _ = staffed_campaign(owner)
    make_campaign(owner, "Elsewhere", status="active")

    body = owner.get("health", params={"campaign_id": campaign["id"]}).json()

    assert [c["campaign_id"] for c in body["campaigns"]] == [campaign["id"]]
    assert {f["campaign_id"] for f in body["findings"]} <= {campaign["id"]}
    theirs = owner.get("health", params={"campaign_id": "00000000-0000-4000-8000-000000000000"})
    assert theirs.status_code == 404
    bad = owner.get("health", params={"cursor": "not-a-cursor"})
    assert (bad.status_code, bad.json()["type"].rsplit("/", 1)[-1]) == (400, "invalid-cursor")
    assert owner.get("health", params={"limit": 1001}).status_code == 422
