import csv
import io
import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status

from app.core.i18n import N_, fill, translate
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.problems import request_locale
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.files.errors import FileTooLarge
from app.imports import reading, service, undo
from app.imports.fields import FIELDS, ImportKind
from app.imports.schemas import (
    ImportCommit,
    ImportField,
    ImportPage,
    ImportRead,
    ImportSummary,
    ImportUpdate,
    ImportUpload,
    RowErrorRead,
    ValidationRead,
)
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(prefix="/workspaces/{workspace}", route_class=TransactionalRoute)
MAX_ERRORS_SHOWN = 500
_NO_OPTIONS = ImportCommit()
_NEUTRALISE = ("=", "+", "-", "@", "\t", "\r")


def _read(view: service.View, locale: str, response: Response | None = None) -> ImportRead:
    row = view.row
    if response is not None:
        set_etag(response, row.version)
    undo_until = (
        row.committed_at + service.UNDO_WINDOW
        if row.state == "committed" and row.committed_at
        else None
    )
    state = "expired" if service.is_expired(row) else row.state
    return ImportRead(
        id=row.id,
        kind=ImportKind(row.kind),
        state=state,
        filename=row.filename,
        file_format=row.file_format,
        size=row.size,
        encoding=row.encoding_override or row.encoding,
        encoding_override=row.encoding_override,
        delimiter=row.delimiter,
        header_row=row.header_row,
        sheet=row.sheet,
        sheets=view.sheet.sheets if view.sheet else [],
        row_count=row.row_count,
        columns=view.columns,
        preview=view.preview,
        fields=[
            ImportField(name=f.name, label=translate(f.label, locale), required=f.required)
            for f in FIELDS[ImportKind(row.kind)]
        ],
        mapping=row.mapping,
        suggested_mapping=view.suggested,
        key_column=row.key_column,
        on_duplicate=row.on_duplicate,
        validated_at=row.validated_at,
        valid_rows=row.valid_rows,
        error_rows=row.error_rows,
        result=row.result,
        created_at=row.created_at,
        expires_at=row.expires_at,
        committed_at=row.committed_at,
        undone_at=row.undone_at,
        undo_until=undo_until,
    )


@router.get(
    "/imports",
    tags=["imports"],
    summary="List imports (editor)",
    responses=problem_responses(403, 404),
)
def imports_list(
    session: SessionDep, ctx: WorkspaceDep, limit: Limit = 50, cursor: Cursor = None
) -> ImportPage:
    rows, next_cursor = service.list_imports(session, ctx=ctx, limit=limit, cursor=cursor)
    items = [
        ImportSummary.model_validate(r).model_copy(update={"state": "expired"})
        if service.is_expired(r)
        else ImportSummary.model_validate(r)
        for r in rows
    ]
    return ImportPage(items=items, next_cursor=next_cursor)


@router.post(
    "/imports",
    tags=["imports"],
    status_code=status.HTTP_201_CREATED,
    summary="Upload a CSV or XLSX file to import (editor; members: admin)",
    description="At most 10 MB and 50,000 rows. Answers the preview: detected encoding, "
    "delimiter, header row, sheet, the first 20 rows and a suggested column mapping.",
    responses={
        **problem_responses(403, 404),
        413: {**problem_responses(404)[404], "description": "The file is over 10 MB"},
    },
)
def imports_create(
    session: SessionDep,
    ctx: WorkspaceDep,
    request: Request,
    response: Response,
    upload: Annotated[ImportUpload, Form(media_type="multipart/form-data")],
) -> ImportRead:
    file, kind = upload.file, upload.kind
    content = file.file.read(reading.MAX_BYTES + 1)
    if len(content) > reading.MAX_BYTES:
        raise FileTooLarge(max_bytes=reading.MAX_BYTES, field="file")
    view = service.create(
        session, ctx=ctx, kind=kind, filename=file.filename or "", content=content
    )
    return _read(view, request_locale(request), response)


