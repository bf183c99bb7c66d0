"""Staffing tiers: meeting a role's required skills ranks above any score; within a tier
capacity, spread and complementing the team order the candidates (issue 14)."""

from typing import Any

from tests.api.division_helpers import day, make_role, make_skill
from tests.api.helpers import make_campaign, make_member
from tests.api.test_division_staffing import skilled, suggestions
from tests.factories import Caller, created

Json = dict[str, Any]


def book(owner: Caller, member: Json, percent: int, campaign: Json | None = None) -> Json:
    """Give `member` work elsewhere (or on `campaign`) from yesterday, with no end."""
    campaign = campaign or make_campaign(owner, status="active")
    return created(
        owner.post(
            "assignments",
            json={
                "member_id": member["id"],
                "role_id": make_role(owner)["id"],
                "campaign_id": campaign["id"],
                "raci": "consulted",
                "allocation_percent": percent,
                "starts_on": day(-1),
            },
        )
    )


def candidates_for(owner: Caller, campaign: Json, label: str, **params: Any) -> list[Json]:
    body = suggestions(owner, campaign, **params)
    slot = next(s for s in body["slots"] if s["slot"]["label"] == label)
    found: list[Json] = slot["candidates"]
    return found


def test_a_candidate_below_a_required_level_ranks_after_everyone_who_meets_them(
    owner: Caller,
) -> None:
    """The demo's case: Communication below the level required, 100 % free, used to rank
    first, above two members who meet every required skill but are 65–70 % booked."""
    making, talking = make_skill(owner, "Content"), make_skill(owner, "Communication")
    creator = make_role(owner, (making, 3), (talking, 2), name="Creator")
    campaign = make_campaign(owner, status="active", required_role_ids=[creator["id"]])
    free_but_short = skilled(owner, "Free", a=(making, 5), b=(talking, 1))
    first = skilled(owner, "Qualified A", a=(making, 3), b=(talking, 2))
    second = skilled(owner, "Qualified B", a=(making, 4), b=(talking, 3))
    book(owner, first, 65)
    book(owner, second, 70)

    ranked = candidates_for(owner, campaign, "responsible as Creator", candidates=10)

    ids = [c["member_id"] for c in ranked]
    assert ids[:3] == [first["id"], second["id"], free_but_short["id"]]
    assert ranked[2]["score"] > ranked[0]["score"]  # the tier, not the score, decides
    assert [c["meets_required"] for c in ranked[:3]] == [True, True, False]
    assert ranked[0]["skill_gaps"] == []
    [gap] = ranked[2]["skill_gaps"]
    assert (gap["skill_name"], gap["level"], gap["min_level"]) == ("Communication", 1, 2)
    assert gap["mentor_member_ids"] == [second["id"], first["id"]]
    assert ranked[2]["reason"].startswith(
        "below the required level; Communication 1 < 2 required; Content 5 ≥ 3 required; "
    )
    assert "Qualified B and Qualified A could mentor" in ranked[2]["reason"]


def test_when_nobody_meets_the_role_the_closest_are_listed_with_gap_and_mentors(
    owner: Caller,
) -> None:
    editing, writing = make_skill(owner, "editing"), make_skill(owner, "writing")
    both = make_role(owner, (editing, 3), (writing, 3), name="Editor-writer")
    campaign = make_campaign(owner, status="active", required_role_ids=[both["id"]])
    cutter = skilled(owner, "Cutter", e=(editing, 4), w=(writing, 1))
    author = skilled(owner, "Author", w=(writing, 5))

    ranked = candidates_for(owner, campaign, "responsible as Editor-writer")

    assert not any(c["meets_required"] for c in ranked)
    by_id = {c["member_id"]: c for c in ranked}
    [short] = by_id[cutter["id"]]["skill_gaps"]
    assert (short["skill_name"], short["level"], short["mentor_member_ids"]) == (
        "writing",
        1,
        [author["id"]],
    )
    [short] = by_id[author["id"]]["skill_gaps"]
    assert (short["skill_name"], short["mentor_member_ids"]) == ("editing", [cutter["id"]])


def test_within_the_tier_the_weights_order_capacity_against_spread(owner: Caller) -> None:
    editing = make_skill(owner, "editing")
    editor = make_role(owner, (editing, 2), name="Editor")
    campaign = make_campaign(owner, status="active", required_role_ids=[editor["id"]])
    regular = skilled(owner, "Regular", e=(editing, 3))
    newcomer = skilled(owner, "Newcomer", e=(editing, 3))
    book(owner, regular, 0, campaign)  # on the campaign already, fully free
    book(owner, newcomer, 50)  # new to it, half booked elsewhere

    def top() -> str:
        member_id: str = candidates_for(owner, campaign, "responsible as Editor")[0]["member_id"]
        return member_id

    assert top() == regular["id"]
    owner.patch(
        "division-settings",
        json={"weight_skill_fit": 10, "weight_spare_capacity": 10, "weight_spread": 90},
    )
    assert top() == newcomer["id"]


def test_a_candidate_strong_where_the_team_is_not_complements_it(owner: Caller) -> None:
    editing, writing = make_skill(owner, "editing"), make_skill(owner, "writing")
    anyone = make_role(owner, name="Helper")
    campaign = make_campaign(owner, status="active", required_role_ids=[anyone["id"]])
    on_team = skilled(owner, "On team", e=(editing, 5))
    book(owner, on_team, 10, campaign)
    same = skilled(owner, "Same strengths", e=(editing, 4))
    other = skilled(owner, "New strengths", w=(writing, 4))

    ranked = candidates_for(owner, campaign, "responsible as Helper", candidates=10)

    ids = [c["member_id"] for c in ranked]
    assert ids.index(other["id"]) < ids.index(same["id"])
    complementing = ranked[ids.index(other["id"])]
    assert complementing["complements_skill_ids"] == [writing["id"]]
    assert complementing["reason"].endswith("complements the team with writing")
    assert ranked[ids.index(same["id"])]["complements_skill_ids"] == []


def test_optimal_mode_fills_slots_with_qualified_people_before_higher_scores(
    owner: Caller,
) -> None:
    editing = make_skill(owner, "editing")
    editor = make_role(owner, (editing, 3), name="Editor")
    campaign = make_campaign(owner, status="active", required_role_ids=[editor["id"]])
    owner.patch(
        "division-settings",
        json={"weight_skill_fit": 10, "weight_spare_capacity": 90, "weight_spread": 0},
    )
    qualified = skilled(owner, "Qualified", e=(editing, 3))
    unqualified = skilled(owner, "Unqualified", e=(editing, 2))
    book(owner, qualified, 40)  # room for every slot at the suggested 20 %

    body = suggestions(owner, campaign, mode="optimal")

    slot = next(s for s in body["slots"] if s["slot"]["label"] == "responsible as Editor")
    by_id = {c["member_id"]: c for c in slot["candidates"]}
    assert by_id[unqualified["id"]]["score"] > by_id[qualified["id"]]["score"]
    assert slot["pick"]["member_id"] == qualified["id"]
    assert "meets every required skill level" in slot["pick"]["why"]
    make_member(owner)  # more people do not change the plan
    assert (
        suggestions(owner, campaign, mode="optimal")["slots"][0]["pick"]["member_id"]
        == (qualified["id"])
    )
