"""Reports page: my schedules and their state, filing a report, the reviewer's inbox."""

from typing import TypedDict

from fastapi import APIRouter, Form
from fastapi.responses import Response
from starlette.datastructures import URL

from app.vocabulary import ReportHealth
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import FORM_REFUSALS, problem_message
from app.web.paging import Shown, one_page
from app.web.views.reports import Report, Schedule
from app.web.workspace import workspace_frame

router = APIRouter()
HEALTHS = list(ReportHealth)
PARTS = ("inbox", "schedules")


class FiledReport(TypedDict):
    schedule_id: str
    health: str
    progress: str
    difficulties: str
    next_plan: str
    asks: str
    submit: bool


@router.get("/w/{slug}/reports")
async def reports_page(page: PageDep, slug: str, part: str = "", cursor: str = "") -> Response:
    """My schedules and my inbox, a page of each; `part` ("inbox" or "schedules") and
    `cursor` open one of them further on (with htmx: only its next items)."""
    frame = await workspace_frame(page, slug)
    me = frame.ws.member_id
    if page.is_htmx and cursor and part in PARTS:
        shown = await _part(page, slug, me, part, cursor)
        return page.render(f"reports/_{part}.html", frame=frame, part=shown, healths=HEALTHS)
    schedules, inbox, recent = await page.api.gather(
        _part(page, slug, me, "schedules", cursor if part == "schedules" else ""),
        _part(page, slug, me, "inbox", cursor if part == "inbox" else ""),
        page.api.get(f"/workspaces/{slug}/reports", author_member_id=me, limit=20),
    )
    return page.render(
        "reports/index.html",
        frame=frame,
        schedules=schedules,
        inbox=inbox,
        mine=[Report.model_validate(r) for r in recent["items"]],
        healths=HEALTHS,
    )


async def _part(
    page: Page, slug: str, me: str, part: str, cursor: str
) -> Shown[Schedule] | Shown[Report]:
    """A page of my schedules or of my inbox, and the address of the next page."""
    here = URL(f"/w/{slug}/reports").include_query_params(part=part)
    base = f"/workspaces/{slug}"
    if part == "inbox":
        inbox = await one_page(
            page.api, here, f"{base}/reports", cursor, awaiting_my_acknowledgement=True
        )
        return inbox.of(Report.model_validate)
    mine = await one_page(page.api, here, f"{base}/report-schedules", cursor, author_member_id=me)
    return mine.of(Schedule.model_validate)


@router.post("/w/{slug}/reports")
async def file_report(
    page: PageDep,
    slug: str,
    schedule_id: str = Form(...),
    health: str = Form(...),
    progress: str = Form(""),
    difficulties: str = Form(""),
    next_plan: str = Form(""),
    asks: str = Form(""),
) -> Response:
    body = FiledReport(
        schedule_id=schedule_id,
        health=health,
        progress=progress,
        difficulties=difficulties,
        next_plan=next_plan,
        asks=asks,
        submit=True,
    )
    try:
        await page.api.post(f"/workspaces/{slug}/reports", json=body)
    except ApiError as error:
        if error.status not in FORM_REFUSALS:
            raise
        page.session.add_flash(problem_message(error))
    return page.redirect(f"/w/{slug}/reports")


@router.post("/w/{slug}/reports/{report_id}/acknowledge")
async def acknowledge(
    page: PageDep, slug: str, report_id: str, comment: str = Form("")
) -> Response:
    try:
        await page.api.post(
            f"/workspaces/{slug}/reports/{report_id}/acknowledge", json={"comment": comment}
        )
    except ApiError as error:
        if error.status not in FORM_REFUSALS:
            raise
        page.session.add_flash(problem_message(error))
    return page.redirect(f"/w/{slug}/reports")
