"""Campaigns: the list, the board by status, and the create/edit form."""

from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from app.core.i18n import N_, translate
from app.vocabulary import NEW_CAMPAIGN_STATUSES, CampaignStatus
from app.web.choices import (
    Choice,
    ChoiceKind,
    choices_of,
    many_picker,
    named,
    picker,
    search,
    search_items,
)
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import FormValues, field_messages, optional, problem_message, safe_next, text
from app.web.member_choice import chosen_member, named_member
from app.web.paging import Shown, one_page
from app.web.routes import work_plans
from app.web.views.campaigns import Campaign, CampaignCard, GoalRow
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()
FORM_FIELDS = {
    "audience.channels": "channels",
    "audience.segments": "segments",
    "audience.description": "audience_description",
    "required_role_ids": "role_ids",
}
SHOWN_FIELDS = (
    "name",
    "kind",
    "status",
    "lead_member_id",
    "starts_on",
    "ends_on",
    "audience_description",
    "segments",
    "channels",
    "scopes",
    "goals",
)
STATUSES = tuple(status.value for status in CampaignStatus)
GOAL_ROWS = 3


class GoalPayload(TypedDict):
    metric_id: str
    target: str | None
    due_on: str | None


class AudiencePayload(TypedDict):
    description: str
    segments: list[str]
    channels: list[str]


class ScopePayload(TypedDict):
    name: str


class CampaignPayload(TypedDict, total=False):
    name: str
    kind: str
    status: str
    starts_on: str | None
    ends_on: str | None
    lead_member_id: str | None
    audience: AudiencePayload
    required_role_ids: list[str]
    goals: list[GoalPayload]
    scopes: list[ScopePayload]


@router.get("/w/{slug}/campaigns")
async def campaigns_page(
    page: PageDep,
    slug: str,
    q: str = "",
    status: str = "",
    kind: str = "",
    archived: str = "",
    cursor: str = "",
) -> Response:
    frame = await workspace_frame(page, slug)
    filters = {"q": q, "status": status, "kind": kind, "archived": "true" if archived else ""}
    shown = await one_page(
        page.api,
        page.request.url,
        f"/workspaces/{slug}/campaigns",
        cursor,
        q=q,
        status=status,
        kind=kind,
        archived=filters["archived"],
    )
    campaigns = [CampaignCard.model_validate(c) for c in shown.items]
    if page.is_htmx:
        template = "campaigns/_rows.html" if cursor else "campaigns/_table.html"
        return page.render(template, frame=frame, campaigns=campaigns, more=shown.more_url)
    return page.render(
        "campaigns/list.html",
        frame=frame,
        campaigns=campaigns,
        more=shown.more_url,
        filters=filters,
    )


@router.get("/w/{slug}/campaigns/board")
async def board_page(page: PageDep, slug: str, status: str = "", cursor: str = "") -> Response:
    """The board: one page of cards per status column (a fixed vocabulary: one call each);
    `status` and `cursor` ask for one column's next cards (an htmx fragment)."""
    frame = await workspace_frame(page, slug)
    if page.is_htmx and cursor and status in STATUSES:
        _, cards = await _column(page, slug, status, cursor)
        return page.render("campaigns/_cards.html", frame=frame, cards=cards, errors={})
    return await _board(page, slug, frame, errors={}, opened=(status, cursor))


@router.post("/w/{slug}/campaigns/{campaign_id}/status")
async def change_status(page: PageDep, request: Request, slug: str, campaign_id: str) -> Response:
    form = await request.form()
    errors: dict[str, str] = {}
    try:
        await page.api.patch(
            f"/workspaces/{slug}/campaigns/{campaign_id}", {"status": text(form, "status")}
        )
    except ApiError as error:
        if error.status not in (403, 409, 422):
            raise
        errors[campaign_id] = problem_message(error)
    if not page.is_htmx:
        for message in errors.values():
            page.session.add_flash(message)
        return page.redirect(safe_next(optional(form, "next"), f"/w/{slug}/campaigns/board"))
    frame = await workspace_frame(page, slug)
    return await _board(page, slug, frame, errors=errors, fragment=True)


async def _board(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    errors: dict[str, str],
    fragment: bool = False,
    opened: tuple[str, str] = ("", ""),
) -> Response:
    """Every column's first cards; the column `opened[0]` from the cursor `opened[1]` (the
    "Show more" link of a column without htmx)."""
    columns: list[tuple[str, Shown[CampaignCard]]] = await page.api.gather(
        *(
            _column(page, slug, status, opened[1] if status == opened[0] else "")
            for status in STATUSES
        )
    )
    template = "campaigns/_board.html" if fragment else "campaigns/board.html"
    return page.render(template, frame=frame, columns=columns, errors=errors)


async def _column(
    page: Page, slug: str, status: str, cursor: str
) -> tuple[str, Shown[CampaignCard]]:
    """One status column of the board: its first cards (from `cursor`) and the next."""
    shown = await one_page(
        page.api,
        page.request.url.replace(path=f"/w/{slug}/campaigns/board", query=f"status={status}"),
        f"/workspaces/{slug}/campaigns",
        cursor=cursor,
        status=status,
    )
    return status, shown.of(CampaignCard.model_validate)


