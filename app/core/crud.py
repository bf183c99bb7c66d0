"""Small helpers every domain service uses to read and change its rows."""

import uuid
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Mapped, Session
from sqlalchemy.orm.interfaces import LoaderOption

from app.core.errors import NotFound
from app.core.permissions import WorkspaceContext
from app.models.base import utcnow


class _WorkspaceRow(Protocol):
    id: Mapped[uuid.UUID]
    workspace_id: Mapped[uuid.UUID]


RowT = TypeVar("RowT", bound=_WorkspaceRow)


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


def apply_changes(obj: Any, changes: dict[str, Any]) -> None:
    """Set the changed fields and touch `updated_at`, which also bumps the row version."""
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.updated_at = utcnow()
