"""The task rows of work-plan occurrences: one row's values, and the insert of many at once.

The insert is idempotent: rows go in with `INSERT … ON CONFLICT DO NOTHING` on the unique
(plan_id, occurrence_at), and each row created (only those) gets its `task.created`
activity.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Insert, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.activity.reasons import register_reason
from app.core.i18n import N_
from app.core.richtext import render
from app.models import Task, WorkPlan
from app.models.enums import TaskStatus

PLAN_OCCURRENCE = register_reason("plan_occurrence", N_("An occurrence of the work plan {plan}."))
_TASKS = cast(Table, Task.__table__)  # Core inserts: no ORM bookkeeping per row
# Rows per multi-row VALUES statement (PostgreSQL): psycopg parses each statement's
# placeholders in Python, superlinearly past ~1,000 of them (1,000 rows: 20 times slower).
PAGE_ROWS = 50


def _insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_TASKS)


def task_values(
    plan: WorkPlan,
    *,
    occurrence: datetime,
    owner: uuid.UUID | None,
    description_html: str | None = None,
) -> dict[str, Any]:
    """One occurrence's task row (`description_html`: the plan's, rendered once per plan)."""
    return {
        "id": uuid.uuid4(),
        "workspace_id": plan.workspace_id,
        "campaign_id": plan.campaign_id,
        "scope_id": plan.scope_id,
        "title": plan.title,
        "description": plan.description,
        "description_html": render(plan.description)
        if description_html is None
        else description_html,
        "owner_member_id": owner,
        "role_id": plan.role_id,
        "due_at": occurrence,
        "status": TaskStatus.todo,
        "priority": plan.priority,
        "checklist": [{"text": step, "done": False} for step in plan.checklist],
        "estimate_hours": plan.estimate_hours,
        "metric_ids": [],
        "plan_id": plan.id,
        "occurrence_at": occurrence,
        "own_fields": [],
        "version": 1,
    }


def create_occurrences(session: Session, rows: Sequence[dict[str, Any]], *, now: datetime) -> int:
    """Insert, skipping those that exist; record an activity for each one created.

    The rows of many plans go in as one executemany, and their activities as another
    (`activity.record_created`): no ORM object per occurrence.
    """
    if not rows:
        return 0
    stamped = [{**row, "created_at": now, "updated_at": now} for row in rows]
    statement: Insert = _insert(session)
    statement = statement.on_conflict_do_nothing(  # type: ignore[attr-defined]
        index_elements=["plan_id", "occurrence_at"]
    ).returning(_TASKS.c.id)
    statement = statement.execution_options(insertmanyvalues_page_size=PAGE_ROWS)
    # One compiled statement for every batch (the rows are parameters, not literal VALUES):
    # compiling a multi-row VALUES per plan cost more than the inserts themselves.
    inserted = set(session.scalars(statement, stamped))
    by_workspace: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for row in rows:
        if row["id"] in inserted:
            by_workspace.setdefault(row["workspace_id"], []).append(
                {
                    "subject_id": row["id"],
                    "subject_name": row["title"],
                    "campaign_id": row["campaign_id"],
                    "member_id": row["owner_member_id"],
                    "after": {
                        "title": row["title"],
                        "due_at": row["due_at"],
                        "plan_id": row["plan_id"],
                    },
                    "reason_code": PLAN_OCCURRENCE,
                    "reason_params": {"plan": row["title"]},
                }
            )
    for workspace_id, entries in by_workspace.items():
        activity.record_created(
            session,
            ctx=activity.Origin(workspace_id=workspace_id),
            verb="task.created",
            entries=entries,
        )
    return len(inserted)
