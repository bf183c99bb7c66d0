"""Read campaigns: Core selects of the reply's columns, one statement for the campaigns and
one per embedded list (required roles, goals, scopes), whatever the number of campaigns;
one campaign (a GET, a write's reply) in one statement: the same selects as one UNION ALL.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Row,
    Table,
    TypeCoerce,
    bindparam,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from app.campaigns.schemas import ALLOWED_TRANSITIONS, CampaignRead
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader, as_dicts, enum_text, id_list, id_text
from app.models import (
    Assignment,
    Campaign,
    CampaignGoal,
    CampaignRequiredRole,
    Member,
    Metric,
    Role,
    Scope,
    ScopeRole,
)
from app.models.enums import AssignmentStatus, CampaignKind, CampaignStatus

NOT_FOUND = N_("Campaign not found.")

_CAMPAIGNS = cast(Table, Campaign.__table__)
_LEADS = cast(Table, Member.__table__)
_REQUIRED = cast(Table, CampaignRequiredRole.__table__)
_ROLES = cast(Table, Role.__table__)
_GOALS = cast(Table, CampaignGoal.__table__)
_METRICS = cast(Table, Metric.__table__)
_SCOPES = cast(Table, Scope.__table__)
_SCOPE_ROLES = cast(Table, ScopeRole.__table__)
_C = _CAMPAIGNS.c
_IDS = id_list("ids")

_READ = select(
    id_text(_C.id),
    _C.name,
    enum_text(_C.kind),
    enum_text(_C.status),
    _C.starts_on,
    _C.ends_on,
    id_text(_C.lead_member_id),
    _LEADS.c.display_name.label("lead_member_name"),
    *(_C[name] for name in ("audience", "archived_at", "created_at", "updated_at", "version")),
).select_from(_CAMPAIGNS.outerjoin(_LEADS, _LEADS.c.id == _C.lead_member_id))
_REQUIRED_ROLES = select(
    id_text(_REQUIRED.c.campaign_id), id_text(_REQUIRED.c.role_id), _ROLES.c.key, _ROLES.c.name
).join_from(_REQUIRED, _ROLES, _ROLES.c.id == _REQUIRED.c.role_id)
_GOALS_READ = select(
    id_text(_GOALS.c.campaign_id),
    id_text(_GOALS.c.metric_id),
    _METRICS.c.key.label("metric_key"),
    _METRICS.c.name.label("metric_name"),
    _GOALS.c.target,
    _GOALS.c.due_on,
).join_from(_GOALS, _METRICS, _METRICS.c.id == _GOALS.c.metric_id)
# A scope's roles come with it (a row per role, folded in `_scopes`): no statement more.
_SCOPES_READ = select(
    id_text(_SCOPES.c.id),
    id_text(_SCOPES.c.campaign_id),
    *(_SCOPES.c[name] for name in ("name", "description", "created_at", "updated_at")),
    id_text(_SCOPE_ROLES.c.role_id).label("role_id"),
).outerjoin(_SCOPE_ROLES, _SCOPE_ROLES.c.scope_id == _SCOPES.c.id)
_ORDER = {
    "required_roles": (_REQUIRED.c.campaign_id, _REQUIRED.c.role_id),
    "goals": (_GOALS.c.campaign_id, _GOALS.c.position),
    "scopes": (_SCOPES.c.campaign_id, _SCOPES.c.created_at, _SCOPES.c.id, _SCOPE_ROLES.c.role_id),
}


def _embedded(where: Callable[[Table], ColumnElement[bool]]) -> tuple[tuple[str, Any], ...]:
    """The embedded lists' selects, each for the campaigns `where(its table)` picks."""
    return (
        ("required_roles", _REQUIRED_ROLES.where(where(_REQUIRED))),
        ("goals", _GOALS_READ.where(where(_GOALS))),
        ("scopes", _SCOPES_READ.where(where(_SCOPES))),
    )


_EMBEDDED = tuple(
    (key, stmt.order_by(*_ORDER[key]))
    for key, stmt in _embedded(lambda table: table.c.campaign_id.in_(_IDS))
)
_READ_ONE = _READ.where(_C.id == bindparam("id"), _C.workspace_id == bindparam("workspace_id"))
_REPLIES = Reader(CampaignRead)


# The columns a campaign's lists are ordered by (`_ORDER`), by part and name: in a column of
# their own in the one statement (`_one_campaign`), as the others share theirs.
_ONE_ORDER = {
    "required_roles": ("role_id",),
    "goals": ("position",),
    "scopes": ("created_at", "id", "role_id"),
}
_OnePart = tuple[str, tuple[tuple[int, str], ...]]


def _sql_type_of(column: ColumnElement[Any]) -> Any:
    """The database type of a selected column (an `id_text` column's is the id's)."""
    element = getattr(column, "element", column)
    return (element.typed_expression if isinstance(element, TypeCoerce) else element).type


