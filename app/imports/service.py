"""Imports: upload, preview and mapping, dry run, commit (all or nothing), undo.

Editors import datapoints; members (with skills) need admin access, like members_create.
The uploaded bytes stay on the import until it is committed or expires (24 h); the
`imports.expire` job deletes them. Undo within 24 h of the commit reverts exactly the
rows the commit created or changed (`data_import_changes`).
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, undefer

from app.activity import service as activity
from app.core import clock
from app.core.errors import Conflict, InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.imports import datapoints, members, plans, reading, steps
from app.imports.collector import while_paused
from app.imports.fields import (
    ImportKind,
    OnDuplicate,
    column_names,
    mapping_errors,
    suggest,
)
from app.imports.parsed import parsed
from app.imports.rows import RowError, header_and_data
from app.imports.schemas import ImportUpdate
from app.models import DataImport, DataImportChange
from app.models.enums import Access

NOT_FOUND = N_("Import not found.")
KEEP_UPLOAD = timedelta(hours=24)
UNDO_WINDOW = timedelta(hours=24)
CHANGES: Table = DataImportChange.__table__  # type: ignore[assignment]


@dataclass
class View:
    """An import with what its file shows (nothing once the file is gone)."""

    row: DataImport
    sheet: reading.Sheet | None
    columns: list[str]
    preview: list[list[str]]
    suggested: dict[str, str]


def needed(kind: str) -> Access:
    return Access.admin if kind == ImportKind.members else Access.editor


def _unreadable(problem: reading.Unreadable, field: str = "file") -> InvalidInput:
    return InvalidInput(
        problem.message,
        params=problem.params,
        errors=[field_error(("body", field), problem.message, problem.code, **problem.params)],
    )


@while_paused
def create(
    session: Session, *, ctx: WorkspaceContext, kind: ImportKind, filename: str, content: bytes
) -> View:
    ctx.require(needed(kind))
    try:
        sheet = reading.read(content)
    except reading.Unreadable as problem:
        raise _unreadable(problem) from None
    plans.check_size(kind, len(sheet.rows) - 1)
    now = clock.now()
    row = DataImport(
        workspace_id=ctx.workspace_id,
        kind=kind.value,
        state="uploaded",
        filename=(filename or "import")[-200:],
        file_format=sheet.file_format,
        size=len(content),
        content=content,
        encoding=sheet.encoding,
        delimiter=sheet.delimiter,
        header_row=1,
        sheet=sheet.sheet,
        mapping={},
        on_duplicate=OnDuplicate.skip.value,
        row_count=max(len(sheet.rows) - 1, 0),
        created_by_member_id=ctx.member_id,
        created_at=now,
        expires_at=now + KEEP_UPLOAD,
    )
    columns = column_names(header_and_data(sheet, 1)[0])
    row.mapping = suggest(kind, columns, _remembered(session, ctx, kind))
    session.add(row)
    session.flush()
    return view_of(row, sheet)


def _remembered(session: Session, ctx: WorkspaceContext, kind: ImportKind) -> dict[str, str]:
    """The mapping of the workspace's last committed import of this kind."""
    mapping = session.scalar(
        select(DataImport.mapping)
        .where(
            DataImport.workspace_id == ctx.workspace_id,
            DataImport.kind == kind.value,
            DataImport.committed_at.is_not(None),
        )
        .order_by(DataImport.committed_at.desc())
        .limit(1)
    )
    return dict(mapping or {})


def view_of(row: DataImport, sheet: reading.Sheet | None) -> View:
    if sheet is None:
        return View(row, None, list(dict.fromkeys(row.mapping.values())), [], {})
    header, data, _ = header_and_data(sheet, row.header_row)
    columns = column_names(header)
    preview = [
        [cell.removeprefix(reading.FORMULA) for cell in r] for r in data[: reading.PREVIEW_ROWS]
    ]
    return View(row, sheet, columns, preview, suggest(ImportKind(row.kind), columns))


