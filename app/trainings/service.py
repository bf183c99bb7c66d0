"""Trainings: completing one at a higher level raises the member's skill, with history."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core import clock
from app.core.crud import apply_changes, get_in_workspace, ids_in_workspace
from app.core.errors import InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.models import Member, MemberSkill, Skill, SkillLevelChange, Training
from app.models.enums import Access
from app.tasks import service as tasks
from app.tasks.schemas import TaskCreate
from app.trainings import reads
from app.trainings.schemas import (
    SkillHistory,
    SkillLevelChangeRead,
    TrainingCreate,
    TrainingRead,
    TrainingUpdate,
)

MEMBER_NOT_FOUND = N_("Member not found.")
FIELDS = ("title", "skill_id", "level_before", "level_after", "completed_on")


def _check(session: Session, *, ctx: WorkspaceContext, values: dict[str, Any]) -> None:
    for name, model, missing in (
        ("member_id", Member, MEMBER_NOT_FOUND),
        ("skill_id", Skill, N_("Skill not found.")),
    ):
        value = values.get(name)
        if value is not None and not ids_in_workspace(session, model, {value}, ctx=ctx):
            raise NotFound(missing, errors=[field_error(("body", name), missing, "not_found")])


def _level(session: Session, member_id: uuid.UUID, skill_id: uuid.UUID) -> int | None:
    return session.scalar(
        select(MemberSkill.level).where(
            MemberSkill.member_id == member_id, MemberSkill.skill_id == skill_id
        )
    )


def _raise_skill(
    session: Session, *, ctx: WorkspaceContext, training: Training, now: datetime
) -> None:
    """A completed training at a higher level sets the member's level and keeps history."""
    if training.completed_on is None or training.skill_id is None or training.level_after is None:
        return
    current = _level(session, training.member_id, training.skill_id)
    if current is not None and current >= training.level_after:
        return
    row = session.get(MemberSkill, (training.member_id, training.skill_id))
    if row is None:
        session.add(
            MemberSkill(
                member_id=training.member_id, skill_id=training.skill_id, level=training.level_after
            )
        )
    else:
        row.level = training.level_after
    session.add(
        SkillLevelChange(
            workspace_id=ctx.workspace_id,
            member_id=training.member_id,
            skill_id=training.skill_id,
            level_before=current,
            level_after=training.level_after,
            changed_at=now,
            training_id=training.id,
        )
    )
    activity.record(
        session,
        ctx=ctx,
        verb="member.skill_raised",
        subject_id=training.member_id,
        member_id=training.member_id,
        before={"skill_id": training.skill_id, "level": current},
        after={"skill_id": training.skill_id, "level": training.level_after},
    )


def create(session: Session, *, ctx: WorkspaceContext, training_in: TrainingCreate) -> TrainingRead:
    ctx.require(Access.editor)
    now = clock.now()
    data = training_in.model_dump(exclude={"plan_task"})
    _check(session, ctx=ctx, values=data)
    data["evidence_url"] = str(data["evidence_url"]) if data["evidence_url"] else None
    if data["level_before"] is None and data["skill_id"] is not None:
        data["level_before"] = _level(session, data["member_id"], data["skill_id"])
    training = Training(id=uuid.uuid4(), workspace_id=ctx.workspace_id, **data)
    session.add(training)
    session.flush()
    if training_in.plan_task:
        due = training.ends_on or (clock.today_in(ctx.timezone) + timedelta(days=14))
        task = tasks.create(
            session,
            ctx=ctx,
            task_in=TaskCreate(
                title=training.title, owner_member_id=training.member_id, due_at=due
            ),
        )
        training.task_id = task.id
    _raise_skill(session, ctx=ctx, training=training, now=now)
    session.flush()
    _record(
        session,
        ctx=ctx,
        training=training,
        verb="training.created",
        after=activity.fields(training, FIELDS),
    )
    return reads.read(session, ctx=ctx, training_id=training.id)[0]


def _record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    training: Training,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=training.id,
        subject_name=training.title,
        member_id=training.member_id,
        before=before,
        after=after,
    )


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    training_id: uuid.UUID,
    training_in: TrainingUpdate,
    if_match: frozenset[int] | None,
) -> TrainingRead:
    ctx.require(Access.editor)
    training = get_in_workspace(
        session, Training, training_id, ctx=ctx, missing=reads.TRAINING_NOT_FOUND
    )
    ensure_version(training.version, if_match)
    changes = training_in.model_dump(exclude_unset=True)
    if changes.get("evidence_url") is not None:
        changes["evidence_url"] = str(changes["evidence_url"])
    starts = changes.get("starts_on", training.starts_on)
    ends = changes.get("ends_on", training.ends_on)
    if starts and ends and ends < starts:
        message = N_("The training ends before it starts.")
        raise InvalidInput(
            message, errors=[field_error(("body", "ends_on"), message, "dates_ordered")]
        )
    before = activity.fields(training, FIELDS)
    apply_changes(training, changes)
    _raise_skill(session, ctx=ctx, training=training, now=clock.now())
    session.flush()
    _record(
        session,
        ctx=ctx,
        training=training,
        verb="training.updated",
        before=before,
        after=activity.fields(training, FIELDS),
    )
    return reads.read(session, ctx=ctx, training_id=training.id)[0]


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    training_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    ctx.require(Access.editor)
    training = get_in_workspace(
        session, Training, training_id, ctx=ctx, missing=reads.TRAINING_NOT_FOUND
    )
    ensure_version(training.version, if_match)
    _record(
        session,
        ctx=ctx,
        training=training,
        verb="training.deleted",
        before=activity.fields(training, FIELDS),
    )
    session.delete(training)


def skill_history(session: Session, *, ctx: WorkspaceContext, member_id: uuid.UUID) -> SkillHistory:
    get_in_workspace(session, Member, member_id, ctx=ctx, missing=MEMBER_NOT_FOUND)
    rows = session.execute(
        select(
            SkillLevelChange.skill_id,
            Skill.name.label("skill_name"),
            SkillLevelChange.level_before,
            SkillLevelChange.level_after,
            SkillLevelChange.changed_at,
            SkillLevelChange.training_id,
        )
        .join(Skill, Skill.id == SkillLevelChange.skill_id)
        .where(
            SkillLevelChange.member_id == member_id,
            SkillLevelChange.workspace_id == ctx.workspace_id,
        )
        .order_by(SkillLevelChange.changed_at, SkillLevelChange.id)
    ).all()
    return SkillHistory(items=[SkillLevelChangeRead.model_validate(row._asdict()) for row in rows])
