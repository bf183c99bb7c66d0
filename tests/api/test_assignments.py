import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.dates import today_in
from app.models import Assignment
from app.models.enums import Access, Raci
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, count_statements, created, join


@dataclass(frozen=True)
class Scene:
    """A campaign with two scopes, two members and the creator role (the API's replies)."""

    campaign: dict[str, Any]
    script: dict[str, Any]
    filming: dict[str, Any]
    lin: dict[str, Any]
    zhou: dict[str, Any]
    creator: dict[str, Any]


@pytest.fixture
def scene(owner: Caller) -> Scene:
    campaign = make_campaign(owner, "Script", "Filming")
    return Scene(
        campaign=campaign,
        script=campaign["scopes"][0],
        filming=campaign["scopes"][1],
        lin=make_member(owner, display_name="Lin"),
        zhou=make_member(owner, display_name="Zhou"),
        creator=seeded(owner, "roles", "creator"),
    )


def test_assignment_embeds_the_names_a_screen_needs(owner: Caller, scene: Scene) -> None:
    body = created(
        assign(
            owner,
            scene.lin,
            scene.creator,
            "accountable",
            scene.campaign,
            scene.script,
            allocation_percent=30,
        )
    )

    assert (body["member_name"], body["role_name"], body["campaign_name"], body["scope_name"]) == (
        "Lin",
        scene.creator["name"],
        scene.campaign["name"],
        "Script",
    )
    assert body["starts_on"] == today_in("UTC").isoformat()
    assert body["status"] == "active"


def test_second_accountable_for_scope_is_rejected(owner: Caller, scene: Scene) -> None:
    first = created(
        assign(owner, scene.lin, scene.creator, "accountable", scene.campaign, scene.script)
    )

    second = assign(owner, scene.zhou, scene.creator, "accountable", scene.campaign, scene.script)

    assert second.status_code == 409
    problem = second.json()
    assert problem["type"].endswith("/multiple-accountable")
    assert problem["existing_assignment_id"] == first["id"]
    assert "Lin" in problem["detail"]
    listed = owner.get("assignments", params={"scope_id": scene.script["id"]}).json()["items"]
    assert len(listed) == 1


def test_second_accountable_for_the_whole_campaign_is_rejected(owner: Caller, scene: Scene) -> None:
    assert assign(owner, scene.lin, scene.creator, "accountable", scene.campaign).status_code == 201

    assert (
        assign(owner, scene.zhou, scene.creator, "accountable", scene.campaign).status_code == 409
    )


def test_accountable_per_scope_and_after_ending_the_first(owner: Caller, scene: Scene) -> None:
    first = created(
        assign(owner, scene.lin, scene.creator, "accountable", scene.campaign, scene.script)
    )
    assert (
        assign(
            owner,
            scene.zhou,
            scene.creator,
            "accountable",
            scene.campaign,
            scene.filming,
        ).status_code
        == 201
    )

    ended = owner.patch(f"assignments/{first['id']}", json={"status": "ended"}).json()

    assert ended["ends_on"] == today_in("UTC").isoformat()
    assert (
        assign(
            owner,
            scene.zhou,
            scene.creator,
            "accountable",
            scene.campaign,
            scene.script,
        ).status_code
        == 201
    )
    reopened = owner.patch(f"assignments/{first['id']}", json={"status": "active", "ends_on": None})
    assert reopened.status_code == 409


def test_changing_raci_to_a_second_accountable_is_rejected(owner: Caller, scene: Scene) -> None:
    created(assign(owner, scene.lin, scene.creator, "accountable", scene.campaign, scene.script))
    helper = created(
        assign(
            owner,
            scene.zhou,
            scene.creator,
            "responsible",
            scene.campaign,
            scene.script,
        )
    )

    response = owner.patch(f"assignments/{helper['id']}", json={"raci": "accountable"})

    assert response.status_code == 409
    assert owner.get(f"assignments/{helper['id']}").json()["raci"] == "responsible"


