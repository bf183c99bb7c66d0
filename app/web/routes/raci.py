"""A RACI cell of the campaign page: set its letter, plan its allocation and dates, undo.

Each answer is the cell again (htmx) plus, out of band, the parts of the page the change
affects: the division panel and the history reload themselves, and an Undo toast."""

from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, QueryParams

from app.vocabulary import AssignmentStatus
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import FORM, field_messages, optional, problem_message, text
from app.web.raci import Assignment, Cell, Column, Row, Undo
from app.web.views import assignments
from app.web.workspace import workspace_frame

router = APIRouter()
REFUSALS = (403, 404, 409, 412, 422)
PLAN_FIELDS = ("allocation_percent", "starts_on", "ends_on")  # the plan editor's fields


class PlanPayload(TypedDict, total=False):
    allocation_percent: str
    starts_on: str
    ends_on: str | None


def _cell(form: FormData | QueryParams, campaign_id: str) -> Cell:
    """The cell a form came from (ids and the names its accessible label needs)."""
    return Cell(
        campaign_id,
        Row(optional(form, "scope_id"), text(form, "scope_name")),
        Column(
            text(form, "member_id"),
            text(form, "member_name"),
            text(form, "role_id"),
            text(form, "role_name"),
        ),
    )


def _with(
    cell: Cell,
    held: assignments.Assignment | None,
    *,
    error: str | None = None,
    field_errors: dict[str, str] | None = None,
    entered: dict[str, str] | None = None,
) -> Cell:
    """The cell showing `held` (if still active), with what went wrong."""
    active = held is not None and held.status == AssignmentStatus.active
    return Cell(
        cell.campaign_id,
        cell.row,
        cell.column,
        Assignment.of(held) if held is not None and active else None,
        error=error,
        field_errors=field_errors or {},
        entered=entered or {},
    )


def _assignment(reply: object) -> assignments.Assignment:
    return assignments.Assignment.model_validate(reply)


async def _current(
    page: Page, slug: str, assignment_id: str | None
) -> assignments.Assignment | None:
    if not assignment_id:
        return None
    try:
        reply = await page.api.get(f"/workspaces/{slug}/assignments/{assignment_id}")
    except ApiError as gone:
        if gone.status != 404:
            raise
        return None
    return _assignment(reply)


async def _answer(
    page: Page,
    slug: str,
    cell: Cell,
    *,
    status_code: int = 200,
    undo: Undo | None = None,
    changed: bool = False,
) -> Response:
    if not page.is_htmx:
        if cell.error:
            page.session.add_flash(cell.error)
        return page.redirect(f"/w/{slug}/campaigns/{cell.campaign_id}#{cell.dom_id}")
    frame = await workspace_frame(page, slug)
    return page.render(
        "campaigns/_raci_answer.html",
        status_code=status_code,
        frame=frame,
        cell=cell,
        undo=undo,
        changed=changed,
    )


@router.post("/w/{slug}/campaigns/{campaign_id}/raci")
async def set_raci(page: PageDep, request: Request, slug: str, campaign_id: str) -> Response:
    """Set one cell: create, change or end the assignment behind it (dates and allocation
    of a new one follow the API's defaults: the campaign's dates, the suggested share)."""
    form = await request.form()
    base = f"/workspaces/{slug}/assignments"
    cell = _cell(form, campaign_id)
    assignment_id, raci = optional(form, "assignment_id"), optional(form, "raci")
    before = await _current(page, slug, assignment_id)
    try:
        if assignment_id and raci is None:
            reply = _assignment(
                await page.api.patch(f"{base}/{assignment_id}", {"status": "ended"})
            )
        elif assignment_id:
            reply = _assignment(await page.api.patch(f"{base}/{assignment_id}", {"raci": raci}))
        elif raci:
            created = await page.api.post(
                base,
                json={
                    "member_id": cell.column.member_id,
                    "role_id": cell.column.role_id,
                    "campaign_id": campaign_id,
                    "scope_id": cell.row.scope_id,
                    "raci": raci,
                },
            )
            reply = _assignment(created)
        else:
            return await _answer(page, slug, cell)
    except ApiError as refused:
        if refused.status not in REFUSALS:
            raise
        failed = _with(cell, before, error=problem_message(refused))
        return await _answer(page, slug, failed, status_code=refused.status)
    was_active = before is not None and before.status == AssignmentStatus.active
    undo = Undo(
        cell=cell,
        assignment_id=reply.id,
        raci=before.raci if before is not None and was_active else "",
        ends_on=before.ends_on.isoformat() if before is not None and before.ends_on else "",
    )
    return await _answer(page, slug, _with(cell, reply), undo=undo, changed=True)


