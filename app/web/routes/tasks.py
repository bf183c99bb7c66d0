"""My day, My week, a task's page with its checklist, and a campaign's task board."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form
from fastapi.responses import Response

from app.vocabulary import TaskStatus
from app.web.client import ApiError
from app.web.context import PageDep
from app.web.forms import FORM_REFUSALS, problem_message, safe_next
from app.web.paging import Shown, one_page
from app.web.views.tasks import Obligation, Task
from app.web.views.work_plans import CampaignHeading
from app.web.views.workspace import Workspace
from app.web.workspace import today_in, workspace_frame

router = APIRouter()
OPEN = [status for status in TaskStatus if status.is_open]
STATUSES = list(TaskStatus)


class NewTask(TypedDict):
    title: str
    due_at: str
    owner_member_id: str | None
    campaign_id: str | None


class StatusChange(TypedDict, total=False):
    status: str
    blocked_reason: str | None


def _end_of(ws: Workspace, days: int) -> str:
    """The instant `days` local days after today begins (UTC, for the API)."""
    zone = ZoneInfo(ws.timezone)
    start = datetime.combine(today_in(ws) + timedelta(days=days), time.min, tzinfo=zone)
    return start.astimezone(UTC).isoformat()


@dataclass(frozen=True)
class MineCursors:
    """Where each list of My day / My week goes on ("Show more" asks for one of them)."""

    cursor: str = ""  # the tasks due in the span
    overdue_cursor: str = ""
    obligations_cursor: str = ""


@router.get("/w/{slug}/my-day")
async def my_day(page: PageDep, slug: str, cursors: MineCursors = Depends()) -> Response:
    return await _mine(page, slug, days=1, cursors=cursors)


@router.get("/w/{slug}/my-week")
async def my_week(page: PageDep, slug: str, cursors: MineCursors = Depends()) -> Response:
    return await _mine(page, slug, days=7, cursors=cursors)


async def _mine(page: PageDep, slug: str, *, days: int, cursors: MineCursors) -> Response:
    """What I own that is due in the span, overdue first, in the workspace's days: a page
    of each list, soonest first."""
    frame = await workspace_frame(page, slug)
    ws = frame.ws
    due_before = _end_of(ws, days)
    url = page.request.url
    path = f"/workspaces/{slug}/tasks"
    # One after another: each list of tasks first writes the plans' due occurrences.
    overdue = await one_page(
        page.api,
        url,
        path,
        cursor=cursors.overdue_cursor,
        name="overdue_cursor",
        owner_member_id=ws.member_id,
        status=OPEN,
        order="due",
        overdue=True,
    )
    due = await one_page(
        page.api,
        url,
        path,
        cursor=cursors.cursor,
        owner_member_id=ws.member_id,
        status=OPEN,
        order="due",
        overdue=False,
        due_before=due_before,
    )
    # money13: contract obligations I owe in the span (overdue ones included)
    obligations = await one_page(
        page.api,
        url,
        f"/workspaces/{slug}/obligations",
        cursor=cursors.obligations_cursor,
        name="obligations_cursor",
        owner_member_id=ws.member_id,
        status="open",
        due_before=(today_in(ws) + timedelta(days=days)).isoformat(),
    )
    late = overdue.of(Task.model_validate)
    soon = due.of(Task.model_validate)
    owed = obligations.of(Obligation.model_validate)
    parts: dict[str, tuple[str, dict[str, object]]] = {
        "overdue_cursor": ("tasks/_rows.html", {"rows": late}),
        "cursor": ("tasks/_days.html", {"due": soon, "by_day": _by_day(ws, soon.items)}),
        "obligations_cursor": ("tasks/_obligations.html", {"obligations": owed}),
    }
    asked = [name for name in parts if getattr(cursors, name)]
    if page.is_htmx and len(asked) == 1:
        template, context = parts[asked[0]]
        return page.render(template, 200, frame=frame, **context)
    return page.render(
        "tasks/mine.html",
        frame=frame,
        span="day" if days == 1 else "week",
        overdue=late,
        due=soon,
        by_day=_by_day(ws, soon.items),
        obligations=owed,
        filters={"owner_member_id": ws.member_id, "status": OPEN, "due_before": due_before},
    )


def _by_day(ws: Workspace, tasks: list[Task]) -> dict[date, list[Task]]:
    """Tasks by their local due day (they come soonest first)."""
    zone = ZoneInfo(ws.timezone)
    by_day: dict[date, list[Task]] = {}
    for task in tasks:
        if task.due_at is not None:
            by_day.setdefault(task.due_at.astimezone(zone).date(), []).append(task)
    return by_day


@router.post("/w/{slug}/tasks")
async def quick_add(
    page: PageDep,
    slug: str,
    title: str = Form(""),
    due: str = Form(""),
    campaign_id: str = Form(""),
    back: str = Form(""),
) -> Response:
    """Quick add: a title and Enter; mine, due today unless a date is given."""
    frame = await workspace_frame(page, slug)
    ws = frame.ws
    body = NewTask(
        title=title,
        due_at=due or today_in(ws).isoformat(),
        owner_member_id=None if campaign_id else ws.member_id,
        campaign_id=campaign_id or None,
    )
    try:
        await page.api.post(f"/workspaces/{slug}/tasks", json=body)
    except ApiError as error:
        if error.status not in FORM_REFUSALS:
            raise
        page.session.add_flash(problem_message(error))
    return page.redirect(safe_next(back, f"/w/{slug}/my-week", within=f"/w/{slug}/"))


@router.get("/w/{slug}/tasks/{task_id}")
async def task_page(page: PageDep, slug: str, task_id: str) -> Response:
    frame = await workspace_frame(page, slug)
    task = Task.model_validate(await page.api.get(f"/workspaces/{slug}/tasks/{task_id}"))
    return page.render("tasks/detail.html", frame=frame, task=task, statuses=STATUSES)


@router.post("/w/{slug}/tasks/{task_id}/steps/{index}")
async def toggle_step(page: PageDep, slug: str, task_id: str, index: int) -> Response:
    """Tick or untick one step (htmx swaps the checklist in place)."""
    frame = await workspace_frame(page, slug)
    reply, etag = await page.api.get_with_etag(f"/workspaces/{slug}/tasks/{task_id}")
    task = Task.model_validate(reply)
    if 0 <= index < len(task.checklist):
        steps = [
            {"text": step.text, "done": step.done != (at == index)}
            for at, step in enumerate(task.checklist)
        ]
        task = Task.model_validate(
            await page.api.patch(
                f"/workspaces/{slug}/tasks/{task_id}", json={"checklist": steps}, if_match=etag
            )
        )
    if page.is_htmx:
        return page.render("tasks/_checklist.html", frame=frame, task=task)
    return page.redirect(f"/w/{slug}/tasks/{task_id}")


@router.post("/w/{slug}/tasks/{task_id}/status")
async def set_status(
    page: PageDep,
    slug: str,
    task_id: str,
    status: str = Form(...),
    blocked_reason: str = Form(""),
    back: str = Form(""),
) -> Response:
    body = StatusChange(status=status)
    if status == TaskStatus.blocked:
        body["blocked_reason"] = blocked_reason or None
    try:
        await page.api.patch(f"/workspaces/{slug}/tasks/{task_id}", json=body)
    except ApiError as error:
        if error.status not in FORM_REFUSALS:
            raise
        page.session.add_flash(problem_message(error))
    return page.redirect(safe_next(back, f"/w/{slug}/tasks/{task_id}", within=f"/w/{slug}/"))


@router.get("/w/{slug}/campaigns/{campaign_id}/tasks")
async def campaign_tasks(
    page: PageDep,
    slug: str,
    campaign_id: str,
    view: str = "board",
    status: str = "",
    cursor: str = "",
) -> Response:
    """The campaign's tasks, oldest first: a board (a column per status, a fixed vocabulary:
    one call each) or a list, a page at a time; htmx with a cursor gets the next cards of
    the column `status` (or the list's next rows)."""
    frame = await workspace_frame(page, slug)
    view = "list" if view == "list" else "board"
    here = page.request.url.replace(
        path=f"/w/{slug}/campaigns/{campaign_id}/tasks", query=f"view={view}"
    )

    async def tasks(of_status: str, at: str) -> tuple[str, Shown[Task]]:
        url = here.include_query_params(status=of_status) if of_status else here
        shown = await one_page(
            page.api,
            url,
            f"/workspaces/{slug}/tasks",
            cursor=at,
            campaign_id=campaign_id,
            status=of_status,
        )
        return of_status, shown.of(Task.model_validate)

    if page.is_htmx and cursor:
        _, rows = await tasks(status if view == "board" else "", cursor)
        template = "tasks/_cards.html" if view == "board" else "tasks/_rows.html"
        return page.render(template, frame=frame, cards=rows, rows=rows, statuses=STATUSES)
    reply = await page.api.get(f"/workspaces/{slug}/campaigns/{campaign_id}")
    campaign = CampaignHeading.model_validate(reply)
    if view == "list":
        _, rows = await tasks("", cursor)
        columns: list[tuple[str, Shown[Task]]] = []
    else:
        # one after another, as on My week: each list first writes due plan occurrences
        columns = [await tasks(s, cursor if s == status else "") for s in STATUSES]
        rows = Shown([], None)
    return page.render(
        "tasks/campaign.html",
        frame=frame,
        campaign=campaign,
        rows=rows,
        columns=columns,
        statuses=STATUSES,
        view=view,
    )
