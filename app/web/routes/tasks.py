"""My day, My week, a task's page with its checklist, and a campaign's task board."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form
from fastapi.responses import Response

from app.vocabulary import TaskStatus
from app.web.client import ApiError
from app.web.context import PageDep
from app.web.forms import FORM_REFUSALS, problem_message, safe_next
from app.web.views.tasks import Obligation, Task
from app.web.views.work_plans import CampaignHeading
from app.web.views.workspace import Workspace
from app.web.workspace import today_in, workspace_frame

router = APIRouter()
OPEN = [status for status in TaskStatus if status.is_open]
STATUSES = list(TaskStatus)
NEVER = datetime.max.replace(tzinfo=UTC)


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


def _by_due(tasks: list[Task]) -> list[Task]:
    """Overdue first, then by due time (none last), then by title."""
    return sorted(tasks, key=lambda t: (not t.overdue, t.due_at or NEVER, t.title))


def _tasks(items: Sequence[object]) -> list[Task]:
    return _by_due([Task.model_validate(item) for item in items])


@router.get("/w/{slug}/my-day")
async def my_day(page: PageDep, slug: str) -> Response:
    return await _mine(page, slug, days=1)


@router.get("/w/{slug}/my-week")
async def my_week(page: PageDep, slug: str) -> Response:
    return await _mine(page, slug, days=7)


async def _mine(page: PageDep, slug: str, *, days: int) -> Response:
    """What I own that is due in the span, overdue first, in the workspace's days."""
    frame = await workspace_frame(page, slug)
    ws = frame.ws
    tasks = _tasks(
        await page.api.all_items(
            f"/workspaces/{slug}/tasks",
            owner_member_id=ws.member_id,
            status=OPEN,
            due_before=(due_before := _end_of(ws, days)),
        )
    )
    overdue = [t for t in tasks if t.overdue]
    zone = ZoneInfo(ws.timezone)
    by_day: dict[date, list[Task]] = {}
    for task in tasks:
        if not task.overdue and task.due_at is not None:
            by_day.setdefault(task.due_at.astimezone(zone).date(), []).append(task)
    # money13: contract obligations I owe in the span (overdue ones included)
    obligations = await page.api.all_items(
        f"/workspaces/{slug}/obligations",
        owner_member_id=ws.member_id,
        status="open",
        due_before=(today_in(ws) + timedelta(days=days)).isoformat(),
    )
    return page.render(
        "tasks/mine.html",
        frame=frame,
        span="day" if days == 1 else "week",
        overdue=overdue,
        by_day=by_day,
        obligations=[Obligation.model_validate(o) for o in obligations],
        filters={"owner_member_id": ws.member_id, "status": OPEN, "due_before": due_before},
    )


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
    page: PageDep, slug: str, campaign_id: str, view: str = "board"
) -> Response:
    """The campaign's tasks as a board (a column per status) or a list."""
    frame = await workspace_frame(page, slug)
    reply = await page.api.get(f"/workspaces/{slug}/campaigns/{campaign_id}")
    campaign = CampaignHeading.model_validate(reply)
    tasks = _tasks(await page.api.all_items(f"/workspaces/{slug}/tasks", campaign_id=campaign_id))
    columns = {status: [t for t in tasks if t.status == status] for status in STATUSES}
    return page.render(
        "tasks/campaign.html",
        frame=frame,
        campaign=campaign,
        tasks=tasks,
        columns=columns,
        statuses=STATUSES,
        view="list" if view == "list" else "board",
    )
