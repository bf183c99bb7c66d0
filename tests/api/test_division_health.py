"""The health check: each finding appears in exactly its situation and goes once fixed."""

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.division.periods import mondays, week_label
from app.models import User
from app.models.enums import Access, Locale
from tests.api.division_helpers import TODAY, day, make_role, make_scene, make_skill
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created, join


def test_a_well_divided_campaign_has_no_findings(owner: Caller) -> None:
    scene = make_scene(owner)

    body = scene.health()

    assert body["findings"] == []
    assert body["summary"] == {"errors": 0, "warnings": 0, "infos": 0}
    assert body["from"] == body["to"] == TODAY.isoformat()
    assert body["campaign_name"] == scene.campaign["name"]


def test_scope_without_accountable(owner: Caller) -> None:
    scene = make_scene(owner)
    owner.delete(f"assignments/{scene.accountable['id']}")

    [finding] = scene.health()["findings"]

    assert finding["code"] == "no_accountable"
    assert finding["severity"] == "error"
    assert finding["scope_id"] == scene.scope["id"]
    assert finding["campaign_id"] == scene.campaign["id"]
    assert finding["message"] == "Nobody is accountable for “Script”."
    scene.assign(scene.lin, "accountable")
    assert scene.codes() == []


def test_scope_without_responsible(owner: Caller) -> None:
    scene = make_scene(owner)
    owner.delete(f"assignments/{scene.responsible['id']}")

    assert scene.codes() == ["no_responsible"]
    scene.assign(scene.zhou, "responsible")
    assert scene.codes() == []


def test_two_accountables_through_a_handover_that_overlaps(owner: Caller) -> None:
    scene = make_scene(owner)
    owner.patch(
        f"assignments/{scene.accountable['id']}", json={"status": "ended", "ends_on": day(14)}
    )
    wang = make_member(owner, display_name="Wang")
    successor = scene.assign(wang, "accountable", starts_on=day(0))

    [finding] = scene.health()["findings"]

    assert finding["code"] == "multiple_accountable"
    assert set(finding["member_ids"]) == {scene.lin["id"], wang["id"]}
    assert set(finding["assignment_ids"]) == {scene.accountable["id"], successor["id"]}
    assert (
        finding["message"]
        == "Lin and Wang are accountable for “Script” at the same time; keep one."
    )
    in_a_month = scene.health(**{"from": day(0), "to": day(30)})["findings"]
    assert [f["code"] for f in in_a_month] == ["multiple_accountable"]
    assert in_a_month[0]["weeks"]  # the weeks of the overlap, not of the whole period
    owner.patch(f"assignments/{scene.accountable['id']}", json={"ends_on": day(-1)})
    assert scene.codes() == []


def test_two_standing_accountables_in_one_role(owner: Caller) -> None:
    scene = make_scene(owner)
    assign(owner, {"id": str(owner.member_id)}, scene.role, "informed", scene.campaign, scene.scope)
    legal = seeded(owner, "roles", "legal_affairs")
    first = created(assign(owner, scene.lin, legal, "accountable"))
    second = created(assign(owner, scene.zhou, legal, "accountable"))

    def standing() -> list[dict[str, Any]]:
        found = owner.get("health").json()["findings"]
        return [f for f in found if f["campaign_id"] is None]

    [finding] = standing()
    assert finding["code"] == "multiple_accountable"
    assert finding["role_id"] == legal["id"]
    assert set(finding["assignment_ids"]) == {first["id"], second["id"]}
    owner.delete(f"assignments/{second['id']}")
    assert standing() == []


def test_required_role_nobody_holds(owner: Caller) -> None:
    scene = make_scene(owner)
    needed = make_role(owner)
    owner.patch(f"campaigns/{scene.campaign['id']}", json={"required_role_ids": [needed["id"]]})

    [finding] = scene.health()["findings"]

    assert (finding["code"], finding["role_id"]) == ("uncovered_role", needed["id"])
    scene.assign(scene.lin, "consulted", role=needed)
    assert scene.codes() == []


