"""Reports page: my schedules and their state, filing a report, the reviewer's inbox."""

from typing import TypedDict

from fastapi import APIRouter, Form
from fastapi.responses import Response

from app.vocabulary import ReportHealth
from app.web.client import ApiError
from app.web.context import PageDep
from app.web.forms import FORM_REFUSALS, problem_message
from app.web.views.reports import Report, Schedule
from app.web.workspace import workspace_frame

router = APIRouter()
HEALTHS = list(ReportHealth)


class FiledReport(TypedDict):
    schedule_id: str
    health: str
    progress: str
    difficulties: str
    next_plan: str
    asks: str
    submit: bool


@router.get("/w/{slug}/reports")
async def reports_page(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    me = frame.ws.member_id
    base = f"/workspaces/{slug}"
    schedules = [
        Schedule.model_validate(s)
        for s in await page.api.all_items(f"{base}/report-schedules", author_member_id=me)
    ]
    inbox = [
        Report.model_validate(r)
        for r in await page.api.all_items(f"{base}/reports", awaiting_my_acknowledgement=True)
    ]
    recent = await page.api.get(f"{base}/reports", author_member_id=me, limit=20)
    mine = [Report.model_validate(r) for r in recent["items"]]
    states = {s.id: s.state_of(me) for s in schedules}
    return page.render(
        "reports/index.html",
        frame=frame,
        schedules=schedules,
        states=states,
        inbox=inbox,
        mine=mine,
        healths=HEALTHS,
    )


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
