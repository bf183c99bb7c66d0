"""The report notification kinds: upgrading lets both the inbox and the preferences hold
them (their CHECK constraints list them); downgrading removes such rows and the kinds."""

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.core.db import create_db_engine
from app.core.migrations import downgrade, upgrade
from app.core.paths import bundled
from app.models import Member, NotificationPreference, Workspace
from app.models.notification import Delivery, NotificationKind
from tests.test_migrations import scratch_url  # noqa: F401 (a fixture)

REVISION = "2026_12_02_live11"
PREFERENCES = sa.table("notification_preferences", sa.column("kind"))


def before_revision() -> str:
    text = (bundled("migrations") / "versions" / f"{REVISION}.py").read_text()
    return text.split('down_revision: str | Sequence[str] | None = "')[1].split('"')[0]


def checks(url: str) -> str:
    engine = create_db_engine(url)
    try:
        inspector = sa.inspect(engine)
        found = [
            str(check["sqltext"])
            for table in ("notifications", "notification_preferences")
            for check in inspector.get_check_constraints(table)
            if "kind" in str(check["sqltext"])
        ]
    finally:
        engine.dispose()
    return " ".join(found)


def test_report_kinds_are_allowed_after_upgrade_and_gone_after_downgrade(
    scratch_url: str,  # noqa: F811 (the fixture)
) -> None:
    upgrade(scratch_url)
    assert checks(scratch_url).count("report_escalated") == 2
    engine = create_db_engine(scratch_url)
    with Session(engine) as session:
        workspace = Workspace(id=uuid.uuid4(), slug="w", name="W")
        member = Member(id=uuid.uuid4(), workspace_id=workspace.id, display_name="A")
        session.add(workspace)
        session.flush()
        session.add(member)
        session.flush()
        for kind in (NotificationKind.report_due, NotificationKind.mention):
            session.add(
                NotificationPreference(member_id=member.id, kind=kind, delivery=Delivery.off)
            )
        session.commit()
    engine.dispose()

    downgrade(scratch_url, before_revision())

    assert "report_" not in checks(scratch_url)
    assert checks(scratch_url).count("action_assigned") == 2
    engine = create_db_engine(scratch_url)
    with engine.connect() as connection:
        kinds = connection.execute(sa.select(PREFERENCES.c.kind)).scalars().all()
    engine.dispose()
    assert kinds == ["mention"]
    upgrade(scratch_url)
    assert checks(scratch_url).count("report_due") == 2
