"""Goals and their key results: editors write, everyone in the workspace reads.

Reads answer with the computed numbers (app/goals/measure.py); writes answer by reading
the goal again through the same path.
"""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.activity import service as activity
from app.core import clock
from app.core.crud import apply_changes, get_in_workspace
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.goals import checks, reads
from app.goals.reads import KEY_RESULT_NOT_FOUND, NOT_FOUND
from app.goals.schemas import (
    GoalCreate,
    GoalRead,
    GoalSettingsRead,
    GoalSettingsUpdate,
    GoalUpdate,
    KeyResultCreate,
    KeyResultRead,
    KeyResultUpdate,
)
from app.models import Campaign, Goal, GoalSettings, KeyResult
from app.models.enums import Access
from app.models.goal import GoalState

GOAL_FIELDS = (
    "title",
    "owner_member_id",
    "reviewer_member_id",
    "parent_id",
    "campaign_id",
    "starts_on",
    "due_on",
    "state",
    "outcome",
    "pace",
    "status_override",
    "status_override_note",
)
KEY_RESULT_FIELDS = (
    "metric_id",
    "campaign_id",
    "channel",
    "start_value",
    "target_value",
    "aggregation",
    "weight",
)
_WITH_KEY_RESULTS = selectinload(Goal.key_results)


def _load(session: Session, *, ctx: WorkspaceContext, goal_id: uuid.UUID) -> Goal:
    return get_in_workspace(
        session, Goal, goal_id, ctx=ctx, missing=NOT_FOUND, options=(_WITH_KEY_RESULTS,)
    )


def _reread(session: Session, *, ctx: WorkspaceContext, goal_id: uuid.UUID) -> tuple[GoalRead, int]:
    session.flush()
    return reads.read(session, ctx=ctx, goal_id=goal_id)


def create(session: Session, *, ctx: WorkspaceContext, goal_in: GoalCreate) -> tuple[GoalRead, int]:
    ctx.require(Access.editor)
    values = goal_in.model_dump(exclude={"key_results"})
    if goal_in.state is GoalState.closed:
        raise checks.invalid(("body", "state"), N_("A new goal is a draft or active."), "state")
    checks.check_goal(session, ctx=ctx, values=values, goal_id=None)
    metrics = checks.metric_ids(
        session, ctx=ctx, key_results=goal_in.key_results, loc=("body", "key_results")
    )
    goal = Goal(workspace_id=ctx.workspace_id, status_override_note="", **values)
    session.add(goal)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="goal.created",
        subject_id=goal.id,
        subject_name=goal.title,
        campaign_id=goal.campaign_id,
        member_id=goal.owner_member_id,
        after=activity.fields(goal, GOAL_FIELDS),
    )
    for position, kr_in in enumerate(goal_in.key_results):
        _add_key_result(
            session, ctx=ctx, goal=goal, kr_in=kr_in, metric_id=metrics[position], position=position
        )
    return _reread(session, ctx=ctx, goal_id=goal.id)


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    goal_id: uuid.UUID,
    goal_in: GoalUpdate,
    if_match: frozenset[int] | None,
) -> tuple[GoalRead, int]:
    ctx.require(Access.editor)
    goal = _load(session, ctx=ctx, goal_id=goal_id)
    ensure_version(goal.version, if_match)
    changes: dict[str, Any] = goal_in.model_dump(exclude_unset=True)
    merged = {name: changes.get(name, getattr(goal, name)) for name in GOAL_FIELDS}
    if "state" in changes and changes["state"] is not GoalState.closed and "outcome" not in changes:
        changes["outcome"] = merged["outcome"] = None  # reopening forgets the outcome
    checks.check_goal(session, ctx=ctx, values=merged, goal_id=goal.id)
    if (merged["state"] is GoalState.closed) != (merged["outcome"] is not None):
        raise checks.invalid(
            ("body", "outcome"),
            N_("A closed goal needs an outcome, and only a closed goal has one."),
            "outcome",
        )
    if "status_override" in changes:
        changes["status_override_at"] = clock.now() if changes["status_override"] else None
        if not changes["status_override"]:
            changes.setdefault("status_override_note", "")
    before = activity.fields(goal, GOAL_FIELDS)
    apply_changes(goal, changes)
    activity.record(
        session,
        ctx=ctx,
        verb="goal.updated",
        subject_id=goal.id,
        subject_name=goal.title,
        campaign_id=goal.campaign_id,
        member_id=goal.owner_member_id,
        before=before,
        after=activity.fields(goal, GOAL_FIELDS),
    )
    return _reread(session, ctx=ctx, goal_id=goal.id)


def delete(
    session: Session, *, ctx: WorkspaceContext, goal_id: uuid.UUID, if_match: frozenset[int] | None
) -> None:
    """Delete a goal and its key results; goals under it move up to its parent."""
    ctx.require(Access.editor)
    goal = _load(session, ctx=ctx, goal_id=goal_id)
    ensure_version(goal.version, if_match)
    for child in session.scalars(select(Goal).where(Goal.parent_id == goal.id)):
        child.parent_id = goal.parent_id
    for kr in goal.key_results:
        _record_key_result(session, ctx=ctx, goal=goal, kr=kr, verb="key_result.deleted")
    activity.record(
        session,
        ctx=ctx,
        verb="goal.deleted",
        subject_id=goal.id,
        subject_name=goal.title,
        campaign_id=goal.campaign_id,
        member_id=goal.owner_member_id,
        before=activity.fields(goal, GOAL_FIELDS),
    )
    for kr in goal.key_results:
        session.delete(kr)
    session.flush()  # key results and moved children first: the goal's row goes last
    session.delete(goal)
    session.flush()


