"""Read goals: one statement for the goals (owner, reviewer and campaign names by join), one
for the key results of all of them (their metric by join) and one for the datapoints those
measure, whatever the page size; the numbers are computed from those rows
(app/goals/measure.py) and the rows become replies once per page.

Ids and enums are read typed here (not as text): the measuring compares them."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, Table, bindparam, select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader
from app.goals.measure import Thresholds, goal_replies
from app.goals.schemas import GoalRead, KeyResultRead
from app.models import Campaign, Goal, GoalSettings, KeyResult, Member, Metric
from app.models.goal import GoalState

NOT_FOUND = N_("Goal not found.")
KEY_RESULT_NOT_FOUND = N_("Key result not found.")

_GOALS = cast(Table, Goal.__table__)
_OWNERS = cast(Table, Member.__table__).alias("owners")
_REVIEWERS = cast(Table, Member.__table__).alias("reviewers")
_CAMPAIGNS = cast(Table, Campaign.__table__)
_KEY_RESULTS = cast(Table, KeyResult.__table__)
_METRICS = cast(Table, Metric.__table__)
_G = _GOALS.c
_K = _KEY_RESULTS.c

_READ = select(
    _G.id,
    _G.title,
    _G.owner_member_id,
    _OWNERS.c.display_name.label("owner_name"),
    _G.reviewer_member_id,
    _REVIEWERS.c.display_name.label("reviewer_name"),
    _G.parent_id,
    _G.campaign_id,
    _CAMPAIGNS.c.name.label("campaign_name"),
    *(
        _G[name]
        for name in (
            "starts_on",
            "due_on",
            "state",
            "outcome",
            "pace",
            "status_override",
            "status_override_note",
            "status_override_at",
            "created_at",
            "updated_at",
            "version",
        )
    ),
).select_from(
    _GOALS.outerjoin(_OWNERS, _OWNERS.c.id == _G.owner_member_id)
    .outerjoin(_REVIEWERS, _REVIEWERS.c.id == _G.reviewer_member_id)
    .outerjoin(_CAMPAIGNS, _CAMPAIGNS.c.id == _G.campaign_id)
)
_READ_KEY_RESULTS = (
    select(
        *(
            _K[name]
            for name in (
                "id",
                "goal_id",
                "metric_id",
                "campaign_id",
                "channel",
                "start_value",
                "target_value",
                "aggregation",
                "weight",
                "version",
            )
        ),
        _METRICS.c.key.label("metric"),
        _METRICS.c.name.label("metric_name"),
        _METRICS.c.unit,
        _METRICS.c.aggregation.label("metric_aggregation"),
        _METRICS.c.ratio_numerator_id,
        _METRICS.c.ratio_denominator_id,
    )
    .join_from(_KEY_RESULTS, _METRICS, _METRICS.c.id == _K.metric_id)
    .where(_K.goal_id.in_(bindparam("ids", expanding=True)))
    .order_by(_K.goal_id, _K.position, _K.id)
)
_REPLIES = Reader(GoalRead)


def thresholds(session: Session, *, ctx: WorkspaceContext) -> Thresholds:
    row = session.get(GoalSettings, ctx.workspace_id)
    return Thresholds() if row is None else Thresholds(row.on_track_from, row.at_risk_from)


def list_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    parent_id: uuid.UUID | None,
    state: GoalState | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[GoalRead], str | None]:
    equal = {_G.campaign_id: campaign_id, _G.parent_id: parent_id, _G.state: state}
    stmt = _READ.where(
        _G.workspace_id == ctx.workspace_id,
        *(column == value for column, value in equal.items() if value is not None),
    )
    rows, next_cursor = paginate(
        session, stmt, order_by=(_G.due_on, _G.id), limit=limit, cursor=cursor
    )
    return _replies(session, ctx=ctx, rows=rows)[0], next_cursor


def all_where(
    session: Session,
    *,
    ctx: WorkspaceContext,
    where: Sequence[ColumnElement[bool]],
    today: date | None = None,
) -> list[GoalRead]:
    """Every goal of the workspace matching `where`, by due date, measured as of `today`
    (local; default: now) without forecasts (the costly part, for callers that only need
    progress and status)."""
    stmt = _READ.where(_G.workspace_id == ctx.workspace_id, *where).order_by(_G.due_on, _G.id)
    rows = session.connection().execute(stmt).all()
    return _replies(session, ctx=ctx, rows=rows, with_forecast=False, today=today)[0]


def read(session: Session, *, ctx: WorkspaceContext, goal_id: uuid.UUID) -> tuple[GoalRead, int]:
    """The goal as the API shows it, and its version (the ETag); 404 if not here."""
    goal, version, _ = _read_one(session, ctx=ctx, goal_id=goal_id)
    return goal, version


def read_key_result(
    session: Session, *, ctx: WorkspaceContext, goal_id: uuid.UUID, key_result_id: uuid.UUID
) -> tuple[KeyResultRead, int]:
    """The key result as the API shows it, and its version; 404 if not here."""
    goal, _, versions = _read_one(session, ctx=ctx, goal_id=goal_id)
    for kr in goal.key_results:
        if kr.id == key_result_id:
            return kr, versions[kr.id]
    raise NotFound(KEY_RESULT_NOT_FOUND)


def _read_one(
    session: Session, *, ctx: WorkspaceContext, goal_id: uuid.UUID
) -> tuple[GoalRead, int, dict[uuid.UUID, int]]:
    row = (
        session.connection()
        .execute(_READ.where(_G.id == goal_id, _G.workspace_id == ctx.workspace_id))
        .first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    replies, versions = _replies(session, ctx=ctx, rows=[row])
    return replies[0], row.version, versions


def _replies(
    session: Session,
    *,
    ctx: WorkspaceContext,
    rows: Sequence[Row[*tuple[Any, ...]]],
    with_forecast: bool = True,
    today: date | None = None,
) -> tuple[list[GoalRead], dict[uuid.UUID, int]]:
    """The replies, and the versions of their key results."""
    if not rows:
        return [], {}
    found = session.connection().execute(_READ_KEY_RESULTS, {"ids": [row.id for row in rows]})
    key_results: defaultdict[uuid.UUID, list[Row[*tuple[Any, ...]]]] = defaultdict(list)
    versions: dict[uuid.UUID, int] = {}
    for kr in found:
        key_results[kr.goal_id].append(kr)
        versions[kr.id] = kr.version
    replies = goal_replies(
        session,
        rows,
        key_results,
        workspace_id=ctx.workspace_id,
        timezone=ctx.timezone,
        today=today or clock.today_in(ctx.timezone),
        thresholds=thresholds(session, ctx=ctx),
        with_forecast=with_forecast,
    )
    return _REPLIES.many(replies), versions