@router.post("/w/{slug}/campaigns/{campaign_id}/raci/undo")
async def undo_raci(page: PageDep, request: Request, slug: str, campaign_id: str) -> Response:
    """Take a change back: delete what it created, or restore the letter and end it had."""
    form = await request.form()
    cell = _cell(form, campaign_id)
    assignment_id, raci = text(form, "assignment_id"), optional(form, "raci")
    path = f"/workspaces/{slug}/assignments/{assignment_id}"
    reply: assignments.Assignment | None = None
    try:
        if raci is None:
            await page.api.delete(path)
        else:
            reply = _assignment(
                await page.api.patch(
                    path, {"raci": raci, "status": "active", "ends_on": optional(form, "ends_on")}
                )
            )
    except ApiError as refused:
        if refused.status not in REFUSALS:
            raise
        current = await _current(page, slug, assignment_id)
        return await _answer(
            page,
            slug,
            _with(cell, current, error=problem_message(refused)),
            status_code=refused.status,
        )
    return await _answer(page, slug, _with(cell, reply), changed=True)


@router.get("/w/{slug}/campaigns/{campaign_id}/raci/{assignment_id}/plan")
async def plan_form(
    page: PageDep, request: Request, slug: str, campaign_id: str, assignment_id: str
) -> Response:
    """A cell's allocation and dates editor: fetched when opened (a page without JS)."""
    cell = _cell(request.query_params, campaign_id)
    reply = _assignment(await page.api.get(f"/workspaces/{slug}/assignments/{assignment_id}"))
    frame = await workspace_frame(page, slug)
    template = "campaigns/_plan.html" if page.is_htmx else "campaigns/plan.html"
    return page.render(template, frame=frame, cell=_with(cell, reply))


@router.post("/w/{slug}/campaigns/{campaign_id}/raci/{assignment_id}/plan")
async def plan_assignment(
    page: PageDep, request: Request, slug: str, campaign_id: str, assignment_id: str
) -> Response:
    """Change a cell's allocation and dates without leaving the matrix."""
    form = await request.form()
    cell = _cell(form, campaign_id)
    body = PlanPayload(ends_on=optional(form, "ends_on"))
    if allocation_percent := text(form, "allocation_percent"):
        body["allocation_percent"] = allocation_percent
    if starts_on := text(form, "starts_on"):
        body["starts_on"] = starts_on
    path = f"/workspaces/{slug}/assignments/{assignment_id}"
    try:
        reply = _assignment(await page.api.patch(path, body))
    except ApiError as refused:
        if refused.status not in REFUSALS:
            raise
        errors = field_messages(refused, shown=PLAN_FIELDS)
        failed = _with(
            cell,
            await _current(page, slug, assignment_id),
            error=errors.pop(FORM, None),  # not about one of its fields: said in the cell
            field_errors=errors,
            entered={key: text(form, key) for key in PLAN_FIELDS},
        )
        if page.is_htmx:
            return await _answer(page, slug, failed, status_code=refused.status)
        frame = await workspace_frame(page, slug)  # without JS: the editor's page again
        return page.render(
            "campaigns/plan.html", status_code=refused.status, frame=frame, cell=failed
        )
    return await _answer(page, slug, _with(cell, reply), changed=True)