def add_key_result(
    session: Session, *, ctx: WorkspaceContext, goal_id: uuid.UUID, kr_in: KeyResultCreate
) -> tuple[KeyResultRead, int]:
    ctx.require(Access.editor)
    goal = _load(session, ctx=ctx, goal_id=goal_id)
    if len(goal.key_results) >= 20:
        raise checks.invalid(("body",), N_("A goal has at most 20 key results."), "too_many")
    metric_id = checks.metric_ids(session, ctx=ctx, key_results=[kr_in], loc=("body",))[0]
    position = max((kr.position for kr in goal.key_results), default=-1) + 1
    kr = _add_key_result(
        session, ctx=ctx, goal=goal, kr_in=kr_in, metric_id=metric_id, position=position
    )
    session.flush()
    return reads.read_key_result(session, ctx=ctx, goal_id=goal.id, key_result_id=kr.id)


def update_key_result(
    session: Session,
    *,
    ctx: WorkspaceContext,
    goal_id: uuid.UUID,
    key_result_id: uuid.UUID,
    kr_in: KeyResultUpdate,
    if_match: frozenset[int] | None,
) -> tuple[KeyResultRead, int]:
    ctx.require(Access.editor)
    goal = _load(session, ctx=ctx, goal_id=goal_id)
    kr = _key_result_of(goal, key_result_id)
    ensure_version(kr.version, if_match)
    changes: dict[str, Any] = kr_in.model_dump(exclude_unset=True, exclude={"metric"})
    if kr_in.metric is not None:
        changes["metric_id"] = checks.metric_ids(
            session,
            ctx=ctx,
            key_results=[KeyResultCreate(metric=kr_in.metric, target_value=1)],
            loc=("body",),
        )[0]
    if changes.get("campaign_id") is not None:
        checks.ensure_exists(
            session, ctx, Campaign, changes["campaign_id"], ("body", "campaign_id")
        )
    if changes.get("start_value", kr.start_value) == changes.get("target_value", kr.target_value):
        raise checks.invalid(
            ("body", "target_value"), checks.TARGET_EQUALS_START, "target_equals_start"
        )
    before = activity.fields(kr, KEY_RESULT_FIELDS)
    apply_changes(kr, changes)
    _record_key_result(session, ctx=ctx, goal=goal, kr=kr, verb="key_result.updated", before=before)
    session.flush()
    return reads.read_key_result(session, ctx=ctx, goal_id=goal.id, key_result_id=kr.id)


def delete_key_result(
    session: Session,
    *,
    ctx: WorkspaceContext,
    goal_id: uuid.UUID,
    key_result_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    ctx.require(Access.editor)
    goal = _load(session, ctx=ctx, goal_id=goal_id)
    kr = _key_result_of(goal, key_result_id)
    ensure_version(kr.version, if_match)
    _record_key_result(session, ctx=ctx, goal=goal, kr=kr, verb="key_result.deleted")
    session.delete(kr)
    session.flush()


def get_settings(session: Session, *, ctx: WorkspaceContext) -> tuple[GoalSettingsRead, int]:
    row = session.get(GoalSettings, ctx.workspace_id)
    found = reads.thresholds(session, ctx=ctx)
    return GoalSettingsRead(on_track_from=found.on_track_from, at_risk_from=found.at_risk_from), (
        row.version if row else 0
    )


def update_settings(
    session: Session,
    *,
    ctx: WorkspaceContext,
    settings_in: GoalSettingsUpdate,
    if_match: frozenset[int] | None,
) -> tuple[GoalSettingsRead, int]:
    ctx.require(Access.admin)
    row = session.get(GoalSettings, ctx.workspace_id)
    ensure_version(row.version if row else 0, if_match)
    if row is None:
        row = GoalSettings(workspace_id=ctx.workspace_id, on_track_from=0.9, at_risk_from=0.7)
        session.add(row)
    before = activity.fields(row, ("on_track_from", "at_risk_from"))
    changes = settings_in.model_dump(exclude_unset=True)
    on_track = changes.get("on_track_from", row.on_track_from)
    if changes.get("at_risk_from", row.at_risk_from) > on_track:
        raise checks.invalid(
            ("body", "at_risk_from"),
            N_("Must not be above the on-track threshold."),
            "thresholds_order",
        )
    apply_changes(row, changes)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="goal_settings.updated",
        subject_id=ctx.workspace_id,
        subject_name="goals",
        before=before,
        after=activity.fields(row, ("on_track_from", "at_risk_from")),
    )
    return get_settings(session, ctx=ctx)


def _add_key_result(
    session: Session,
    *,
    ctx: WorkspaceContext,
    goal: Goal,
    kr_in: KeyResultCreate,
    metric_id: uuid.UUID,
    position: int,
) -> KeyResult:
    kr = KeyResult(
        goal_id=goal.id,
        position=position,
        metric_id=metric_id,
        **kr_in.model_dump(exclude={"metric"}),
    )
    session.add(kr)
    session.flush()
    _record_key_result(session, ctx=ctx, goal=goal, kr=kr, verb="key_result.created")
    return kr


def _record_key_result(
    session: Session,
    *,
    ctx: WorkspaceContext,
    goal: Goal,
    kr: KeyResult,
    verb: str,
    before: dict[str, Any] | None = None,
) -> None:
    fields = activity.fields(kr, KEY_RESULT_FIELDS)
    activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=kr.id,
        subject_name=goal.title,
        campaign_id=goal.campaign_id,
        before=before
        if verb == "key_result.updated"
        else (fields if verb.endswith("deleted") else None),
        after=None if verb.endswith("deleted") else fields,
    )


def _key_result_of(goal: Goal, key_result_id: uuid.UUID) -> KeyResult:
    for kr in goal.key_results:
        if kr.id == key_result_id:
            return kr
    raise NotFound(KEY_RESULT_NOT_FOUND)
