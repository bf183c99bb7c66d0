"""The checks a goal and its key results pass before they are written: dates in order,
referenced members, campaigns and parent goals in the workspace, no cycle of parents,
metrics named by a key that exists, a target that differs from the start."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.crud import ids_in_workspace
from app.core.errors import InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.goals.reads import NOT_FOUND
from app.goals.schemas import KeyResultCreate
from app.models import Campaign, Goal, Member, Metric

TARGET_EQUALS_START = N_("The target must differ from the start value.")


def invalid(loc: tuple[str | int, ...], message: str, code: str) -> InvalidInput:
    return InvalidInput(N_("The goal is not valid."), errors=[field_error(loc, message, code)])


MISSING = {
    Member: N_("Member not found."),
    Campaign: N_("Campaign not found."),
    Goal: NOT_FOUND,
}


def ensure_exists(
    session: Session,
    ctx: WorkspaceContext,
    model: type[Campaign] | type[Member] | type[Goal],
    object_id: uuid.UUID,
    loc: tuple[str | int, ...],
) -> None:
    if not ids_in_workspace(session, model, {object_id}, ctx=ctx):
        raise NotFound(MISSING[model], errors=[field_error(loc, MISSING[model], "not_found")])


def check_goal(
    session: Session, *, ctx: WorkspaceContext, values: dict[str, Any], goal_id: uuid.UUID | None
) -> None:
    starts_on: date = values["starts_on"]
    due_on: date = values["due_on"]
    if due_on < starts_on:
        raise invalid(("body", "due_on"), N_("Must not be before the start."), "range")
    for field, model in (
        ("owner_member_id", Member),
        ("reviewer_member_id", Member),
        ("campaign_id", Campaign),
        ("parent_id", Goal),
    ):
        if values.get(field) is not None:
            ensure_exists(session, ctx, model, values[field], ("body", field))
    parent_id = values.get("parent_id")
    if parent_id is not None and goal_id is not None:
        ensure_no_cycle(session, goal_id=goal_id, parent_id=parent_id)


def ensure_no_cycle(session: Session, *, goal_id: uuid.UUID, parent_id: uuid.UUID) -> None:
    seen: set[uuid.UUID] = set()
    current: uuid.UUID | None = parent_id
    while current is not None and current not in seen:
        if current == goal_id:
            raise invalid(
                ("body", "parent_id"), N_("A goal cannot serve itself or a goal under it."), "cycle"
            )
        seen.add(current)
        current = session.scalar(select(Goal.parent_id).where(Goal.id == current))


def metric_ids(
    session: Session,
    *,
    ctx: WorkspaceContext,
    key_results: list[KeyResultCreate],
    loc: tuple[str | int, ...],
) -> list[uuid.UUID]:
    keys = {kr.metric for kr in key_results}
    found = dict(
        session.execute(
            select(Metric.key, Metric.id).where(
                Metric.workspace_id == ctx.workspace_id, Metric.key.in_(keys)
            )
        ).all()
    )
    campaigns = ids_in_workspace(
        session, Campaign, {kr.campaign_id for kr in key_results if kr.campaign_id}, ctx=ctx
    )
    errors = []
    missing = []
    many = len(loc) > 1
    for index, kr in enumerate(key_results):
        at = (*loc, index) if many else loc
        if kr.campaign_id is not None and kr.campaign_id not in campaigns:
            missing.append(field_error((*at, "campaign_id"), MISSING[Campaign], "not_found"))
        if kr.metric not in found:
            errors.append(
                field_error((*at, "metric"), N_("No metric has this key."), "unknown_metric")
            )
        if kr.start_value == kr.target_value:
            errors.append(
                field_error((*at, "target_value"), TARGET_EQUALS_START, "target_equals_start")
            )
    if missing:
        raise NotFound(MISSING[Campaign], errors=missing)
    if errors:
        raise InvalidInput(N_("The key results are not valid."), errors=errors)
    return [found[kr.metric] for kr in key_results]