@router.get("/w/{slug}/campaigns/new")
async def new_campaign(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    values: FormValues = {"kind": "content", "status": "planning", "role_ids": []}
    return await _form(page, slug, frame, campaign=None, values=values, goals=[], errors={})


@router.post("/w/{slug}/campaigns")
async def create_campaign(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    payload = _payload(form)
    payload["status"] = text(form, "status") or "draft"
    payload["scopes"] = [
        {"name": line.strip()} for line in text(form, "scopes").splitlines() if line.strip()
    ]
    try:
        campaign = await page.api.post(f"/workspaces/{slug}/campaigns", json=payload)
    except ApiError as error:
        return await _form_again(page, slug, form, error, campaign=None)
    page.session.add_flash(translate(N_("Campaign created."), page.locale))
    for key in form.getlist("plan_templates"):
        await work_plans.add_template(page, slug, campaign["id"], str(key))
    return page.redirect(f"/w/{slug}/campaigns/{campaign['id']}")


@router.get("/w/{slug}/campaigns/{campaign_id}/edit")
async def edit_campaign(page: PageDep, slug: str, campaign_id: str) -> Response:
    frame = await workspace_frame(page, slug)
    reply, etag = await page.api.get_with_etag(f"/workspaces/{slug}/campaigns/{campaign_id}")
    campaign = Campaign.model_validate(reply)
    return await _form(
        page,
        slug,
        frame,
        campaign=campaign,
        values=campaign.form_values(etag),
        goals=campaign.goals,
        errors={},
    )


@router.post("/w/{slug}/campaigns/{campaign_id}")
async def update_campaign(page: PageDep, request: Request, slug: str, campaign_id: str) -> Response:
    form = await request.form()
    path = f"/workspaces/{slug}/campaigns/{campaign_id}"
    payload = _payload(form)
    if status := optional(form, "status"):
        payload["status"] = status
    try:
        await page.api.patch(path, payload, if_match=optional(form, "etag"))
    except ApiError as error:
        campaign = Campaign.model_validate(await page.api.get(path))
        return await _form_again(page, slug, form, error, campaign=campaign)
    page.session.add_flash(translate(N_("Changes saved."), page.locale))
    return page.redirect(f"/w/{slug}/campaigns/{campaign_id}")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace("，", ",").split(",") if part.strip()]


def _goals(form: FormData) -> list[GoalPayload]:
    goals: list[GoalPayload] = []
    for i in range(GOAL_ROWS + 10):
        metric_id = optional(form, f"goal-{i}-metric")
        if metric_id:
            goals.append(
                {
                    "metric_id": metric_id,
                    "target": text(form, f"goal-{i}-target") or None,
                    "due_on": optional(form, f"goal-{i}-due"),
                }
            )
    return goals


def _payload(form: FormData) -> CampaignPayload:
    return {
        "name": text(form, "name"),
        "kind": text(form, "kind") or "content",
        "starts_on": optional(form, "starts_on"),
        "ends_on": optional(form, "ends_on"),
        "lead_member_id": optional(form, "lead_member_id"),
        "audience": {
            "description": text(form, "audience_description"),
            "segments": _split(text(form, "segments")),
            "channels": _split(text(form, "channels")),
        },
        "required_role_ids": [v for v in form.getlist("role_ids") if isinstance(v, str) and v],
        "goals": _goals(form),
    }


async def _form(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    campaign: Campaign | None,
    values: FormValues,
    goals: list[GoalRow],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    lead_id = values.get("lead_member_id")
    lead_named = (
        named_member(campaign.lead_member_id, campaign.lead_member_name) if campaign else None
    )
    lead = await chosen_member(
        page, slug, lead_id if isinstance(lead_id, str) else None, named=lead_named
    )
    rows = goals + [GoalRow()] * max(GOAL_ROWS - len(goals), 1)
    role_ids = values.get("role_ids", [])
    first_roles = await search_items(page, slug, ChoiceKind.role, "")
    roles = await many_picker(
        page,
        slug,
        ChoiceKind.role,
        role_ids if isinstance(role_ids, list) else [role_ids],
        known=[Choice(id=r.role_id, name=r.name) for r in campaign.required_roles]
        if campaign
        else [],
        offered=choices_of(ChoiceKind.role, first_roles),
    )
    metrics = await search(page, slug, ChoiceKind.metric, "")
    saved = campaign.goals if campaign else []
    named_metrics = [named(g.metric_id, g.metric_name) for g in (*saved, *rows)]
    known = [choice for names in named_metrics for choice in names]
    metric_pickers = [
        await picker(page, slug, ChoiceKind.metric, row.metric_id, known=known, offered=metrics)
        for row in rows
    ]
    return page.render(
        "campaigns/form.html",
        status_code=status_code,
        frame=frame,
        campaign=campaign,
        values=values,
        errors=errors,
        lead=lead,
        roles=roles,
        metric_pickers=metric_pickers,
        new_statuses=[status.value for status in NEW_CAMPAIGN_STATUSES],
        goals=rows,
        plan_templates=[]
        if campaign
        else await work_plans.offered_templates(page, slug, {str(r["key"]) for r in first_roles}),
    )


async def _form_again(
    page: Page, slug: str, form: FormData, error: ApiError, *, campaign: Campaign | None
) -> Response:
    if error.status not in (404, 409, 412, 422):
        raise error
    frame = await workspace_frame(page, slug)
    payload = _payload(form)
    values: dict[str, str | list[str]] = {
        key: text(form, key)
        for key in (
            "name",
            "kind",
            "status",
            "starts_on",
            "ends_on",
            "lead_member_id",
            "audience_description",
            "segments",
            "channels",
            "scopes",
            "etag",
        )
    }
    values["role_ids"] = payload["required_role_ids"]
    goals = [GoalRow.model_validate(goal) for goal in payload["goals"]]
    errors = field_messages(error, aliases=FORM_FIELDS, shown=SHOWN_FIELDS)
    if error.status == 412:
        errors["form"] = translate(
            N_("Someone else changed this campaign meanwhile. Reload to see their changes."),
            page.locale,
        )
    elif error.status == 409 or not errors:
        errors["form"] = error.detail
    return await _form(
        page,
        slug,
        frame,
        campaign=campaign,
        values=values,
        goals=goals,
        errors=errors,
        status_code=error.status,
    )
