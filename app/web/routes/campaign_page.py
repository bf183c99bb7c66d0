"""One campaign: its facts, goals, scopes and the RACI matrix (edited in `raci.py`)."""

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from app.core.i18n import N_, fill, translate
from app.core.pagination import MAX_LIMIT
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import problem_message, text
from app.web.paging import one_page
from app.web.raci import Column, build_matrix
from app.web.views.assignments import Assignment
from app.web.views.campaigns import Campaign, Person
from app.web.views.goals import Goal
from app.web.workspace import workspace_frame

router = APIRouter()
MAX_ADDED_COLUMNS = 12
PEOPLE_SHOWN = 20


async def _extra_columns(
    page: Page, slug: str, add: list[str], roles: dict[str, str]
) -> list[Column]:
    """Columns asked for with `?add=<member_id>:<role_id>` that hold nothing yet.

    One call per asked column (a handful), never a walk through every member."""
    base = f"/workspaces/{slug}"
    extra = []
    for pair in add[:MAX_ADDED_COLUMNS]:
        member_id, _, role_id = pair.partition(":")
        try:
            member = Person.model_validate(await page.api.get(f"{base}/members/{member_id}"))
        except ApiError as missing:
            if missing.status not in (404, 422):
                raise
            continue
        if role_id in roles:
            extra.append(Column(member_id, member.display_name, role_id, roles[role_id]))
    return extra


async def _role_names(page: Page, slug: str) -> dict[str, str]:
    roles = await page.api.get(f"/workspaces/{slug}/roles", limit=200)
    return {str(r["id"]): str(r["name"]) for r in roles["items"]}


async def _people(page: Page, slug: str, query: str) -> list[Person]:
    """Active members matching `query` (name, email, title): one bounded page."""
    if not query:
        return []
    found = await page.api.get(
        f"/workspaces/{slug}/members", status="active", q=query, limit=PEOPLE_SHOWN
    )
    return [Person.model_validate(m) for m in found["items"]]


@router.get("/w/{slug}/campaigns/{campaign_id}")
async def campaign_page(
    page: PageDep,
    slug: str,
    campaign_id: str,
    add: list[str] = Query(default=[]),
    add_member: str = "",
    add_role: str = "",
    person: str = Query(default="", max_length=100),
    column: int = Query(default=0, ge=0, le=100_000),
    goals_cursor: str = "",
) -> Response:
    if add_member and add_role:
        add = [*add, f"{add_member}:{add_role}"]
    base = f"/workspaces/{slug}"
    goals_page = one_page(
        page.api,
        page.request.url,
        f"{base}/goals",
        goals_cursor,
        name="goals_cursor",
        campaign_id=campaign_id,
    )
    if page.is_htmx and goals_cursor:
        frame, goals = await page.api.gather(workspace_frame(page, slug), goals_page)
        shown = [(0, Goal.model_validate(goal)) for goal in goals.items]
        return page.render("goals/_items.html", frame=frame, items=shown, more=goals.more_url)
    # Independent calls go out at once: the page waits for the slowest, not for their sum.
    # The matrix reads one call of the API's largest page of assignments: it orders its people
    # by name, which a page of assignments (oldest first) cannot; past it the page says the
    # matrix is partial.
    frame, campaign_reply, held, roles, goals, people = await page.api.gather(
        workspace_frame(page, slug),
        page.api.get(f"{base}/campaigns/{campaign_id}"),
        page.api.get(
            f"{base}/assignments", campaign_id=campaign_id, status="active", limit=MAX_LIMIT
        ),
        _role_names(page, slug),
        goals_page,
        _people(page, slug, person.strip()),
    )
    campaign = Campaign.model_validate(campaign_reply)
    matrix = build_matrix(
        campaign.scopes,
        [Assignment.model_validate(a) for a in held["items"]],
        await _extra_columns(page, slug, add, roles),
        translate(N_("Whole campaign"), page.locale),
        first=column,
    )
    return page.render(
        "campaigns/detail.html",
        frame=frame,
        campaign=campaign,
        matrix_partial=held["next_cursor"] is not None,
        matrix_limit=MAX_LIMIT,
        goals=[(0, Goal.model_validate(goal)) for goal in goals.items],
        goals_more=goals.more_url,
        matrix=matrix,
        people=people,
        person=person,
        roles=roles,
        added=add,
    )


