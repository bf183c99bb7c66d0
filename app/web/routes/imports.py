"""The import wizard: upload → map columns with dropdowns → errors inline → commit → undo."""

from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from app.core.i18n import N_, translate
from app.vocabulary import ImportKind, OnDuplicate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.views.imports import FieldError, Import, ImportSummary, Validation
from app.web.workspace import workspace_frame

router = APIRouter()
KINDS = list(ImportKind)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "big5", "cp1252", "latin-1"]
DUPLICATES = list(OnDuplicate)
MAX_UPLOAD = 10 * 1024 * 1024


class ImportSettings(TypedDict, total=False):
    """What the wizard changes of an import (a new header row suggests the mapping again)."""

    mapping: dict[str, str | None]
    on_duplicate: str
    encoding: str
    header_row: int


async def _recent(page: Page, slug: str) -> list[ImportSummary]:
    found = await page.api.get(f"/workspaces/{slug}/imports", limit=20)
    return [ImportSummary.model_validate(item) for item in found["items"]]


@router.get("/w/{slug}/imports")
async def imports_page(page: PageDep, slug: str, error: str = "") -> Response:
    frame = await workspace_frame(page, slug)
    imports = await _recent(page, slug)
    return page.render(
        "imports/index.html", frame=frame, imports=imports, kinds=KINDS, upload_error=error
    )


@router.post("/w/{slug}/imports")
async def upload(page: PageDep, slug: str, request: Request) -> Response:
    form = await request.form()
    file, kind = form.get("file"), str(form.get("kind") or "datapoints")
    if not isinstance(file, UploadFile) or not file.filename:
        frame = await workspace_frame(page, slug)
        imports = await _recent(page, slug)
        return page.render(
            "imports/index.html",
            frame=frame,
            imports=imports,
            kinds=KINDS,
            upload_error=translate(N_("Choose a CSV or Excel file."), page.locale),
            status_code=422,
        )
    content = await file.read(MAX_UPLOAD + 1)
    try:
        response = await page.api.request(
            "POST",
            f"/workspaces/{slug}/imports",
            data={"kind": kind},
            files={
                "file": (file.filename, content, file.content_type or "application/octet-stream")
            },
        )
    except ApiError as error:
        frame = await workspace_frame(page, slug)
        imports = await _recent(page, slug)
        return page.render(
            "imports/index.html",
            frame=frame,
            imports=imports,
            kinds=KINDS,
            upload_error=error.detail,
            status_code=error.status if error.status in (403, 413, 422) else 400,
        )
    return page.redirect(f"/w/{slug}/imports/{response.json()['id']}")


async def _detail(
    page: Page,
    slug: str,
    import_id: str,
    *,
    problem: str | None = None,
    field_errors: list[FieldError] | None = None,
    validation: Validation | None = None,
) -> Response:
    frame = await workspace_frame(page, slug)
    data = await page.api.get(f"/workspaces/{slug}/imports/{import_id}")
    return page.render(
        "imports/detail.html",
        frame=frame,
        imp=Import.model_validate(data),
        encodings=ENCODINGS,
        duplicates=DUPLICATES,
        problem=problem,
        field_errors=field_errors or [],
        validation=validation,
    )


@router.get("/w/{slug}/imports/{import_id}")
async def import_page(page: PageDep, slug: str, import_id: str) -> Response:
    return await _detail(page, slug, import_id)


@router.post("/w/{slug}/imports/{import_id}/check")
async def check(page: PageDep, slug: str, import_id: str, request: Request) -> Response:
    """Save the mapping and settings, then run the dry run and show its errors inline."""
    form = await request.form()
    current = Import.model_validate(await page.api.get(f"/workspaces/{slug}/imports/{import_id}"))
    mapping = {f.name: (str(form.get(f"map_{f.name}") or "") or None) for f in current.fields}
    body = ImportSettings(
        mapping=mapping, on_duplicate=str(form.get("on_duplicate") or OnDuplicate.skip)
    )
    encoding = str(form.get("encoding") or "")
    if encoding and encoding != current.encoding:
        body["encoding"] = encoding
    header_row = str(form.get("header_row") or "")
    if header_row.isdigit() and int(header_row) != current.header_row:
        body["header_row"] = int(header_row)
        body.pop("mapping")  # new header: new columns, suggested again
    try:
        await page.api.patch(f"/workspaces/{slug}/imports/{import_id}", json=body)
        report = await page.api.post(f"/workspaces/{slug}/imports/{import_id}/validate")
    except ApiError as error:
        refused = [FieldError.model_validate(e) for e in error.field_errors]
        return await _detail(page, slug, import_id, problem=error.detail, field_errors=refused)
    return await _detail(page, slug, import_id, validation=Validation.model_validate(report))


@router.post("/w/{slug}/imports/{import_id}/commit")
async def commit(page: PageDep, slug: str, import_id: str, request: Request) -> Response:
    form = await request.form()
    skip = form.get("skip_invalid_rows") == "1"
    try:
        await page.api.post(
            f"/workspaces/{slug}/imports/{import_id}/commit", json={"skip_invalid_rows": skip}
        )
    except ApiError as error:
        return await _detail(page, slug, import_id, problem=error.detail)
    return page.redirect(f"/w/{slug}/imports/{import_id}")


@router.post("/w/{slug}/imports/{import_id}/undo")
async def undo(page: PageDep, slug: str, import_id: str) -> Response:
    try:
        await page.api.post(f"/workspaces/{slug}/imports/{import_id}/undo")
    except ApiError as error:
        page.session.add_flash(error.detail)
    return page.redirect(f"/w/{slug}/imports/{import_id}")


@router.get("/w/{slug}/imports/{import_id}/errors.csv")
async def errors_csv(page: PageDep, slug: str, import_id: str) -> Response:
    response = await page.api.request("GET", f"/workspaces/{slug}/imports/{import_id}/errors")
    return Response(
        response.content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": response.headers.get("Content-Disposition", "attachment")},
    )
