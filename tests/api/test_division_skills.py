"""The skill matrix, who qualifies for a role, and skill gaps with who could help."""

from tests.api.division_helpers import make_role, make_scene, make_skill
from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller


def test_matrix_has_members_by_skills_and_who_meets_each_role(owner: Caller) -> None:
    editing, lighting = make_skill(owner, "editing"), make_skill(owner, "lighting")
    editor = make_role(owner, (editing, 3), (lighting, 2), name="Editor")
    lin = make_member(
        owner,
        display_name="Lin",
        skills=[{"skill_id": editing["id"], "level": 4}, {"skill_id": lighting["id"], "level": 2}],
    )
    zhou = make_member(owner, display_name="Zhou", skills=[{"skill_id": editing["id"], "level": 5}])
    make_member(owner, display_name="Gone", status="inactive")

    body = owner.get("skill-matrix").json()

    columns = [s["id"] for s in body["skills"]]
    rows = {r["display_name"]: r["levels"] for r in body["members"]}
    assert "Gone" not in rows
    assert rows["Lin"][columns.index(editing["id"])] == 4
    assert rows["Zhou"][columns.index(lighting["id"])] is None
    role = next(r for r in body["roles"] if r["role_id"] == editor["id"])
    assert role["qualified_member_ids"] == [lin["id"]]
    assert {s["skill_id"] for s in role["required_skills"]} == {editing["id"], lighting["id"]}
    del zhou


def test_gaps_per_campaign_point_at_who_could_cover(owner: Caller) -> None:
    scene = make_scene(owner)
    editing = make_skill(owner, "editing")
    editor = make_role(owner, (editing, 3), name="Editor")
    sun = make_member(owner, display_name="Sun")
    helpers = [
        make_member(owner, display_name=name, skills=[{"skill_id": editing["id"], "level": level}])
        for name, level in (("Wang", 5), ("Ma", 3), ("Li", 2))
    ]
    scene.assign(sun, "responsible", role=editor)
    other = make_campaign(owner, "Other", status="active")

    body = owner.get("skill-gaps").json()
    only_other = owner.get("skill-gaps", params={"campaign_id": other["id"]}).json()

    [gap] = body["items"]
    assert (gap["member_id"], gap["level"], gap["min_level"]) == (sun["id"], 0, 3)
    assert (gap["campaign_id"], gap["role_name"], gap["skill_name"]) == (
        scene.campaign["id"],
        "Editor",
        "editing",
    )
    assert [h["member_id"] for h in gap["helpers"]] == [helpers[0]["id"], helpers[1]["id"]]
    assert only_other["items"] == []


def test_gaps_of_another_workspaces_campaign_are_not_found(owner: Caller, outsider: Caller) -> None:
    theirs = make_campaign(outsider)

    assert owner.get("skill-gaps", params={"campaign_id": theirs["id"]}).status_code == 404


def test_gaps_page_with_a_cursor_to_the_same_list(owner: Caller) -> None:
    scene = make_scene(owner)
    editing = make_skill(owner, "editing")
    editor = make_role(owner, (editing, 3), name="Editor")
    for name in ("Sun", "Hu", "Ye", "Bo", "Xu"):
        scene.assign(make_member(owner, display_name=name), "responsible", role=editor)
    everything = owner.get("skill-gaps").json()
    assert len(everything["items"]) == 5
    assert everything["next_cursor"] is None

    paged, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = owner.get("skill-gaps", params=params).json()
        assert len(page["items"]) <= 2
        paged += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert paged == everything["items"]
    assert owner.get("skill-gaps", params={"cursor": "nonsense"}).status_code == 400
    assert owner.get("skill-gaps", params={"limit": 201}).status_code == 422