def test_the_database_itself_refuses_a_second_active_accountable(
    owner: Caller, scene: Scene, session: Session
) -> None:
    created(assign(owner, scene.lin, scene.creator, "accountable", scene.campaign, scene.script))
    workspace_id = session.get_one(
        Assignment, uuid.UUID(owner.get("assignments").json()["items"][0]["id"])
    ).workspace_id

    session.add(
        Assignment(
            workspace_id=workspace_id,
            member_id=uuid.UUID(scene.zhou["id"]),
            role_id=uuid.UUID(scene.creator["id"]),
            campaign_id=uuid.UUID(scene.campaign["id"]),
            scope_id=uuid.UUID(scene.script["id"]),
            raci=Raci.accountable,
            starts_on=date(2026, 1, 1),
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()


def test_scope_of_another_campaign_is_refused(owner: Caller, scene: Scene) -> None:
    other = make_campaign(owner)

    response = assign(owner, scene.lin, scene.creator, "responsible", other, scene.script)

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "scope_id"]


def test_scope_without_campaign_is_refused(owner: Caller, scene: Scene) -> None:
    response = assign(owner, scene.lin, scene.creator, "responsible", None, scene.script)

    assert response.status_code == 422


def test_ids_of_another_workspace_are_not_found(
    owner: Caller, outsider: Caller, scene: Scene
) -> None:
    theirs = make_campaign(outsider, "Theirs")
    their_member = make_member(outsider)
    their_role = seeded(outsider, "roles", "creator")

    cases = [
        (their_member, scene.creator, scene.campaign, None),
        (scene.lin, their_role, scene.campaign, None),
        (scene.lin, scene.creator, theirs, None),
        (scene.lin, scene.creator, scene.campaign, theirs["scopes"][0]),
    ]
    for member, role, campaign, scope in cases:
        response = assign(owner, member, role, "responsible", campaign, scope)
        assert response.status_code == 404, (member, role, campaign, scope)


def test_inactive_member_cannot_be_assigned(owner: Caller, scene: Scene) -> None:
    retired = make_member(owner, status="inactive")

    response = assign(owner, retired, scene.creator, "informed", scene.campaign)

    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "member_inactive"


def test_allocation_is_a_percentage(owner: Caller, scene: Scene) -> None:
    response = assign(owner, scene.lin, scene.creator, "responsible", allocation_percent=120)

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "allocation_percent"]


def test_exact_duplicate_is_a_conflict(owner: Caller, scene: Scene) -> None:
    args = (scene.lin, scene.creator, "consulted", scene.campaign, scene.script)
    assert assign(owner, *args).status_code == 201

    assert assign(owner, *args).status_code == 409


def test_end_date_before_start_is_refused(owner: Caller, scene: Scene) -> None:
    body = created(assign(owner, scene.lin, scene.creator, "informed", starts_on="2026-03-01"))

    response = owner.patch(f"assignments/{body['id']}", json={"ends_on": "2026-02-01"})

    assert response.status_code == 422


def test_filters(owner: Caller, scene: Scene) -> None:
    a = created(
        assign(
            owner,
            scene.lin,
            scene.creator,
            "accountable",
            scene.campaign,
            scene.script,
            starts_on="2026-01-01",
            ends_on="2026-01-31",
        )
    )
    b = created(
        assign(
            owner,
            scene.zhou,
            scene.creator,
            "responsible",
            scene.campaign,
            scene.filming,
            starts_on="2026-02-01",
        )
    )
    c = created(
        assign(
            owner,
            scene.zhou,
            seeded(owner, "roles", "legal_affairs"),
            "accountable",
            starts_on="2026-01-15",
        )
    )

    def ids(**params: object) -> set[str]:
        return {x["id"] for x in owner.get("assignments", params=params).json()["items"]}

    assert ids(member_id=scene.zhou["id"]) == {b["id"], c["id"]}
    assert ids(scope_id=scene.script["id"]) == {a["id"]}
    assert ids(raci="accountable") == {a["id"], c["id"]}
    assert ids(standing=True) == {c["id"]}
    assert ids(campaign_id=scene.campaign["id"]) == {a["id"], b["id"]}
    assert ids(active_on="2026-01-20") == {a["id"], c["id"]}
    assert ids(active_on="2026-02-10") == {b["id"], c["id"]}


def test_viewer_cannot_assign_but_editor_can(owner: Caller, scene: Scene, session: Session) -> None:
    viewer = join(session, owner, Access.viewer)
    editor = join(session, owner, Access.editor)

    assert assign(viewer, scene.lin, scene.creator, "informed").status_code == 403
    body = created(assign(editor, scene.lin, scene.creator, "informed"))
    assert viewer.patch(f"assignments/{body['id']}", json={"raci": "consulted"}).status_code == 403
    assert viewer.delete(f"assignments/{body['id']}").status_code == 403
    assert editor.delete(f"assignments/{body['id']}").status_code == 204


def test_assignment_of_another_workspace_is_invisible(owner: Caller, outsider: Caller) -> None:
    theirs = created(
        assign(outsider, make_member(outsider), seeded(outsider, "roles", "creator"), "informed")
    )

    assert owner.get(f"assignments/{theirs['id']}").status_code == 404
    assert owner.patch(f"assignments/{theirs['id']}", json={"note": "x"}).status_code == 404
    assert owner.delete(f"assignments/{theirs['id']}").status_code == 404


def test_list_statement_count_does_not_grow_with_page_size(
    owner: Caller, connection: Connection, session: Session
) -> None:
    campaign = make_campaign(owner, *[f"Scope {i}" for i in range(10)])
    roles = owner.get("roles").json()["items"]
    members = [make_member(owner) for _ in range(30)]
    for i, member in enumerate(members):
        for j, role in enumerate(roles):
            scope = campaign["scopes"][(i + j) % 10]
            assign(owner, member, role, "consulted", campaign, scope)

    statements = count_statements(connection)
    small = owner.get("assignments", params={"limit": 10})
    small_count = len(statements)
    statements.clear()
    large = owner.get("assignments", params={"limit": 200})

    assert len(small.json()["items"]) == 10
    assert len(large.json()["items"]) == 200
    assert len(statements) == small_count
