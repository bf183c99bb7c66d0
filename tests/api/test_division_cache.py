"""Health checks are cached per workspace version: every write bumps it, so a check is
reused only while nothing changed (issue 9)."""

import uuid

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.division import versions
from app.models import Workspace
from tests.api.division_helpers import make_scene
from tests.api.helpers import assign, make_member
from tests.api.test_division_statements import statements
from tests.factories import Caller, created


def test_a_repeated_check_reads_only_the_version(owner: Caller, connection: Connection) -> None:
    scene = make_scene(owner)
    path = f"campaigns/{scene.campaign['id']}/health"

    first = statements(owner, connection, path)
    again = statements(owner, connection, path)
    workspace_first = statements(owner, connection, "health")
    workspace_again = statements(owner, connection, "health", code="idle_member")

    assert again < first
    assert workspace_again < workspace_first  # another filter of the same check: a hit


def workspace_id(session: Session, owner: Caller) -> uuid.UUID:
    return session.scalars(select(Workspace.id).where(Workspace.slug == owner.workspace)).one()


def test_every_write_makes_the_next_check_fresh(owner: Caller, session: Session) -> None:
    scene = make_scene(owner)
    assert scene.codes() == []
    before = versions.current(session, workspace_id(session, owner))

    newcomer = make_member(owner)
    created(assign(owner, newcomer, scene.role, "responsible", scene.campaign, scene.scope))
    overlap = scene.codes()
    owner.patch(f"members/{scene.lin['id']}", json={"display_name": "Lin Renamed"})
    owner.delete(f"assignments/{scene.accountable['id']}")

    assert overlap == ["overlap"]
    session.expire_all()
    assert versions.current(session, workspace_id(session, owner)) >= before + 4
    assert scene.codes() == ["no_accountable", "overlap"]


def test_a_failed_write_does_not_bump_the_version(owner: Caller, session: Session) -> None:
    scene = make_scene(owner)
    before = versions.current(session, workspace_id(session, owner))

    refused = assign(owner, scene.zhou, scene.role, "accountable", scene.campaign, scene.scope)

    assert refused.status_code == 409
    session.expire_all()
    assert versions.current(session, workspace_id(session, owner)) == before
