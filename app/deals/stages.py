"""The deal pipeline's stages (admins configure them) and the default ladder every new
workspace starts with."""

import uuid
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.crud import apply_changes, ensure_unique_in_workspace, get_in_workspace
from app.core.errors import InUse, InvalidInput, field_error
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.deals.schemas import PipelineStageCreate, PipelineStageUpdate
from app.models import Deal, DealStageChange, PipelineStage, Workspace
from app.models.deal import StageOutcome
from app.models.enums import Access, Locale


@dataclass(frozen=True)
class DefaultStage:
    english: str
    chinese: str
    probability: int
    outcome: StageOutcome = StageOutcome.open


DEFAULT_STAGES = (
    DefaultStage("Lead", "线索", 10),
    DefaultStage("Contacted", "已联系", 20),
    DefaultStage("Pitched", "已提案", 40),
    DefaultStage("Negotiating", "谈判中", 60),
    DefaultStage("Contract sent", "合同已发出", 80),
    DefaultStage("Won", "已成交", 100, StageOutcome.won),
    DefaultStage("Lost", "已失败", 0, StageOutcome.lost),
    DefaultStage("On hold", "暂缓", 0, StageOutcome.on_hold),
)


def install_default_stages(session: Session, *, workspace: Workspace) -> None:
    """Give a new workspace the default pipeline (lead → … → won / lost / on hold)."""
    chinese = workspace.locale == Locale.zh_cn
    session.add_all(
        PipelineStage(
            workspace_id=workspace.id,
            name=stage.chinese if chinese else stage.english,
            position=position,
            probability=stage.probability,
            outcome=stage.outcome,
        )
        for position, stage in enumerate(DEFAULT_STAGES)
    )


NOT_FOUND = N_("Pipeline stage not found.")
NAME_TAKEN = N_("A stage named {value} already exists.")
HAS_DEALS = N_("Deals are in this stage or passed through it; rename it instead.")
LAST_STAGE = N_("The pipeline needs at least one open stage.")
FIELDS = ("name", "position", "probability", "outcome")


def list_stages(
    session: Session, *, ctx: WorkspaceContext, limit: int, cursor: str | None
) -> tuple[list[PipelineStage], str | None]:
    stmt = select(PipelineStage).where(PipelineStage.workspace_id == ctx.workspace_id)
    return paginate(
        session,
        stmt,
        order_by=(PipelineStage.position, PipelineStage.id),
        limit=limit,
        cursor=cursor,
    )


def ordered_stages(session: Session, *, workspace_id: uuid.UUID) -> list[PipelineStage]:
    return list(
        session.scalars(
            select(PipelineStage)
            .where(PipelineStage.workspace_id == workspace_id)
            .order_by(PipelineStage.position, PipelineStage.id)
        )
    )


def get(session: Session, *, ctx: WorkspaceContext, stage_id: uuid.UUID) -> PipelineStage:
    return get_in_workspace(session, PipelineStage, stage_id, ctx=ctx, missing=NOT_FOUND)


def _place(stages: list[PipelineStage], stage: PipelineStage, position: int) -> None:
    """Put `stage` at `position` and renumber the others 0, 1, 2 … around it."""
    others = [s for s in stages if s.id != stage.id]
    others.insert(min(position, len(others)), stage)
    for index, each in enumerate(others):
        if each.position != index:
            each.position = index


def create(
    session: Session, *, ctx: WorkspaceContext, stage_in: PipelineStageCreate
) -> PipelineStage:
    ctx.require(Access.admin)
    ensure_unique_in_workspace(
        session, PipelineStage.name, stage_in.name, ctx=ctx, message=NAME_TAKEN
    )
    stages = ordered_stages(session, workspace_id=ctx.workspace_id)
    stage = PipelineStage(
        workspace_id=ctx.workspace_id,
        name=stage_in.name,
        probability=stage_in.probability,
        outcome=stage_in.outcome,
        position=len(stages),
    )
    session.add(stage)
    _place(stages, stage, len(stages) if stage_in.position is None else stage_in.position)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="pipeline_stage.created",
        subject_id=stage.id,
        subject_name=stage.name,
        after=activity.fields(stage, FIELDS),
    )
    return stage


def _ensure_an_open_stage_remains(stages: list[PipelineStage]) -> None:
    if not any(s.outcome == StageOutcome.open for s in stages):
        raise InvalidInput(
            LAST_STAGE, errors=[field_error(("body", "outcome"), LAST_STAGE, "last_open_stage")]
        )


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    stage_id: uuid.UUID,
    stage_in: PipelineStageUpdate,
    if_match: frozenset[int] | None,
) -> PipelineStage:
    ctx.require(Access.admin)
    stage = get(session, ctx=ctx, stage_id=stage_id)
    ensure_version(stage.version, if_match)
    changes = stage_in.model_dump(exclude_unset=True)
    if changes.get("name", stage.name) != stage.name:
        ensure_unique_in_workspace(
            session, PipelineStage.name, changes["name"], ctx=ctx, message=NAME_TAKEN
        )
    before = activity.fields(stage, FIELDS)
    stages = ordered_stages(session, workspace_id=ctx.workspace_id)
    position = changes.pop("position", None)
    apply_changes(stage, changes)
    _ensure_an_open_stage_remains(stages)
    if position is not None:
        _place(stages, stage, position)
    activity.record(
        session,
        ctx=ctx,
        verb="pipeline_stage.updated",
        subject_id=stage.id,
        subject_name=stage.name,
        before=before,
        after=activity.fields(stage, FIELDS),
    )
    session.flush()
    return stage


def delete(
    session: Session, *, ctx: WorkspaceContext, stage_id: uuid.UUID, if_match: frozenset[int] | None
) -> None:
    """Delete a stage no deal is in or has passed through (409 otherwise)."""
    ctx.require(Access.admin)
    stage = get(session, ctx=ctx, stage_id=stage_id)
    ensure_version(stage.version, if_match)
    used = exists().where(DealStageChange.to_stage_id == stage.id)
    if session.scalar(select(used)) or session.scalar(
        select(exists().where(Deal.stage_id == stage.id))
    ):
        raise InUse(HAS_DEALS)
    stages = [s for s in ordered_stages(session, workspace_id=ctx.workspace_id) if s.id != stage.id]
    _ensure_an_open_stage_remains(stages)
    activity.record(
        session,
        ctx=ctx,
        verb="pipeline_stage.deleted",
        subject_id=stage.id,
        subject_name=stage.name,
        before=activity.fields(stage, FIELDS),
    )
    session.delete(stage)
    session.flush()
    for index, each in enumerate(stages):
        if each.position != index:
            each.position = index
    session.flush()
