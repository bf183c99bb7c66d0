"""The start page and each workspace's home: my work, my campaigns, the team's changes."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.web.client import ApiError
from app.web.context import PageDep
from app.web.forms import field_messages, text
from app.web.views.assignments import Assignment, AssignmentChange
from app.web.views.campaigns import CampaignCard
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
async def workspace_home(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    me = frame.ws.member_id
    base = f"/workspaces/{slug}"
    assignments, campaigns = await page.api.gather(
        page.api.all_items(
            f"{base}/assignments", member_id=me, active_on=today_in(frame.ws).isoformat()
        ),
        page.api.all_items(f"{base}/campaigns", member_id=me),
    )
    return page.render(
        "home/workspace.html",
        frame=frame,
        assignments=[Assignment.model_validate(a) for a in assignments],
        campaigns=[CampaignCard.model_validate(c) for c in campaigns],
    )


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
