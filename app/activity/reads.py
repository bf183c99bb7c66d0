"""Read the activity stream: one Core select of the reply's columns, in keyset pages.

Every filter is a condition next to `workspace_id`, and the order is the id alone, so a
page reads the `(workspace_id, id)` index (or the campaign's, subject's, member's one) in
order and stops after `limit + 1` rows, however long the stream. `since`/`until` bound
the id too (ids carry their time), which keeps them on the index.

A member's activities are those they did, or that concern them (three columns, three
indexes): an OR of the three reads neither index in order, so a page takes the first
`limit + 1` ids of each index in key order and reads the page from their union (a
`Window`), however few of the stream are theirs.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, Select, Table, or_, select, union
from sqlalchemy.orm import Session

from app.activity.ids import lowest_at
from app.activity.reasons import reason_text
from app.activity.schemas import ActivityFilters, ActivityOrder, ActivityRead
from app.activity.visibility import visible_to
from app.core.pagination import cursor_values, paginate
from app.core.permissions import Actor, WorkspaceContext
from app.models import Activity

_ACTIVITIES = cast(Table, Activity.__table__)
COLUMNS = tuple(
    _ACTIVITIES.c[name]
    for name in (
        "id",
        "occurred_at",
        "verb",
        "subject_type",
        "subject_id",
        "subject_name",
        "campaign_id",
        "member_id",
        "related_member_id",
        "actor_member_id",
        "actor_name",
        "before",
        "after",
        "reason",
        "reason_code",
        "reason_params",
        "request_id",
    )
)
_LIKE_ESCAPES = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})


@dataclass(frozen=True)
class Window:
    """One keyset page: `limit` rows after `after` (an id), newest first or oldest first."""

    limit: int
    after: uuid.UUID | None = None
    descending: bool = True


def selection(
    ctx: WorkspaceContext, filters: ActivityFilters, window: Window | None = None
) -> Select[Any]:
    """The activities of the caller's workspace that match `filters` and they may see
    (with a `window`, a member's are read through the union of their three indexes)."""
    c = _ACTIVITIES.c
    stmt = select(*COLUMNS).where(c.workspace_id == ctx.workspace_id, visible_to(ctx))
    if filters.member_id is not None:
        member = filters.member_id
        if window is not None:
            others = selection(ctx, replace(filters, member_id=None))
            return stmt.where(c.id.in_(_member_ids(others, member, window)))
        stmt = stmt.where(
            or_(c.actor_member_id == member, c.member_id == member, c.related_member_id == member)
        )
    if filters.campaign_id is not None:
        stmt = stmt.where(c.campaign_id == filters.campaign_id)
    if filters.verbs:
        stmt = stmt.where(or_(*(verb_matches(verb) for verb in filters.verbs)))
    if filters.subject_type is not None:
        stmt = stmt.where(c.subject_type == filters.subject_type)
    if filters.subject_id is not None:
        stmt = stmt.where(c.subject_id == filters.subject_id)
    if filters.since is not None:
        stmt = stmt.where(c.id >= lowest_at(filters.since), c.occurred_at >= filters.since)
    if filters.until is not None:
        end = lowest_at(filters.until + timedelta(milliseconds=1))
        stmt = stmt.where(c.id < end, c.occurred_at < filters.until)
    return stmt


def _member_ids(others: Select[Any], member: uuid.UUID, window: Window) -> Any:
    """The ids of the member's first `limit` activities by each of their three indexes."""
    c = _ACTIVITIES.c
    order = c.id.desc() if window.descending else c.id
    parts = []
    for column in (c.actor_member_id, c.member_id, c.related_member_id):
        part = others.with_only_columns(c.id).where(column == member)
        if window.after is not None:
            part = part.where(c.id < window.after if window.descending else c.id > window.after)
        first = part.order_by(order).limit(window.limit).subquery()
        parts.append(select(first.c.id))
    return union(*parts).subquery().select()


def verb_matches(verb: str) -> ColumnElement[bool]:
    """`assignment.created` exactly; `assignment` or `assignment.*` any assignment verb;
    `*.deleted` any deletion (`*` is a wildcard)."""
    if "." not in verb and "*" not in verb:
        verb = f"{verb}.*"
    if "*" not in verb:
        return _ACTIVITIES.c.verb == verb
    pattern = verb.translate(_LIKE_ESCAPES).replace("*", "%")
    return _ACTIVITIES.c.verb.like(pattern, escape="\\")


def list_activities(
    session: Session,
    *,
    ctx: WorkspaceContext,
    filters: ActivityFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[ActivityRead], str | None]:
    descending = filters.order is ActivityOrder.newest
    window = None
    if filters.member_id is not None:
        after = cursor_values(cursor, (_ACTIVITIES.c.id,))[0] if cursor else None
        window = Window(limit=limit + 1, after=after, descending=descending)
    rows, next_cursor = paginate(
        session,
        selection(ctx, filters, window),
        order_by=(_ACTIVITIES.c.id,),
        descending=descending,
        limit=limit,
        cursor=cursor,
    )
    locale = ctx.actor.locale.value
    return [view(row, locale=locale) for row in rows], next_cursor


def list_own(
    session: Session, *, actor: Actor, limit: int, cursor: str | None
) -> tuple[list[ActivityRead], str | None]:
    """The caller's own account log: what they did outside any workspace (API tokens,
    their profile, workspaces they deleted), newest first."""
    c = _ACTIVITIES.c
    stmt = select(*COLUMNS).where(c.actor_user_id == actor.user_id, c.workspace_id.is_(None))
    rows, next_cursor = paginate(
        session, stmt, order_by=(c.id,), descending=True, limit=limit, cursor=cursor
    )
    return [view(row, locale=actor.locale.value) for row in rows], next_cursor


def pages(
    session: Session, *, ctx: WorkspaceContext, filters: ActivityFilters, size: int = 500
) -> Iterator[list[ActivityRead]]:
    """Every matching activity, `size` at a time (for exports)."""
    cursor: str | None = None
    while True:
        items, cursor = list_activities(
            session, ctx=ctx, filters=filters, limit=size, cursor=cursor
        )
        if items:
            yield items
        if cursor is None:
            return


def view(row: Row[Any], *, locale: str) -> ActivityRead:
    values = row._asdict()
    values["reason"] = reason_text(
        reason=values["reason"],
        code=values["reason_code"],
        params=values.pop("reason_params"),
        locale=locale,
    )
    return ActivityRead.model_validate(values)
