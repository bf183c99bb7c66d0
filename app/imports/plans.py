"""What an import's rows would do, before anything is written: the plan of each kind
(datapoints, members, or rows written one by one through a service: assignments, tasks),
its counts and row errors (`Outcome`), and the size limit of service-written imports."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.imports import assignments, datapoints, members, reading, steps, tasks
from app.imports.fields import FIELDS, ImportKind, OnDuplicate
from app.imports.parsed import parsed
from app.imports.rows import Records, RowError
from app.models import DataImport

MAX_SERVICE_ROWS = 5_000  # each such row is one API write (tens of ms)
WRITTEN_BY_SERVICE: dict[ImportKind, Any] = {
    ImportKind.assignments: assignments,
    ImportKind.tasks: tasks,
}


@dataclass
class Outcome:
    rows: int
    errors: list[RowError]
    error_rows: int
    to_create: int
    to_update: int
    to_skip: int


def check_size(kind: ImportKind, rows: int) -> None:
    """Rows written one by one through a service (assignments, tasks) have a lower limit."""
    if kind in WRITTEN_BY_SERVICE and rows > MAX_SERVICE_ROWS:
        message = N_(
            "An import of assignments or tasks may have at most {max_rows} rows; split it."
        )
        params = {"max_rows": f"{MAX_SERVICE_ROWS:,}"}
        raise InvalidInput(
            message,
            params=params,
            errors=[field_error(("body", "file"), message, "too_many_rows", **params)],
        )


def _required_missing(row: DataImport) -> list[dict[str, Any]]:
    return [
        field_error(("body", "mapping", f.name), N_("Choose the column of this field."), "unmapped")
        for f in FIELDS[ImportKind(row.kind)]
        if f.required and f.name not in row.mapping
    ]


def plan(
    session: Session,
    ctx: WorkspaceContext,
    row: DataImport,
    read: Callable[[], reading.Sheet],
    *,
    rehearse: bool = True,
) -> tuple[Any, Records]:
    """What the rows would do; rows written by a service are rehearsed (rolled back)."""
    missing = _required_missing(row)
    if missing:
        raise InvalidInput(N_("Some required fields have no column yet."), errors=missing)
    found = parsed(row, read).records
    check_size(ImportKind(row.kind), len(found.rows))
    duplicate = OnDuplicate(row.on_duplicate)
    if row.kind == ImportKind.datapoints:
        return datapoints.plan(session, ctx=ctx, records=found, on_duplicate=duplicate), found
    if row.kind in WRITTEN_BY_SERVICE:
        module = WRITTEN_BY_SERVICE[ImportKind(row.kind)]
        planned = module.plan(session, ctx=ctx, records=found, on_duplicate=duplicate)
        if rehearse:
            steps.rehearse(session, planned)
        return planned, found
    return members.plan(
        session, ctx=ctx, records=found, on_duplicate=duplicate, key_field=row.key_column
    ), found


def outcome(planned: Any, found: Records) -> Outcome:
    errors = sorted(planned.errors, key=lambda e: e.row)
    bad = {e.row for e in errors}
    if isinstance(planned, datapoints.Plan):
        to_create, to_update = len(planned.create), len(planned.update)
    elif isinstance(planned, steps.Plan):
        to_create, to_update = planned.created, planned.updated
    else:
        to_create = sum(1 for p in planned.people if p.existing_id is None)
        to_update = len(planned.people) - to_create
    return Outcome(len(found.rows), errors, len(bad), to_create, to_update, planned.skipped)