def test_two_responsible_for_one_scope_in_one_role(owner: Caller) -> None:
    scene = make_scene(owner)
    wang = make_member(owner, display_name="Wang")
    second = scene.assign(wang, "responsible")

    [finding] = scene.health()["findings"]

    assert finding["code"] == "overlap"
    assert finding["role_id"] == scene.role["id"]
    assert set(finding["member_ids"]) == {scene.zhou["id"], wang["id"]}
    other_role = make_role(owner)
    owner.patch(f"assignments/{second['id']}", json={"role_id": other_role["id"]})
    assert scene.codes() == []


def test_responsible_one_after_the_other_do_not_overlap(owner: Caller) -> None:
    scene = make_scene(owner)
    owner.patch(f"assignments/{scene.responsible['id']}", json={"ends_on": day(6)})
    scene.assign(make_member(owner), "responsible", starts_on=day(7))

    assert scene.codes(**{"from": day(0), "to": day(20)}) == []


def test_over_allocated_member_names_the_weeks(owner: Caller) -> None:
    scene = make_scene(owner)
    owner.patch(f"assignments/{scene.accountable['id']}", json={"allocation_percent": 60})
    extra = created(
        assign(owner, scene.lin, scene.role, "responsible", allocation_percent=50, starts_on=day(0))
    )

    [finding] = scene.health()["findings"]

    assert finding["code"] == "over_allocated"
    assert finding["member_ids"] == [scene.lin["id"]]
    assert set(finding["assignment_ids"]) == {scene.accountable["id"], extra["id"]}
    heatmap_weeks = mondays(TODAY, TODAY + timedelta(weeks=11))  # no period asked
    assert finding["weeks"] == [week_label(monday) for monday in heatmap_weeks]
    assert "110%" in finding["message"]
    [this_week] = scene.health(on=day(0))["findings"]
    assert this_week["weeks"] == [week_label(TODAY)]
    owner.patch(f"assignments/{extra['id']}", json={"allocation_percent": 40})
    assert scene.codes() == []


def test_allocations_that_follow_each_other_are_not_added_up(owner: Caller) -> None:
    scene = make_scene(owner)
    changed = owner.patch(f"assignments/{scene.accountable['id']}", json={"allocation_percent": 80})
    assert changed.status_code == 200
    created(
        assign(owner, scene.lin, scene.role, "informed", allocation_percent=80, starts_on=day(400))
    )

    assert scene.codes() == []


def test_assignee_below_the_required_level_points_at_helpers(owner: Caller) -> None:
    scene = make_scene(owner)
    editing = make_skill(owner, "video editing")
    editor = make_role(owner, (editing, 3), name="Editor")
    sun = make_member(owner, display_name="Sun", skills=[{"skill_id": editing["id"], "level": 2}])
    wang = make_member(owner, display_name="Wang", skills=[{"skill_id": editing["id"], "level": 4}])
    gap = scene.assign(sun, "responsible", role=editor)

    [finding] = scene.health()["findings"]

    assert finding["code"] == "skill_gap"
    assert (finding["member_ids"], finding["assignment_ids"]) == ([sun["id"]], [gap["id"]])
    assert (finding["role_id"], finding["skill_id"]) == (editor["id"], editing["id"])
    assert finding["helper_member_ids"] == [wang["id"]]
    assert finding["helper_names"] == ["Wang"]
    assert finding["message"] == (
        "Sun has video editing at level 2 as Editor, which needs 3. Wang could cover or mentor."
    )
    owner.patch(f"members/{sun['id']}", json={"skills": [{"skill_id": editing["id"], "level": 3}]})
    assert scene.codes() == []


def test_one_member_accountable_for_most_scopes(owner: Caller) -> None:
    scene = make_scene(owner, "Script", "Filming", "Posts")
    script, filming, posts = scene.campaign["scopes"]
    wang = make_member(owner, display_name="Wang")
    scene.assign(wang, "accountable", scope=filming)
    posts_accountable = scene.assign(scene.lin, "accountable", scope=posts)
    for scope in (filming, posts):
        scene.assign(scene.zhou, "responsible", scope=scope)

    [finding] = scene.health()["findings"]

    assert finding["code"] == "single_point_of_failure"
    assert finding["member_ids"] == [scene.lin["id"]]
    assert finding["message"] == "Lin is accountable for 2 of the 3 scopes; share the load."
    ma = make_member(owner, display_name="Ma")
    owner.patch(f"assignments/{posts_accountable['id']}", json={"member_id": ma["id"]})
    assert scene.codes() == []
    del script


