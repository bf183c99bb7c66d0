"""Reads of work plans: one Core select of the columns `WorkPlanRead` needs."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session, aliased

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.recurrence_text import describe
from app.models import Campaign, Member, Role, Scope, WorkPlan
from app.work_plans.schemas import WorkPlanRead

PLAN_NOT_FOUND = N_("Work plan not found.")

_owner = aliased(Member, name="owner")
COLUMNS = select(
    WorkPlan.id,
    WorkPlan.title,
    WorkPlan.description,
    WorkPlan.campaign_id,
    Campaign.name.label("campaign_name"),
    WorkPlan.scope_id,
    Scope.name.label("scope_name"),
    WorkPlan.checklist,
    WorkPlan.priority,
    WorkPlan.estimate_hours,
    WorkPlan.owner_member_id,
    _owner.display_name.label("owner_name"),
    WorkPlan.role_id,
    Role.name.label("role_name"),
    WorkPlan.rotation,
    WorkPlan.rrule,
    WorkPlan.start_on,
    WorkPlan.due_time,
    WorkPlan.anchor,
    WorkPlan.lead_days,
    WorkPlan.skip_weekends,
    WorkPlan.catch_up,
    WorkPlan.enabled,
    WorkPlan.skipped,
    WorkPlan.created_at,
    WorkPlan.updated_at,
    WorkPlan.version,
)


def select_plans() -> Select[*tuple[Any, ...]]:
    return (
        COLUMNS.select_from(WorkPlan)
        .join(Campaign, Campaign.id == WorkPlan.campaign_id)
        .outerjoin(Scope, Scope.id == WorkPlan.scope_id)
        .outerjoin(_owner, _owner.id == WorkPlan.owner_member_id)
        .outerjoin(Role, Role.id == WorkPlan.role_id)
    )


def views(rows: Sequence[Row[Any]], *, locale: str) -> list[WorkPlanRead]:
    reads = []
    for row in rows:
        values = row._asdict()
        values["due_time"] = values["due_time"].strftime("%H:%M")
        values["rrule_text"] = describe(
            values["rrule"], locale, skip_weekends=values["skip_weekends"]
        )
        reads.append(WorkPlanRead.model_validate(values))
    return reads


def read(
    session: Session, *, workspace_id: uuid.UUID, plan_id: uuid.UUID, locale: str
) -> WorkPlanRead:
    row = session.execute(
        select_plans().where(WorkPlan.id == plan_id, WorkPlan.workspace_id == workspace_id)
    ).first()
    if row is None:
        raise NotFound(PLAN_NOT_FOUND)
    return views([row], locale=locale)[0]
