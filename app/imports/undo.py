"""Undo within 24 hours of a commit: exactly the rows the commit created or changed
(`data_import_changes`) are deleted or given their values back, each kind by its own
module (through the services for assignments and tasks); and the expiry of files left
uncommitted.
"""

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core import clock
from app.core.errors import Conflict
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.imports import datapoints, members
from app.imports.collector import while_paused
from app.imports.fields import ImportKind
from app.imports.plans import WRITTEN_BY_SERVICE
from app.imports.service import CHANGES, UNDO_WINDOW, load, needed
from app.models import DataImport


@while_paused
def undo(session: Session, *, ctx: WorkspaceContext, import_id: uuid.UUID) -> DataImport:
    row = load(session, ctx, import_id, content=False)
    ctx.require(needed(row.kind))
    if row.state != "committed" or row.committed_at is None:
        raise Conflict(
            N_("Only a committed import can be undone; this one is {state}."),
            params={"state": row.state},
        )
    if clock.now() > row.committed_at + UNDO_WINDOW:
        raise Conflict(N_("An import can be undone within 24 hours of its commit."))
    changes = session.execute(
        select(
            CHANGES.c.entity,
            CHANGES.c.entity_id,
            CHANGES.c.related_id,
            CHANGES.c.before,
            CHANGES.c.created_ids,
        ).where(CHANGES.c.import_id == row.id)
    ).all()
    if row.kind == ImportKind.datapoints:
        datapoints.revert(session, ctx=ctx, changes=list(changes))
    elif row.kind in WRITTEN_BY_SERVICE:
        WRITTEN_BY_SERVICE[ImportKind(row.kind)].revert(session, ctx=ctx, changes=list(changes))
    else:
        members.revert(session, ctx=ctx, changes=list(changes))
    now = clock.now()
    row.state, row.undone_at = "undone", now
    row.version += 1
    activity.record(
        session,
        ctx=ctx,
        verb="import.undone",
        subject_id=row.id,
        subject_name=row.filename,
        before=dict(row.result or {}),
    )
    session.flush()
    return row


def expire(session: Session, *, now: datetime) -> int:
    """Forget the files of imports left uncommitted past their expiry (the job)."""
    result = session.execute(
        update(DataImport)
        .where(DataImport.state == "uploaded", DataImport.expires_at <= now)
        .values(state="expired", content=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)
