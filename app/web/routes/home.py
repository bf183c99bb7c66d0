"""The start page and each workspace's home: my work, my campaigns, the team's changes."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, text
from app.web.paging import Shown, one_page
from app.web.views.assignments import Assignment, AssignmentChange
from app.web.views.campaigns import CampaignCard
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import today_in, workspace_frame

router = APIRouter()


@router.get("/")
async def start(page: PageDep) -> Response:
    if not page.session.token:
        return page.redirect("/signin")
    workspaces = await page.api.all_items("/workspaces")
    if workspaces:
        return page.redirect(f"/w/{workspaces[0]['slug']}")
    return page.render("home/first_workspace.html", values={"locale": page.locale}, errors={})


@router.post("/workspaces")
async def create_workspace(page: PageDep, request: Request) -> Response:
    form = await request.form()
    values = {key: text(form, key) for key in ("slug", "name", "locale", "timezone")}
    try:
        created = await page.api.post("/workspaces", json={k: v for k, v in values.items() if v})
    except ApiError as error:
        if error.status not in (409, 422):
            raise
        return page.render(
            "home/first_workspace.html",
            status_code=error.status,
            values=values,
            errors=field_messages(error) | ({"slug": error.detail} if error.status == 409 else {}),
        )
    return page.redirect(f"/w/{created['slug']}")


@router.get("/w/{slug}")
async def workspace_home(
    page: PageDep, slug: str, assignments_cursor: str = "", campaigns_cursor: str = ""
) -> Response:
    """My active assignments and my campaigns, a page of each; htmx with one list's cursor
    gets that list's next rows."""
    frame = await workspace_frame(page, slug)
    if page.is_htmx and assignments_cursor:
        mine = await _my_assignments(page, frame, assignments_cursor)
        return page.render(
            "home/_assignments.html", frame=frame, assignments=mine.items, more=mine.more_url
        )
    if page.is_htmx and campaigns_cursor:
        theirs = await _my_campaigns(page, frame, campaigns_cursor)
        return page.render(
            "home/_campaigns.html", frame=frame, campaigns=theirs.items, more=theirs.more_url
        )
    mine, theirs = await page.api.gather(
        _my_assignments(page, frame, assignments_cursor),
        _my_campaigns(page, frame, campaigns_cursor),
    )
    return page.render(
        "home/workspace.html",
        frame=frame,
        assignments=mine.items,
        assignments_more=mine.more_url,
        campaigns=theirs.items,
        campaigns_more=theirs.more_url,
    )


async def _my_assignments(page: Page, frame: WorkspaceFrame, cursor: str) -> Shown[Assignment]:
    shown = await one_page(
        page.api,
        page.request.url,
        f"/workspaces/{frame.ws.slug}/assignments",
        cursor=cursor,
        name="assignments_cursor",
        member_id=frame.ws.member_id,
        active_on=today_in(frame.ws).isoformat(),
    )
    return shown.of(Assignment.model_validate)


async def _my_campaigns(page: Page, frame: WorkspaceFrame, cursor: str) -> Shown[CampaignCard]:
    shown = await one_page(
        page.api,
        page.request.url,
        f"/workspaces/{frame.ws.slug}/campaigns",
        cursor=cursor,
        name="campaigns_cursor",
        member_id=frame.ws.member_id,
    )
    return shown.of(CampaignCard.model_validate)


@router.get("/w/{slug}/activity")
async def activity(page: PageDep, slug: str, campaign_id: str = "") -> Response:
    """The latest changes of the division of labour, as a timeline fragment."""
    frame = await workspace_frame(page, slug)
    history = await page.api.get(
        f"/workspaces/{slug}/assignment-history", campaign_id=campaign_id, limit=20
    )
    template = "home/_activity.html" if page.is_htmx else "home/activity.html"
    changes = [AssignmentChange.model_validate(change) for change in history["items"]]
    return page.render(template, frame=frame, changes=changes)
