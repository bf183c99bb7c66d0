"""Small helpers every domain service uses to read and change its rows."""

import uuid
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.orm.interfaces import LoaderOption

from app.core.errors import AlreadyExists, NotFound, field_error
from app.core.permissions import WorkspaceContext
from app.models.base import WorkspaceScopedMixin, utcnow

RowT = TypeVar("RowT", bound=WorkspaceScopedMixin)


def get_in_workspace(
    session: Session,
    model: type[RowT],
    object_id: uuid.UUID,
    *,
    ctx: WorkspaceContext,
    missing: str,
    options: tuple[LoaderOption, ...] = (),
) -> RowT:
    """The row with this id in the caller's workspace, else 404 (never 403, never a hint)."""
    found = session.scalar(
        select(model)
        .where(model.id == object_id, model.workspace_id == ctx.workspace_id)
        .options(*options)
    )
    if found is None:
        raise NotFound(missing)
    return found


def ids_in_workspace(
    session: Session, model: type[RowT], ids: set[uuid.UUID], *, ctx: WorkspaceContext
) -> set[uuid.UUID]:
    """Those of `ids` that are rows of `model` in this workspace (others look missing)."""
    if not ids:
        return set()
    return set(
        session.scalars(
            select(model.id).where(model.workspace_id == ctx.workspace_id, model.id.in_(ids))
        )
    )


def ensure_all_in_workspace(
    session: Session,
    model: type[RowT],
    object_ids: list[uuid.UUID],
    *,
    ctx: WorkspaceContext,
    missing: str,
    loc: tuple[str | int, ...],
    item_field: str | None = None,
) -> None:
    """404 naming, by index under `loc`, each id that is not a row of this workspace."""
    found = ids_in_workspace(session, model, set(object_ids), ctx=ctx)
    errors = [
        field_error((*loc, index, *([item_field] if item_field else [])), missing, "not_found")
        for index, object_id in enumerate(object_ids)
        if object_id not in found
    ]
    if errors:
        raise NotFound(missing, errors=errors)


def ensure_unique_in_workspace(
    session: Session,
    column: InstrumentedAttribute[Any],
    value: Any,
    *,
    ctx: WorkspaceContext,
    message: str,
) -> None:
    """409 when another row of this workspace already has `value` in `column`."""
    model = column.class_
    taken = session.scalar(
        select(model.id).where(model.workspace_id == ctx.workspace_id, column == value)
    )
    if taken is not None:
        raise AlreadyExists(message, params={"value": value})


def apply_changes(obj: Any, changes: dict[str, Any]) -> None:
    """Set the changed fields and touch `updated_at`, which also bumps the row version."""
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.updated_at = utcnow()


def ensure_links_in_workspace(
    session: Session,
    values: dict[str, Any],
    links: dict[str, type[Any]],
    *,
    ctx: WorkspaceContext,
    missing: str,
) -> None:
    """404 naming the body field when an id in `values` (field → model in `links`) is not
    a row of this workspace (another workspace's ids look missing)."""
    for field, model in links.items():
        value = values.get(field)
        if value is not None and not ids_in_workspace(session, model, {value}, ctx=ctx):
            raise NotFound(missing, errors=[field_error(("body", field), missing, "not_found")])
