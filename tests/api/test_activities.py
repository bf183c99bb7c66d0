"""The activity stream: every write leaves one entry in its own transaction (what changed,
who, when, why, which request), and `activities_list` pages it by filter, showing each
reader only what they may read."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.models import Activity, User
from app.models.enums import Access, Locale
from tests.api.division_helpers import make_role, make_scene
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created, join


def activities(caller: Caller, **params: Any) -> list[dict[str, Any]]:
    response = caller.get("activities", params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def verbs(caller: Caller, **params: Any) -> list[str]:
    return [a["verb"] for a in activities(caller, **params)]


def test_a_write_records_who_changed_which_fields_in_which_request(owner: Caller) -> None:
    campaign = make_campaign(owner, "Script", status="planning")
    owner.patch(
        f"campaigns/{campaign['id']}",
        json={"status": "active", "name": campaign["name"]},
        headers={"X-Request-ID": "req-activate-42"},
    )

    updated, made = activities(owner, campaign_id=campaign["id"])

    assert (made["verb"], updated["verb"]) == ("campaign.created", "campaign.updated")
    assert made["before"] is None
    assert made["after"]["status"] == "planning"
    assert made["after"]["scopes"] == ["Script"]
    assert (updated["before"], updated["after"]) == ({"status": "planning"}, {"status": "active"})
    assert updated["request_id"] == "req-activate-42"
    assert updated["subject_id"] == campaign["id"] == updated["campaign_id"]
    assert (updated["actor_member_id"], updated["subject_name"]) == (
        str(owner.member_id),
        campaign["name"],
    )
    assert updated["actor_name"]


def test_an_update_that_changes_nothing_and_a_refused_write_record_nothing(
    owner: Caller,
) -> None:
    skill = created(owner.post("skills", json={"key": "edit", "name": "Editing"}))
    before = activities(owner)

    owner.patch(f"skills/{skill['id']}", json={"name": "Editing"})
    refused = owner.post("skills", json={"key": "edit", "name": "Again"})

    assert refused.status_code == 409
    assert activities(owner) == before


def test_a_datapoint_batch_is_one_activity(owner: Caller, clock: SettableClock) -> None:
    points = [
        {"metric": "followers", "value": n, "observed_at": clock.now().isoformat()}
        for n in range(50)
    ]
    assert owner.post("datapoints", json={"items": points}).status_code == 201

    [batch] = activities(owner, verb="datapoint")

    assert batch["verb"] == "datapoint.batch_created"
    assert (batch["after"]["count"], batch["after"]["metrics"]) == (50, ["followers"])


def test_api_tokens_are_recorded_in_the_users_own_log_without_secrets(
    owner: Caller, session: Session
) -> None:
    response = owner.post("/api/v1/users/me/tokens", json={"name": "CI", "scopes": ["read"]})
    assert response.status_code == 201, response.text
    token = response.json()
    owner.delete(f"/api/v1/users/me/tokens/{token['id']}")

    rows = session.scalars(
        select(Activity).where(Activity.subject_id == uuid.UUID(token["id"]))
    ).all()

    assert [(r.verb, r.workspace_id) for r in rows] == [
        ("api_token.created", None),
        ("api_token.revoked", None),
    ]
    recorded = str([(r.before, r.after) for r in rows])
    assert token["token"] not in recorded
    assert token["token"][4:] not in recorded
    assert "api_token.created" not in verbs(owner)


def test_filters_by_verb_member_subject_and_time(owner: Caller, clock: SettableClock) -> None:
    start = clock.now()
    scene = make_scene(owner)
    clock.advance(timedelta(hours=2))
    owner.patch(f"assignments/{scene.responsible['id']}", json={"allocation_percent": 40})
    clock.advance(timedelta(hours=2))
    owner.delete(f"assignments/{scene.responsible['id']}")

    zhou = activities(owner, member_id=scene.zhou["id"], order="oldest")
    assert [a["verb"] for a in zhou] == [
        "member.created",
        "assignment.created",
        "assignment.updated",
        "assignment.deleted",
    ]
    assert verbs(owner, verb="assignment.deleted") == ["assignment.deleted"]
    assert verbs(owner, verb="*.deleted") == ["assignment.deleted"]
    assert set(verbs(owner, verb="assignment")) == {
        "assignment.created",
        "assignment.updated",
        "assignment.deleted",
    }
    assert set(verbs(owner, verb=["role.*", "member.*"])) == {"role.created", "member.created"}
    assert verbs(owner, subject_type="assignment", subject_id=scene.responsible["id"]) == [
        "assignment.deleted",
        "assignment.updated",
        "assignment.created",
    ]
    window = {
        "since": (start + timedelta(hours=1)).isoformat(),
        "until": (start + timedelta(hours=3)).isoformat(),
    }
    assert verbs(owner, **window) == ["assignment.updated"]
    assert verbs(owner, since=(start + timedelta(hours=4)).isoformat()) == ["assignment.deleted"]


def test_pages_follow_time_newest_first_and_back(owner: Caller, clock: SettableClock) -> None:
    for n in range(7):
        created(owner.post("skills", json={"key": f"s{n}", "name": f"Skill {n}"}))
        clock.advance(timedelta(seconds=1) if n % 2 else timedelta(microseconds=10))

    first = owner.get("activities", params={"limit": 3, "verb": "skill.created"}).json()
    rest = owner.get(
        "activities",
        params={"limit": 10, "verb": "skill.created", "cursor": first["next_cursor"]},
    ).json()
    oldest = activities(owner, verb="skill.created", order="oldest")

    names = [a["subject_name"] for a in first["items"] + rest["items"]]
    assert names == [f"Skill {n}" for n in reversed(range(7))]
    assert [a["subject_name"] for a in oldest] == [f"Skill {n}" for n in range(7)]
    assert rest["next_cursor"] is None
    times = [datetime.fromisoformat(a["occurred_at"]) for a in oldest]
    assert times == sorted(times)


def test_readers_see_what_they_may_read_and_nothing_of_other_workspaces(
    owner: Caller, outsider: Caller, session: Session
) -> None:
    make_member(owner, display_name="Invited")
    invite = owner.post("invites", json={"email": "new@example.com", "access": "editor"})
    assert invite.status_code == 201, invite.text
    make_campaign(outsider, "Secret scope")
    viewer = join(session, owner, Access.viewer, write=False)
    admin = join(session, owner, Access.admin)

    viewer_verbs, admin_verbs = verbs(viewer), verbs(admin)

    assert "member.created" in viewer_verbs
    assert "invite.created" not in viewer_verbs
    assert "invite.created" in admin_verbs
    assert not [a for a in activities(owner) if a["verb"] == "campaign.created"]
    assert outsider.get("activities").status_code == 200
    assert owner.in_workspace(outsider.workspace).get("activities").status_code == 404


def test_removing_a_scope_or_campaign_records_each_assignment_removed_with_it(
    owner: Caller, session: Session
) -> None:
    scene = make_scene(owner, "Script", "Shoot")
    shoot = scene.campaign["scopes"][1]
    ended = created(
        assign(
            owner, scene.lin, scene.role, "consulted", scene.campaign, shoot, starts_on="2026-01-05"
        )
    )
    owner.patch(f"assignments/{ended['id']}", json={"status": "ended"})
    owner.delete(f"campaigns/{scene.campaign['id']}/scopes/{shoot['id']}")
    chinese = join(session, owner, Access.viewer)
    session.execute(update(User).where(User.id == chinese.user_id).values(locale=Locale.zh_cn))
    session.commit()

    [gone] = activities(owner, verb="assignment.deleted")
    [gone_zh] = activities(chinese, verb="assignment.deleted")
    owner.delete(f"campaigns/{scene.campaign['id']}")
    with_campaign = activities(owner, verb="assignment.deleted", campaign_id=scene.campaign["id"])

    assert gone["subject_id"] == ended["id"]
    assert gone["reason_code"] == "scope_deleted"
    assert gone["before"]["scope_name"] == "Shoot"
    assert "Shoot" in gone["reason"]
    assert gone["actor_name"] in gone["reason"]
    assert gone["reason"].startswith("Removed with the scope")
    assert gone_zh["reason"] != gone["reason"]
    assert "Shoot" in gone_zh["reason"]
    assert {a["subject_id"] for a in with_campaign[:2]} == {
        scene.accountable["id"],
        scene.responsible["id"],
    }
    assert {a["reason_code"] for a in with_campaign[:2]} == {"campaign_deleted"}
    history = owner.get(
        "assignment-history", params={"assignment_id": scene.accountable["id"]}
    ).json()["items"]
    assert [h["action"] for h in history] == ["deleted", "created"]
    assert history[0]["before"]["member_name"] == "Lin"


def test_a_staffing_reason_is_shown_in_the_readers_language(
    owner: Caller, session: Session
) -> None:
    scene = make_scene(owner, "Script", "Shoot")
    shoot = scene.campaign["scopes"][1]
    applied = owner.post(
        f"campaigns/{scene.campaign['id']}/staffing-suggestions/apply",
        json={
            "kind": "accountable_for_scope",
            "scope_id": shoot["id"],
            "role_id": scene.role["id"],
            "member_id": scene.zhou["id"],
        },
    )
    assert applied.status_code == 201, applied.text
    reader = join(session, owner, Access.viewer)
    session.execute(update(User).where(User.id == reader.user_id).values(locale=Locale.zh_cn))
    session.commit()
    params = {"assignment_id": applied.json()["id"]}

    [english] = owner.get("assignment-history", params=params).json()["items"]
    [chinese] = reader.get("assignment-history", params=params).json()["items"]

    assert english["reason"] == "Applied a staffing suggestion."
    assert english["reason_code"] == chinese["reason_code"] == "staffing_applied"
    assert chinese["reason"] not in ("", english["reason"])


def test_bad_filters_are_refused_naming_the_parameter(owner: Caller) -> None:
    cases = {
        "verb": {"verb": "drop table"},
        "since": {"since": "2026-11-30T09:00:00"},  # no offset
        "until": {"since": "2026-11-30T09:00:00Z", "until": "2026-11-29T09:00:00Z"},
        "subject_type": {"subject_type": "Campaign!"},
    }
    for field, params in cases.items():
        response = owner.get("activities", params=params)
        assert response.status_code == 422, (field, response.text)
        assert field in str(response.json()["errors"]), field
    assert owner.get("activities", params={"cursor": "nonsense"}).status_code == 400
    role = make_role(owner)
    assert seeded(owner, "roles", role["key"])["id"] == role["id"]


def test_a_users_account_log_holds_their_tokens_and_deleted_workspaces_only(
    owner: Caller, outsider: Caller
) -> None:
    token = owner.post("/api/v1/users/me/tokens", json={"name": "CI", "scopes": ["read"]}).json()
    outsider.post("/api/v1/users/me/tokens", json={"name": "Theirs", "scopes": ["read"]})
    owner.patch("/api/v1/users/me", json={"display_name": "Renamed"})
    spare = created(owner.post("/api/v1/workspaces", json={"slug": "spare-ws", "name": "Spare"}))
    assert owner.in_workspace(spare["slug"]).delete("").status_code == 204

    log = owner.get("/api/v1/users/me/activities").json()["items"]

    assert [(a["verb"], a["subject_name"]) for a in log] == [
        ("workspace.deleted", "Spare"),
        ("user.updated", "Renamed"),
        ("api_token.created", "CI"),
    ]
    assert log[2]["subject_id"] == token["id"]
    assert log[2]["after"]["prefix"] == token["token"][:8]
    assert token["token"] not in str(log)
    assert owner.client.get("/api/v1/users/me/activities").status_code == 401


def test_a_members_pages_by_cursor_are_their_whole_history_in_order(
    owner: Caller, session: Session
) -> None:
    """What they did (actor) and what concerns them (member) interleave across pages."""
    member = join(session, owner, Access.editor)
    role = seeded(owner, "roles", "creator")
    for n in range(3):
        campaign = make_campaign(member, f"Theirs {n}")
        created(assign(owner, {"id": str(member.member_id)}, role, "consulted", campaign))
    whole = activities(owner, member_id=str(member.member_id))

    for order in ("newest", "oldest"):
        pages: list[str] = []
        cursor = None
        while True:
            params = {"member_id": str(member.member_id), "limit": 2, "order": order}
            answer = owner.get(
                "activities", params={**params, "cursor": cursor} if cursor else params
            )
            pages += [a["id"] for a in answer.json()["items"]]
            cursor = answer.json()["next_cursor"]
            if cursor is None:
                break
        expected = [a["id"] for a in whole]
        assert pages == (expected if order == "newest" else expected[::-1])
    assert {a["verb"] for a in whole} >= {"campaign.created", "assignment.created"}
    only_campaigns = activities(owner, member_id=str(member.member_id), verb="campaign.*")
    assert [a["verb"] for a in only_campaigns] == ["campaign.created"] * 3