def test_the_only_holder_of_a_required_skill(owner: Caller) -> None:
    scene = make_scene(owner)
    law = make_skill(owner, "contract law")
    legal = make_role(owner, (law, 3), name="Counsel")
    wang = make_member(owner, display_name="Wang", skills=[{"skill_id": law["id"], "level": 4}])
    owner.patch(f"campaigns/{scene.campaign['id']}", json={"required_role_ids": [legal["id"]]})
    scene.assign(wang, "consulted", role=legal)

    [finding] = scene.health()["findings"]

    assert (finding["code"], finding["severity"]) == ("single_point_of_failure", "info")
    assert (finding["skill_id"], finding["member_ids"]) == (law["id"], [wang["id"]])
    owner.patch(
        f"members/{scene.lin['id']}", json={"skills": [{"skill_id": law["id"], "level": 3}]}
    )
    assert scene.codes() == []


def test_idle_member_is_a_workspace_finding(owner: Caller) -> None:
    scene = make_scene(owner)
    scene.assign({"id": str(owner.member_id)}, "informed")
    ma = make_member(owner, display_name="Ma")

    def idle() -> list[dict[str, Any]]:
        return [f for f in owner.get("health").json()["findings"] if f["code"] == "idle_member"]

    [finding] = idle()
    assert (finding["member_ids"], finding["campaign_id"]) == ([ma["id"]], None)
    assert finding["message"] == "Ma has no active assignment."
    scene.assign(ma, "informed")
    assert idle() == []


def test_lead_without_assignment(owner: Caller) -> None:
    scene = make_scene(owner)
    ma = make_member(owner, display_name="Ma")
    owner.patch(f"campaigns/{scene.campaign['id']}", json={"lead_member_id": ma["id"]})

    [finding] = scene.health()["findings"]

    assert (finding["code"], finding["member_ids"]) == ("lead_not_assigned", [ma["id"]])
    scene.assign(ma, "informed")
    assert scene.codes() == []


def test_only_assignments_of_the_day_asked_count(owner: Caller) -> None:
    scene = make_scene(owner)

    assert scene.codes(on=day(-60)) == ["no_accountable", "no_responsible"]
    assert scene.codes(on=day(0)) == []
    partial = scene.health(**{"from": day(-37), "to": day(0)})["findings"]
    assert [f["code"] for f in partial] == ["no_accountable", "no_responsible"]
    assert all(f["weeks"] for f in partial)
    assert (
        scene.owner.get(
            f"campaigns/{scene.campaign['id']}/health", params={"on": day(0), "from": day(0)}
        ).status_code
        == 422
    )
    assert (
        scene.owner.get(
            f"campaigns/{scene.campaign['id']}/health", params={"from": day(0), "to": day(-1)}
        ).status_code
        == 422
    )


def test_workspace_health_covers_live_campaigns_and_summarises_them(owner: Caller) -> None:
    scene = make_scene(owner)
    scene.assign({"id": str(owner.member_id)}, "informed")
    draft = make_campaign(owner, "Script", status="draft")
    owner.delete(f"assignments/{scene.responsible['id']}")
    scene.assign(scene.zhou, "informed")

    body = owner.get("health").json()

    assert [c["campaign_id"] for c in body["campaigns"]] == [scene.campaign["id"]]
    assert body["campaigns"][0]["summary"] == {"errors": 0, "warnings": 1, "infos": 0}
    assert [f["code"] for f in body["findings"]] == ["no_responsible"]
    assert draft["id"] not in {f["campaign_id"] for f in body["findings"]}


def test_findings_speak_the_callers_language(owner: Caller, session: Session) -> None:
    scene = make_scene(owner)
    owner.delete(f"assignments/{scene.accountable['id']}")
    session.get_one(User, owner.user_id).locale = Locale.zh_cn
    session.commit()

    assert scene.health()["findings"][0]["message"] == "“Script”没有负责人（A）。"


