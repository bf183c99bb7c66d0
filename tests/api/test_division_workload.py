"""Workload per member and ISO week, and the members × weeks heatmap."""

from datetime import timedelta

from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.api.division_helpers import TODAY, day, make_role
from tests.api.helpers import assign, make_campaign, make_member
from tests.factories import Caller, created, join

MONDAY = TODAY - timedelta(days=TODAY.weekday())


def monday(weeks: int) -> str:
    return (MONDAY + timedelta(weeks=weeks)).isoformat()


def test_member_workload_sums_allocations_per_week_with_hours(owner: Caller) -> None:
    role = make_role(owner)
    campaign = make_campaign(owner, "Script", status="active")
    lin = make_member(owner, display_name="Lin", weekly_capacity_hours=20)
    long = created(
        assign(
            owner,
            lin,
            role,
            "responsible",
            campaign,
            campaign["scopes"][0],
            allocation_percent=50,
            starts_on=monday(0),
            ends_on=monday(3),
        )
    )
    short = created(
        assign(
            owner,
            lin,
            role,
            "consulted",
            allocation_percent=30,
            starts_on=monday(1),
            ends_on=monday(1),
        )
    )

    body = owner.get(
        f"members/{lin['id']}/workload", params={"from": monday(0), "to": monday(4)}
    ).json()

    assert [w["allocation_percent"] for w in body["weeks"]] == [50, 80, 50, 50, 0]
    assert [w["hours"] for w in body["weeks"]] == [10.0, 16.0, 10.0, 10.0, 0.0]
    assert body["weeks"][1]["assignment_ids"] == [long["id"], short["id"]]
    assert body["weeks"][4]["assignment_ids"] == []
    assert {a["id"] for a in body["assignments"]} == {long["id"], short["id"]}
    assert body["weeks"][0]["week"] == f"{MONDAY.isocalendar()[0]}-W{MONDAY.isocalendar()[1]:02d}"
    assert all(not w["over"] for w in body["weeks"])
    assert body["assignments"][0]["campaign_name"] == campaign["name"]


def test_over_the_threshold_is_marked(owner: Caller) -> None:
    role = make_role(owner)
    lin = make_member(owner)
    for raci, percent in (("informed", 70), ("consulted", 40)):
        created(assign(owner, lin, role, raci, allocation_percent=percent, starts_on=monday(0)))

    weeks = owner.get(
        f"members/{lin['id']}/workload", params={"from": monday(0), "to": monday(1)}
    ).json()["weeks"]

    assert [(w["allocation_percent"], w["over"]) for w in weeks] == [(110, True), (110, True)]


def test_heatmap_is_members_by_weeks_and_filters_by_role_and_campaign(owner: Caller) -> None:
    role, other_role = make_role(owner), make_role(owner)
    campaign = make_campaign(owner, "Script", status="active")
    lin = make_member(owner, display_name="Aa Lin")
    zhou = make_member(owner, display_name="Ab Zhou")
    created(
        assign(
            owner,
            lin,
            role,
            "responsible",
            campaign,
            campaign["scopes"][0],
            allocation_percent=60,
            starts_on=monday(0),
            ends_on=monday(1),
        )
    )
    created(assign(owner, zhou, other_role, "informed", allocation_percent=20, starts_on=monday(1)))
    period = {"from": monday(0), "to": monday(2)}

    body = owner.get("workload", params=period).json()

    assert len(body["weeks"]) == 3
    rows = {r["display_name"]: r for r in body["members"]}
    assert rows["Aa Lin"]["loads"] == [60, 60, 0]
    assert rows["Ab Zhou"]["loads"] == [0, 20, 20]
    assert (rows["Aa Lin"]["peak_percent"], rows["Aa Lin"]["over_weeks"]) == (60, 0)
    names = [r["display_name"] for r in body["members"]]
    assert names == sorted(names, key=str.lower) or names == sorted(names)
    by_role = owner.get("workload", params={**period, "role_id": role["id"]}).json()["members"]
    assert [r["member_id"] for r in by_role] == [lin["id"]]
    by_campaign = owner.get("workload", params={**period, "campaign_id": campaign["id"]}).json()
    assert [r["member_id"] for r in by_campaign["members"]] == [lin["id"]]


def test_workload_periods_and_access(owner: Caller, outsider: Caller, session: Session) -> None:
    lin = make_member(owner)
    viewer = join(session, owner, Access.viewer, write=False)

    default = viewer.get("workload").json()
    assert len(default["weeks"]) == 12
    assert default["from"] == MONDAY.isoformat()
    assert viewer.get(f"members/{lin['id']}/workload").status_code == 200
    assert owner.get("workload", params={"from": day(0), "to": day(-7)}).status_code == 422
    assert owner.get("workload", params={"from": day(0), "to": day(800)}).status_code == 422
    assert outsider.get(f"members/{lin['id']}/workload").status_code == 404
    theirs = make_campaign(outsider)
    assert owner.get("workload", params={"campaign_id": theirs["id"]}).status_code == 404
