"""The history moves into the activity stream and back without losing a fact: upgrading
turns each assignment_changes row into an assignment activity (changed fields only),
downgrading rebuilds the rows with their full snapshots."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from app.core.db import create_db_engine
from app.core.migrations import downgrade, upgrade
from app.models.base import UTCDateTime
from tests.test_migrations import scratch_url  # noqa: F401 (a fixture)

BEFORE = "2026_11_29_web_refined"
JSON = sa.JSON()
WORKSPACES = sa.table(
    "workspaces",
    *(sa.column(name) for name in ("id", "slug", "name", "locale", "timezone", "version")),
    sa.column("created_at", UTCDateTime()),
    sa.column("updated_at", UTCDateTime()),
)
CHANGES = sa.table(
    "assignment_changes",
    sa.column("id", sa.Uuid()),
    sa.column("workspace_id", sa.Uuid()),
    sa.column("assignment_id", sa.Uuid()),
    sa.column("campaign_id", sa.Uuid()),
    sa.column("member_id", sa.Uuid()),
    sa.column("previous_member_id", sa.Uuid()),
    sa.column("action"),
    sa.column("changed_at", UTCDateTime()),
    sa.column("actor_user_id", sa.Uuid()),
    sa.column("actor_member_id", sa.Uuid()),
    sa.column("actor_name"),
    sa.column("reason"),
    sa.column("before", JSON),
    sa.column("after", JSON),
    sa.column("changed_fields", JSON),
)
ACTIVITIES = sa.table(
    "activities",
    sa.column("id", sa.Uuid()),
    sa.column("verb"),
    sa.column("subject_id", sa.Uuid()),
    sa.column("related_member_id", sa.Uuid()),
    sa.column("occurred_at", UTCDateTime()),
    sa.column("before", JSON),
    sa.column("after", JSON),
    sa.column("reason"),
)


def snapshot(member: uuid.UUID, name: str, **fields: Any) -> dict[str, Any]:
    return {
        "member_id": str(member),
        "member_name": name,
        "role_id": str(ROLE),
        "role_name": "Creator",
        "campaign_id": str(CAMPAIGN),
        "campaign_name": "Launch",
        "scope_id": None,
        "scope_name": None,
        "raci": "responsible",
        "allocation_percent": 20,
        "starts_on": "2026-01-05",
        "ends_on": None,
        "status": "active",
        "note": "",
        **fields,
    }


ROLE, CAMPAIGN, LIN, ZHOU = (uuid.uuid4() for _ in range(4))
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
CREATED = snapshot(LIN, "Lin")
HANDED = snapshot(ZHOU, "Zhou", allocation_percent=50)
ENDED = snapshot(ZHOU, "Zhou", allocation_percent=50, status="ended", ends_on="2026-02-01")
Snapshot = dict[str, Any]
Step = tuple[str, Snapshot | None, Snapshot | None, list[str], uuid.UUID | None]
STEPS: list[Step] = [
    (
        "created",
        None,
        CREATED,
        ["member_id", "role_id", "raci", "allocation_percent", "starts_on", "status"],
        None,
    ),
    ("updated", CREATED, HANDED, ["member_id", "allocation_percent"], LIN),
    ("ended", HANDED, ENDED, ["ends_on", "status"], None),
    ("deleted", ENDED, None, [], None),
]


def member_of(before: Snapshot | None, after: Snapshot | None) -> uuid.UUID:
    snapshot = after or before
    assert snapshot is not None, "every step has a before or an after"
    return uuid.UUID(snapshot["member_id"])


def test_history_survives_upgrade_and_downgrade(scratch_url: str) -> None:  # noqa: F811
    upgrade(scratch_url, BEFORE)
    engine = create_db_engine(scratch_url)
    workspace, assignment = uuid.uuid4(), uuid.uuid4()
    rows: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "workspace_id": workspace,
            "assignment_id": assignment,
            "campaign_id": CAMPAIGN,
            "member_id": member_of(before, after),
            "previous_member_id": previous,
            "action": action,
            "changed_at": T0 + timedelta(days=index),
            "actor_user_id": None,
            "actor_member_id": LIN,
            "actor_name": "Lin",
            "reason": f"step {index}",
            "before": before,
            "after": after,
            "changed_fields": changed,
        }
        for index, (action, before, after, changed, previous) in enumerate(STEPS)
    ]
    try:
        with engine.begin() as connection:
            connection.execute(
                WORKSPACES.insert().values(
                    id=workspace.hex if engine.dialect.name == "sqlite" else workspace,
                    slug="moved",
                    name="Moved",
                    locale="en",
                    timezone="UTC",
                    version=1,
                    created_at=T0,
                    updated_at=T0,
                )
            )
            connection.execute(CHANGES.insert(), rows)

        upgrade(scratch_url)
        with engine.connect() as connection:
            moved = connection.execute(sa.select(ACTIVITIES).order_by(ACTIVITIES.c.id)).all()
        downgrade(scratch_url, BEFORE)
        with engine.connect() as connection:
            back = connection.execute(sa.select(CHANGES).order_by(CHANGES.c.changed_at)).all()
    finally:
        engine.dispose()

    assert [a.verb for a in moved] == [f"assignment.{step[0]}" for step in STEPS]
    assert [a.reason for a in moved] == ["step 0", "step 1", "step 2", "step 3"]
    assert [a.occurred_at for a in moved] == [row["changed_at"] for row in rows]
    assert moved[1].after == {
        "member_id": str(ZHOU),
        "member_name": "Zhou",
        "allocation_percent": 50,
    }
    assert moved[1].related_member_id == LIN
    assert moved[2].before == {"status": "active", "ends_on": None}
    assert (moved[0].before, moved[0].after, moved[3].after) == (None, CREATED, None)
    for original, restored in zip(rows, back, strict=True):
        assert (restored.action, restored.before, restored.after) == (
            original["action"],
            original["before"],
            original["after"],
        )
        assert sorted(restored.changed_fields) == sorted(original["changed_fields"])
        assert restored.previous_member_id == original["previous_member_id"]