def _one_campaign() -> tuple[CompoundSelect[Any], tuple[_OnePart, ...]]:
    """One campaign and its embedded lists in one statement, and where each part's values
    are in its rows.

    A UNION ALL of the campaign's select and its lists' selects (a page's, with `=`
    instead of an expanding IN); the first column says which part a row is. Columns of
    the same types (database and reply) share a column of the union; a part without a
    value there has NULL of that database type (PostgreSQL types a UNION's columns pair
    by pair). Each statement costs more than these few rows: a GET takes one, not four.
    """
    parts = (
        ("campaign", _READ_ONE),
        *_embedded(lambda table: table.c.campaign_id == bindparam("id")),
    )
    extra = {"goals": (_GOALS.c.position,)}  # ordered by, not shown
    slots: list[tuple[Any, ColumnElement[Any]]] = []  # (kind, a column of it)
    placed: list[tuple[str, dict[int, tuple[str, ColumnElement[Any]]]]] = []
    for key, stmt in parts:
        mine: dict[int, tuple[str, ColumnElement[Any]]] = {}
        for column in (*stmt.selected_columns, *extra.get(key, ())):
            name = column.key
            kind: Any = (type(_sql_type_of(column)), type(column.type))
            if name in _ONE_ORDER.get(key, ()):
                kind = (key, name)  # its own column
            free = (n for n, (k, _) in enumerate(slots) if k == kind and n not in mine)
            slot = next(free, None)
            if slot is None:
                slot = len(slots)
                slots.append((kind, column))
            mine[slot] = (name, column)
        placed.append((key, mine))

    def branch(number: int, stmt: Any, mine: dict[int, tuple[str, ColumnElement[Any]]]) -> Any:
        values = (
            mine[n][1] if n in mine else type_coerce(sql_cast(null(), _sql_type_of(c)), c.type)
            for n, (_, c) in enumerate(slots)
        )
        return stmt.with_only_columns(
            literal_column(str(number)).label("part"),
            *(value.label(f"v{n}") for n, value in enumerate(values)),
        )

    statement = union_all(
        *(
            branch(n, stmt, mine)
            for n, ((_, stmt), (_, mine)) in enumerate(zip(parts, placed, strict=True))
        )
    ).order_by(
        literal_column("part"),
        *(
            literal_column(f"v{n}")
            for key, names in _ONE_ORDER.items()
            for name in names
            for n, (kind, _) in enumerate(slots)
            if kind == (key, name)
        ),
    )
    where = tuple(
        (key, tuple((1 + n, name) for n, (name, _) in sorted(mine.items()))) for key, mine in placed
    )
    return statement, where


_ONE, _ONE_PARTS = _one_campaign()


def list_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    status: CampaignStatus | None,
    kind: CampaignKind | None,
    lead_member_id: uuid.UUID | None,
    member_id: uuid.UUID | None,
    active_on: date | None,
    q: str | None,
    limit: int,
    cursor: str | None,
    archived: bool = False,
) -> tuple[list[CampaignRead], str | None]:
    stmt = _READ.where(
        _C.workspace_id == ctx.workspace_id,
        _C.archived_at.is_not(None) if archived else _C.archived_at.is_(None),
    )
    if status is not None:
        stmt = stmt.where(_C.status == status)
    if kind is not None:
        stmt = stmt.where(_C.kind == kind)
    if lead_member_id is not None:
        stmt = stmt.where(_C.lead_member_id == lead_member_id)
    if member_id is not None:
        stmt = stmt.where(
            exists().where(
                Assignment.campaign_id == _C.id,
                Assignment.member_id == member_id,
                Assignment.status == AssignmentStatus.active,
            )
        )
    if active_on is not None:
        stmt = stmt.where(
            or_(_C.starts_on.is_(None), _C.starts_on <= active_on),
            or_(_C.ends_on.is_(None), _C.ends_on >= active_on),
        )
    if q:
        stmt = stmt.where(func.lower(_C.name).like(f"%{q.lower()}%"))
    rows, next_cursor = paginate(
        session, stmt, order_by=(_C.created_at, _C.id), limit=limit, cursor=cursor
    )
    return _replies(session, rows), next_cursor


def read(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID
) -> tuple[CampaignRead, int]:
    """The campaign as the API shows it, and its version (the ETag); 404 if not here."""
    rows = (
        session.connection()
        .execute(_ONE, {"id": campaign_id, "workspace_id": ctx.workspace_id})
        .all()
    )
    if not rows or rows[0][0] != 0:  # no campaign here (its lists alone say nothing)
        raise NotFound(NOT_FOUND)
    parts: list[list[dict[str, Any]]] = [[] for _ in _ONE_PARTS]
    for row in rows:
        parts[row[0]].append({name: row[index] for index, name in _ONE_PARTS[row[0]][1]})
    campaign = parts[0][0]
    lists = {
        key: _scopes(items) if key == "scopes" else items
        for (key, _), items in zip(_ONE_PARTS[1:], parts[1:], strict=True)
    }
    return _REPLIES.many([_reply(campaign, lists)])[0], campaign["version"]


def _replies(session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[CampaignRead]:
    """The rows made replies, with the lists `_EMBEDDED` selects for the rows' ids."""
    if not rows:
        return []
    ids = {"ids": [row.id for row in rows]}
    connection = session.connection()
    found_lists: dict[str, defaultdict[Any, list[dict[str, Any]]]] = {}
    for key, stmt in _EMBEDDED:
        found = found_lists[key] = defaultdict(list)
        items = as_dicts(connection.execute(stmt, ids).all())
        for item in _scopes(items) if key == "scopes" else items:
            found[item["campaign_id"]].append(item)
    return _REPLIES.many(
        [
            _reply(row, {key: found[row["id"]] for key, found in found_lists.items()})
            for row in as_dicts(rows)
        ]
    )


def _reply(campaign: dict[str, Any], lists: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """A campaign's row and its embedded lists, as its reply model reads them."""
    return {**campaign, "allowed_transitions": ALLOWED_TRANSITIONS[campaign["status"]], **lists}


def _scopes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One item per scope (its rows are consecutive), with the list of its roles."""
    scopes: dict[Any, dict[str, Any]] = {}
    for row in rows:
        role_id = row.pop("role_id")
        scope = scopes.setdefault(row["id"], {**row, "role_ids": []})
        if role_id is not None:
            scope["role_ids"].append(role_id)
    return list(scopes.values())