def test_everyone_in_the_workspace_may_read_health_nobody_else(
    owner: Caller, outsider: Caller, session: Session
) -> None:
    scene = make_scene(owner)
    viewer = join(session, owner, Access.viewer, write=False)

    assert viewer.get(f"campaigns/{scene.campaign['id']}/health").status_code == 200
    assert viewer.get("health").status_code == 200
    assert outsider.get(f"campaigns/{scene.campaign['id']}/health").status_code == 404
    theirs = make_campaign(outsider)
    assert owner.get(f"campaigns/{theirs['id']}/health").status_code == 404
    assert owner.client.get(owner.url("health")).status_code == 401


def test_thresholds_are_settings_with_defaults(owner: Caller, session: Session) -> None:
    scene = make_scene(owner)
    owner.patch(f"assignments/{scene.accountable['id']}", json={"allocation_percent": 60})
    created(assign(owner, scene.lin, scene.role, "informed", allocation_percent=50))
    assert scene.codes() == ["over_allocated"]

    defaults = owner.get("division-settings")
    assert defaults.json()["over_allocation_percent"] == 100
    assert defaults.json()["customized"] is False
    changed = owner.patch(
        "division-settings",
        json={"over_allocation_percent": 120},
        headers={"If-Match": defaults.headers["ETag"]},
    )

    assert changed.status_code == 200, changed.text
    assert changed.json()["customized"] is True
    assert scene.codes() == []
    stale = owner.patch(
        "division-settings",
        json={"spof_min_scopes": 4},
        headers={"If-Match": defaults.headers["ETag"]},
    )
    assert stale.status_code == 412


def test_settings_are_validated_and_only_admins_change_them(
    owner: Caller, session: Session
) -> None:
    editor = join(session, owner, Access.editor)
    viewer = join(session, owner, Access.viewer)
    read_only_admin = join(session, owner, Access.admin, write=False)
    admin = join(session, owner, Access.admin)

    assert viewer.get("division-settings").status_code == 200
    assert editor.patch("division-settings", json={"idle_below_percent": 10}).status_code == 403
    assert (
        read_only_admin.patch("division-settings", json={"idle_below_percent": 10}).status_code
        == 403
    )
    for bad in (
        {"over_allocation_percent": 20},
        {"spof_scope_share_percent": 101},
        {"weight_skill_fit": -1},
        {"weight_skill_fit": None},
        {"unknown": 1},
        {"weight_skill_fit": 0, "weight_spare_capacity": 0, "weight_spread": 0},
    ):
        assert admin.patch("division-settings", json=bad).status_code == 422, bad
    assert (
        admin.patch("division-settings", json={"idle_below_percent": 10}).json()[
            "idle_below_percent"
        ]
        == 10
    )


def test_a_campaign_planned_for_later_is_checked_on_its_own_dates(owner: Caller) -> None:
    campaign = make_campaign(owner, "Venue", status="planning", starts_on=day(30), ends_on=day(40))
    role = make_role(owner)
    lin, zhou = make_member(owner), make_member(owner)
    created(
        assign(owner, lin, role, "accountable", campaign, campaign["scopes"][0], starts_on=day(30))
    )
    response = owner.get(f"campaigns/{campaign['id']}/health")
    body = response.json()

    assert (body["from"], body["to"]) == (day(30), day(40))
    assert [f["code"] for f in body["findings"]] == ["no_responsible"]
    created(
        assign(owner, zhou, role, "responsible", campaign, campaign["scopes"][0], starts_on=day(30))
    )
    assert owner.get(f"campaigns/{campaign['id']}/health").json()["findings"] == []
    summary = next(
        c for c in owner.get("health").json()["campaigns"] if c["campaign_id"] == campaign["id"]
    )
    assert (summary["from"], summary["to"]) == (day(30), day(40))


def test_idle_can_mean_booked_below_a_share_of_the_week(owner: Caller) -> None:
    scene = make_scene(owner)
    scene.assign({"id": str(owner.member_id)}, "informed", allocation_percent=50)
    owner.patch(f"assignments/{scene.accountable['id']}", json={"allocation_percent": 50})
    owner.patch(f"assignments/{scene.responsible['id']}", json={"allocation_percent": 10})
    owner.patch("division-settings", json={"idle_below_percent": 20})

    idle = [f for f in owner.get("health").json()["findings"] if f["code"] == "idle_member"]

    assert [f["member_ids"] for f in idle] == [[scene.zhou["id"]]]
    assert idle[0]["message"] == "Zhou is booked for only 10% of their week."
