"""Two writers materialising one plan at the same moment create each occurrence once:
the unique (plan_id, occurrence_at) constraint decides, not a check in Python.

On PostgreSQL the two sessions (as two processes or workers would) each run
`INSERT … ON CONFLICT DO NOTHING` in their own transaction; the second waits for the
first and then inserts nothing. SQLite has one writer at a time, so the test needs
PostgreSQL (`TROUPE_TEST_DATABASE_URL`).
"""

import threading
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from app.models import Campaign, Task, WorkPlan, Workspace
from app.models.enums import CampaignKind
from app.work_plans import occurrences
from tests.conftest import POSTGRES

pytestmark = pytest.mark.skipif(not POSTGRES, reason="needs two writers at once: PostgreSQL")
NOW = datetime.fromisoformat("2026-11-30T01:00:00+00:00")


@pytest.fixture
def committed_plan(engine: Engine) -> Iterator[uuid.UUID]:
    """A daily plan committed for real (both writers must see it), removed afterwards."""
    workspace_id, plan_id = uuid.uuid4(), uuid.uuid4()
    with Session(engine) as session, session.begin():
        session.add(
            Workspace(
                id=workspace_id,
                slug=f"race-{workspace_id.hex[:8]}",
                name="Race",
                timezone="Asia/Shanghai",
            )
        )
        session.flush()
        campaign = Campaign(workspace_id=workspace_id, name="Race", kind=CampaignKind.content)
        session.add(campaign)
        session.flush()
        session.add(
            WorkPlan(
                id=plan_id,
                workspace_id=workspace_id,
                campaign_id=campaign.id,
                title="Reply to fans",
                rrule="FREQ=DAILY",
                start_on=date(2026, 11, 30),
                due_time=time(18, 0),
                lead_days=6,
                appear_at=NOW,
            )
        )
    yield plan_id
    with Session(engine) as session, session.begin():
        session.execute(delete(Workspace).where(Workspace.id == workspace_id))


def test_two_writers_at_once_create_each_occurrence_once(
    engine: Engine, committed_plan: uuid.UUID
) -> None:
    both_read = threading.Barrier(2, timeout=30)
    created: list[int] = []
    errors: list[BaseException] = []

    def materialise() -> None:
        try:
            with Session(engine) as session, session.begin():
                plan = session.get_one(WorkPlan, committed_plan)
                both_read.wait()  # both have read the plan before either writes
                created.append(
                    occurrences.materialise(session, plan, timezone="Asia/Shanghai", now=NOW)
                )
        except BaseException as exc:  # reported below
            errors.append(exc)

    writers = [threading.Thread(target=materialise) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)

    assert errors == []
    with Session(engine) as session:
        count = session.scalar(select(func.count(Task.id)).where(Task.plan_id == committed_plan))
    assert count == 7  # today and the six lead days
    assert sorted(created) == [0, 7]