@router.get(
    "/imports/{import_id}",
    tags=["imports"],
    summary="Preview an import (editor)",
    responses=problem_responses(403, 404),
)
def imports_get(
    session: SessionDep,
    ctx: WorkspaceDep,
    import_id: uuid.UUID,
    request: Request,
    response: Response,
) -> ImportRead:
    return _read(
        service.get(session, ctx=ctx, import_id=import_id), request_locale(request), response
    )


@router.patch(
    "/imports/{import_id}",
    tags=["imports"],
    summary="Set the mapping, key, duplicates rule, header row, encoding or sheet (editor)",
    responses=problem_responses(403, 404, 409),
)
def imports_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    import_id: uuid.UUID,
    change: ImportUpdate,
    if_match: IfMatch,
    request: Request,
    response: Response,
) -> ImportRead:
    view = service.update_import(
        session, ctx=ctx, import_id=import_id, change=change, if_match=if_match
    )
    return _read(view, request_locale(request), response)


@router.post(
    "/imports/{import_id}/validate",
    tags=["imports"],
    summary="Dry run over the whole file: what would be stored, and each row's errors",
    responses=problem_responses(403, 404, 409),
)
def imports_validate(
    session: SessionDep, ctx: WorkspaceDep, import_id: uuid.UUID, request: Request
) -> ValidationRead:
    outcome = service.validate(session, ctx=ctx, import_id=import_id)
    locale = request_locale(request)
    return ValidationRead(
        rows=outcome.rows,
        valid_rows=outcome.rows - outcome.error_rows,
        error_rows=outcome.error_rows,
        to_create=outcome.to_create,
        to_update=outcome.to_update,
        to_skip=outcome.to_skip,
        errors=[
            RowErrorRead(
                row=e.row,
                column=e.column,
                field=e.field,
                code=e.code,
                message=fill(e.message, e.params, locale),
            )
            for e in outcome.errors[:MAX_ERRORS_SHOWN]
        ],
        errors_truncated=len(outcome.errors) > MAX_ERRORS_SHOWN,
    )


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_NEUTRALISE) else cell


@router.get(
    "/imports/{import_id}/errors",
    tags=["imports"],
    summary="The rows with errors, as read, plus an error column (CSV)",
    responses={
        **problem_responses(403, 404, 409),
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
    },
    response_class=Response,
)
def imports_errors(
    session: SessionDep, ctx: WorkspaceDep, import_id: uuid.UUID, request: Request
) -> Response:
    row, header, rows = service.errors_of(session, ctx=ctx, import_id=import_id)
    locale = request_locale(request)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_safe(c) for c in header] + [translate(N_("Errors"), locale)])
    for cells, errors in rows:
        text = "; ".join(
            (f"{e.column}: " if e.column else "") + fill(e.message, e.params, locale)
            for e in errors
        )
        writer.writerow([_safe(c) for c in cells] + [_safe(text)])
    name = row.filename.rsplit(".", 1)[0] + "-errors.csv"
    from app.files.http import content_disposition

    return Response(
        ("\ufeff" + out.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition(name, inline=False)},
    )


@router.post(
    "/imports/{import_id}/commit",
    tags=["imports"],
    summary="Store every row in one transaction, or nothing",
    responses=problem_responses(403, 404, 409),
)
def imports_commit(
    session: SessionDep,
    ctx: WorkspaceDep,
    import_id: uuid.UUID,
    request: Request,
    response: Response,
    body: ImportCommit = _NO_OPTIONS,
) -> ImportRead:
    row = service.commit(
        session,
        ctx=ctx,
        import_id=import_id,
        skip_invalid_rows=body.skip_invalid_rows,
    )
    return _read(service.view_of(row, None), request_locale(request), response)


@router.post(
    "/imports/{import_id}/undo",
    tags=["imports"],
    summary="Revert exactly what a commit created or changed (within 24 hours)",
    responses=problem_responses(403, 404, 409),
)
def imports_undo(
    session: SessionDep,
    ctx: WorkspaceDep,
    import_id: uuid.UUID,
    request: Request,
    response: Response,
) -> ImportRead:
    row = undo.undo(session, ctx=ctx, import_id=import_id)
    return _read(service.view_of(row, None), request_locale(request), response)