@router.get("/w/{slug}/campaigns/{campaign_id}/people")
async def people_choices(
    page: PageDep, slug: str, campaign_id: str, person: str = Query(default="", max_length=100)
) -> Response:
    """The "add a person" choices for what was typed (an htmx fragment)."""
    return page.render(
        "campaigns/_people.html",
        people=await _people(page, slug, person.strip()),
        person=person,
    )


@router.post("/w/{slug}/campaigns/{campaign_id}/scopes")
async def add_scope(page: PageDep, request: Request, slug: str, campaign_id: str) -> Response:
    form = await request.form()
    body = {
        "name": text(form, "name"),
        "description": text(form, "description"),
        "role_ids": _chosen(form.getlist("role_ids")),
    }
    try:
        await page.api.post(f"/workspaces/{slug}/campaigns/{campaign_id}/scopes", json=body)
    except ApiError as error:
        if error.status not in (409, 422):
            raise
        page.session.add_flash(problem_message(error))
    return page.redirect(f"/w/{slug}/campaigns/{campaign_id}#raci")


@router.post("/w/{slug}/campaigns/{campaign_id}/scopes/{scope_id}/roles")
async def scope_roles(
    page: PageDep, request: Request, slug: str, campaign_id: str, scope_id: str
) -> Response:
    """The roles a scope needs (staffing suggests people in those roles)."""
    form = await request.form()
    path = f"/workspaces/{slug}/campaigns/{campaign_id}/scopes/{scope_id}"
    try:
        scope = await page.api.patch(path, {"role_ids": _chosen(form.getlist("role_ids"))})
        page.session.add_flash(fill(N_("Saved the roles {name} needs."), scope, page.locale))
    except ApiError as error:
        if error.status not in (404, 409, 422):
            raise
        page.session.add_flash(problem_message(error))
    return page.redirect(f"/w/{slug}/campaigns/{campaign_id}#scope-needs")


def _chosen(values: list[UploadFile | str]) -> list[str]:
    return [v for v in values if isinstance(v, str) and v]


@router.post("/w/{slug}/campaigns/{campaign_id}/scopes/{scope_id}/delete")
async def delete_scope(page: PageDep, slug: str, campaign_id: str, scope_id: str) -> Response:
    try:
        await page.api.delete(f"/workspaces/{slug}/campaigns/{campaign_id}/scopes/{scope_id}")
    except ApiError as error:
        if error.status != 409:
            raise
        page.session.add_flash(error.detail)
    return page.redirect(f"/w/{slug}/campaigns/{campaign_id}#raci")


@router.post("/w/{slug}/campaigns/{campaign_id}/delete")
async def delete_campaign(page: PageDep, slug: str, campaign_id: str) -> Response:
    """Delete a campaign (the page asked for confirmation first)."""
    campaign = await page.api.get(f"/workspaces/{slug}/campaigns/{campaign_id}")
    await page.api.delete(f"/workspaces/{slug}/campaigns/{campaign_id}")
    page.session.add_flash(fill(N_("Deleted the campaign {name}."), campaign, page.locale))
    return page.redirect(f"/w/{slug}/campaigns")


@router.post("/w/{slug}/campaigns/{campaign_id}/archive")
async def archive_campaign(
    page: PageDep, request: Request, slug: str, campaign_id: str
) -> Response:
    """Archive a campaign (it leaves the lists and pickers) or restore it."""
    archived = text(await request.form(), "archived") == "1"
    campaign = await page.api.patch(
        f"/workspaces/{slug}/campaigns/{campaign_id}", {"archived": archived}
    )
    message = N_("Archived {name}.") if archived else N_("Restored {name}.")
    page.session.add_flash(fill(message, campaign, page.locale))
    return page.redirect(f"/w/{slug}/campaigns/{campaign_id}")