def load(
    session: Session, ctx: WorkspaceContext, import_id: uuid.UUID, *, content: bool
) -> DataImport:
    stmt = select(DataImport).where(
        DataImport.id == import_id, DataImport.workspace_id == ctx.workspace_id
    )
    if content:
        stmt = stmt.options(undefer(DataImport.content))
    row = session.scalar(stmt)
    if row is None:
        raise NotFound(NOT_FOUND)
    ctx.require(needed(row.kind), writing=False)
    return row


def is_expired(row: DataImport) -> bool:
    return row.state == "uploaded" and row.expires_at <= clock.now()


def _sheet(row: DataImport, field: str | None = None) -> reading.Sheet | None:
    if row.content is None or is_expired(row):
        return None
    try:
        return reading.read(row.content, encoding=row.encoding_override, sheet=row.sheet)
    except reading.Unreadable as problem:
        field = field or ("encoding" if row.encoding_override else "file")
        raise _unreadable(problem, field) from None


def get(session: Session, *, ctx: WorkspaceContext, import_id: uuid.UUID) -> View:
    row = load(session, ctx, import_id, content=True)
    return view_of(row, _sheet(row))


def list_imports(
    session: Session, *, ctx: WorkspaceContext, limit: int, cursor: str | None
) -> tuple[list[DataImport], str | None]:
    ctx.require(Access.editor, writing=False)
    stmt = select(DataImport).where(DataImport.workspace_id == ctx.workspace_id)
    rows, next_cursor = paginate(
        session,
        stmt,
        order_by=(DataImport.created_at, DataImport.id),
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    return rows, next_cursor


def _open(
    session: Session, ctx: WorkspaceContext, import_id: uuid.UUID, *, writing: bool = True
) -> DataImport:
    """An import that may still change: uploaded, file kept, not expired."""
    row = load(session, ctx, import_id, content=True)
    ctx.require(needed(row.kind), writing=writing)
    if row.state != "uploaded":
        raise Conflict(
            N_("This import is {state}; it cannot change any more."), params={"state": row.state}
        )
    if row.content is None or is_expired(row):
        raise Conflict(N_("This import expired and its file was deleted; upload the file again."))
    return row


def _readable(row: DataImport) -> reading.Sheet:
    sheet = _sheet(row)
    assert sheet is not None  # `_open` checked the file is kept
    return sheet


def update_import(
    session: Session,
    *,
    ctx: WorkspaceContext,
    import_id: uuid.UUID,
    change: ImportUpdate,
    if_match: frozenset[int] | None = None,
) -> View:
    row = _open(session, ctx, import_id)
    sheet = _readable(row)
    ensure_version(row.version, if_match)
    given = change.model_dump(exclude_unset=True)
    if "encoding" in given:
        row.encoding_override = given["encoding"]
    if "sheet" in given:
        row.sheet = given["sheet"]
    if "encoding" in given or "sheet" in given:
        sheet = _sheet(row, "sheet" if "sheet" in given else None) or sheet
        row.encoding = sheet.encoding if sheet.file_format == "csv" else None
    if given.get("header_row") is not None:
        row.header_row = given["header_row"]
    columns = column_names(header_and_data(sheet, row.header_row)[0])
    if change.mapping is not None:
        errors = mapping_errors(ImportKind(row.kind), change.mapping, columns)
        if errors:
            raise InvalidInput(
                N_("The mapping names fields or columns that do not exist."), errors=errors
            )
        row.mapping = {
            name: column for name, column in change.mapping.items() if column is not None
        }
    elif "header_row" in given or "encoding" in given or "sheet" in given:
        row.mapping = suggest(ImportKind(row.kind), columns, row.mapping)
    if "key_column" in given:
        if (
            given["key_column"] not in (None, "email", "display_name")
            or row.kind != ImportKind.members
        ):
            raise InvalidInput(
                N_("Members are found by email or display_name; other imports have no key."),
                errors=[
                    field_error(
                        ("body", "key_column"), N_("Not a key of this import."), "key_column"
                    )
                ],
            )
        row.key_column = given["key_column"]
    if given.get("on_duplicate") is not None:
        row.on_duplicate = given["on_duplicate"].value
    _, data, _ = header_and_data(sheet, row.header_row)
    row.row_count = len(data)
    row.validated_at = row.valid_rows = row.error_rows = None
    row.version += 1
    session.flush()
    return view_of(row, sheet)


@while_paused
def validate(session: Session, *, ctx: WorkspaceContext, import_id: uuid.UUID) -> plans.Outcome:
    row = _open(session, ctx, import_id)
    planned, found = plans.plan(session, ctx, row, lambda: _readable(row))
    outcome = plans.outcome(planned, found)
    row.validated_at = clock.now()
    row.error_rows = outcome.error_rows
    row.valid_rows = outcome.rows - outcome.error_rows
    session.flush()
    return outcome


@while_paused
def errors_of(
    session: Session, *, ctx: WorkspaceContext, import_id: uuid.UUID
) -> tuple[DataImport, list[str], list[tuple[list[str], list[RowError]]]]:
    """The header and each row with errors (its cells as read, and its errors).

    A read: the rows are not rehearsed through the services (no write on a GET, read-only
    tokens welcome), so it lists what the file and the workspace's names tell; a refusal
    only a service finds (a second accountable…) is reported by the validation."""
    row = _open(session, ctx, import_id, writing=False)
    planned, found = plans.plan(session, ctx, row, lambda: _readable(row), rehearse=False)
    by_row: dict[int, list[RowError]] = {}
    for error in planned.errors:
        by_row.setdefault(error.row, []).append(error)
    header = parsed(row, lambda: _readable(row)).header
    rows = [
        ([cell.removeprefix(reading.FORMULA) for cell in cells], by_row[number])
        for cells, number in zip(found.raw, found.numbers, strict=True)
        if number in by_row
    ]
    return row, header, rows


@while_paused
def commit(
    session: Session, *, ctx: WorkspaceContext, import_id: uuid.UUID, skip_invalid_rows: bool
) -> DataImport:
    row = _open(session, ctx, import_id)
    planned, found = plans.plan(session, ctx, row, lambda: _readable(row), rehearse=False)
    written: list[dict[str, Any]] = []
    if isinstance(planned, steps.Plan) and (skip_invalid_rows or not planned.errors):
        written = steps.execute(session, planned)  # refused rows: errors; undone below if any
    outcome = plans.outcome(planned, found)
    if outcome.errors and not skip_invalid_rows:
        raise InvalidInput(
            N_(
                "{count} rows have errors; nothing was imported. "
                "Fix them, or import only the valid rows."
            ),
            params={"count": outcome.error_rows},
            errors=[
                field_error(("file", "rows", e.row), e.message, e.code, **e.params)
                for e in outcome.errors[:100]
            ],
        )
    if row.kind == ImportKind.datapoints:
        changes, counts = datapoints.commit(session, ctx=ctx, planned=planned)
    elif isinstance(planned, steps.Plan):
        changes = written
        counts = {"created": planned.created, "updated": planned.updated}
        counts["skipped"] = planned.skipped
    else:
        changes, counts = members.commit(session, ctx=ctx, planned=planned)
    if changes:
        session.execute(
            insert(CHANGES),
            [
                {
                    "id": uuid.uuid4(),
                    "import_id": row.id,
                    "related_id": None,
                    "before": None,
                    "created_ids": None,
                    **change,
                }
                for change in changes
            ],
        )
    now = clock.now()
    counts["invalid"] = outcome.error_rows
    row.state, row.committed_at, row.result, row.content = "committed", now, counts, None
    row.version += 1
    activity.record(
        session,
        ctx=ctx,
        verb="import.committed",
        subject_id=row.id,
        subject_name=row.filename,
        after={"kind": row.kind, **counts},
    )
    session.flush()
    return row
