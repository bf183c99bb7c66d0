"""Work plan pages: a campaign's plans with the guide's templates, a plan's form with its
next occurrences, and the campaign's weekly digest."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TypedDict

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from app.core.i18n import N_, fill, translate
from app.web.choices import PICKER_SIZE
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, form_values, optional, text
from app.web.member_choice import chosen_member, named_member
from app.web.paging import Shown, one_page
from app.web.views.members import MemberChoice
from app.web.views.work_plans import (
    CampaignHeading,
    Digest,
    Occurrence,
    PlanTemplate,
    RoleOption,
    WorkPlan,
)
from app.web.workspace import workspace_frame

router = APIRouter()
ROLES_SHOWN = 200  # one page of roles for the role choice (a guide has about a dozen)
FIELDS = (
    "title",
    "description",
    "owner_member_id",
    "role_id",
    "rotation",
    "rrule",
    "start_on",
    "due_time",
    "lead_days",
    "anchor",
    "skip_weekends",
    "catch_up",
    "enabled",
    "checklist",
)
RRULES = (
    ("FREQ=DAILY", N_("Every day")),
    ("FREQ=WEEKLY;BYDAY=MO", N_("Every Monday")),
    ("FREQ=WEEKLY;BYDAY=FR", N_("Every Friday")),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", N_("Every other Monday")),
    ("FREQ=MONTHLY;BYDAY=1MO", N_("The first Monday of each month")),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", N_("The last day of each month")),
)


class PlanPayload(TypedDict, total=False):
    """The plan the API is sent (`start_on` left out to let the API choose)."""

    title: str
    description: str
    checklist: list[str]
    campaign_id: str
    owner_member_id: str | None
    role_id: str | None
    rotation: str
    rrule: str
    due_time: str
    anchor: str
    catch_up: str
    lead_days: str | int
    skip_weekends: bool
    enabled: bool
    start_on: str


FormValues = Mapping[str, str | int | bool | None]


def _payload(form: FormData, *, creating: bool) -> PlanPayload:
    """The plan's fields from the form; a blank optional field is left to the API."""
    owner, role = optional(form, "owner_member_id"), optional(form, "role_id")
    payload = PlanPayload(
        title=text(form, "title"),
        description=text(form, "description"),
        checklist=[line.strip() for line in text(form, "checklist").splitlines() if line.strip()],
        owner_member_id=owner,
        role_id=role,
        rotation="round_robin" if role and text(form, "rotation") == "round_robin" else "none",
        rrule=text(form, "rrule_custom") or text(form, "rrule"),
        due_time=text(form, "due_time") or "18:00",
        anchor=text(form, "anchor") or "schedule",
        catch_up=text(form, "catch_up") or "skip_missed",
        lead_days=text(form, "lead_days") or "0",
        skip_weekends=form.get("skip_weekends") == "on",
        enabled=creating or form.get("enabled") == "on",
    )
    if start := optional(form, "start_on"):
        payload["start_on"] = start
    return payload


@dataclass(frozen=True)
class Choices:
    """What the plan form offers: the owner chosen so far (the picker searches for others),
    the workspace's roles (one page) and the usual schedules."""

    owner: MemberChoice | None
    roles: list[tuple[str, str]]
    rrules: list[tuple[str, str]]


def _choices(page: Page, owner: MemberChoice | None, roles: list[RoleOption]) -> Choices:
    return Choices(
        owner=owner,
        roles=[(role.id, role.name) for role in roles],
        rrules=[(rule, translate(name, page.locale)) for rule, name in RRULES],
    )


async def _roles(page: Page, slug: str) -> list[RoleOption]:
    """The workspace's roles: one page of them, whatever the size of the team."""
    found = await page.api.get(f"/workspaces/{slug}/roles", limit=ROLES_SHOWN)
    return [RoleOption.model_validate(role) for role in found["items"]]


async def _owner(
    page: Page, slug: str, owner_id: object, plan: WorkPlan | None
) -> MemberChoice | None:
    """The chosen owner's id and name for the picker (one member, never the whole team)."""
    if not isinstance(owner_id, str):
        return None
    named = (
        named_member(plan.owner_member_id, plan.owner_name) if plan and plan.owner_name else None
    )
    return await chosen_member(page, slug, owner_id, named=named)


def _values(plan: WorkPlan) -> dict[str, str | int | bool | None]:
    known = {rule for rule, _ in RRULES}
    return {
        "title": plan.title,
        "description": plan.description,
        "owner_member_id": plan.owner_member_id,
        "role_id": plan.role_id,
        "rotation": plan.rotation,
        "rrule": plan.rrule,
        "start_on": plan.start_on.isoformat(),
        "due_time": plan.due_time,
        "lead_days": plan.lead_days,
        "anchor": plan.anchor,
        "skip_weekends": plan.skip_weekends,
        "catch_up": plan.catch_up,
        "enabled": plan.enabled,
        "checklist": "\n".join(plan.checklist),
        "rrule_custom": "" if plan.rrule in known else plan.rrule,
    }


@router.get("/w/{slug}/campaigns/{campaign_id}/plans")
async def campaign_plans(page: PageDep, slug: str, campaign_id: str, cursor: str = "") -> Response:
    if page.is_htmx and cursor:
        shown = await _plans(page, slug, campaign_id, cursor)
        frame = await workspace_frame(page, slug)
        return page.render(
            "work_plans/_items.html", frame=frame, plans=shown.items, more=shown.more_url
        )
    return await _plans_page(page, slug, campaign_id, values={}, errors={}, cursor=cursor)


async def _plans(page: Page, slug: str, campaign_id: str, cursor: str) -> Shown[WorkPlan]:
    """A page of the campaign's work plans and the address of the next."""
    here = page.request.url.replace(path=f"/w/{slug}/campaigns/{campaign_id}/plans", query="")
    path = f"/workspaces/{slug}/work-plans"
    shown = await one_page(page.api, here, path, cursor=cursor or None, campaign_id=campaign_id)
    return shown.of(WorkPlan.model_validate)


async def _plans_page(
    page: Page,
    slug: str,
    campaign_id: str,
    *,
    values: FormValues,
    errors: dict[str, str],
    status: int = 200,
    cursor: str = "",
) -> Response:
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    campaign = CampaignHeading.model_validate(await page.api.get(f"{base}/campaigns/{campaign_id}"))
    plans = await _plans(page, slug, campaign_id, cursor)
    owner: MemberChoice | None
    roles: list[RoleOption]
    owner, roles = await page.api.gather(
        _owner(page, slug, values.get("owner_member_id"), None), _roles(page, slug)
    )
    return page.render(
        "work_plans/campaign.html",
        status_code=status,
        frame=frame,
        choices=_choices(page, owner, roles),
        campaign=campaign,
        plans=plans.items,
        more=plans.more_url,
        templates=await templates_for_roles(page, slug, {role.key for role in roles}),
        template_roles={role.key: role for role in roles},
        values={"rrule": "FREQ=WEEKLY;BYDAY=FR", "due_time": "18:00", "lead_days": 0, **values},
        errors=errors,
    )


@router.post("/w/{slug}/campaigns/{campaign_id}/plans")
async def create_plan(page: PageDep, request: Request, slug: str, campaign_id: str) -> Response:
    form = await request.form()
    payload = _payload(form, creating=True)
    payload["campaign_id"] = campaign_id
    try:
        plan = await page.api.post(f"/workspaces/{slug}/work-plans", json=payload)
    except ApiError as error:
        if error.status != 422:
            raise
        errors = field_messages(error, shown=(*FIELDS, "rrule_custom"))
        return await _plans_page(
            page, slug, campaign_id, values=form_values(form), errors=errors, status=422
        )
    page.session.add_flash(fill(N_("Work plan {title} saved."), plan, page.locale))
    return page.redirect(f"/w/{slug}/plans/{plan['id']}")


@router.post("/w/{slug}/campaigns/{campaign_id}/plans/from-template")
async def plan_from_template(
    page: PageDep,
    slug: str,
    campaign_id: str,
    template: str = Form(...),
    back: str = Form(""),
) -> Response:
    """Add a guide template to the campaign: the role's holders take it in turn."""
    await add_template(page, slug, campaign_id, template)
    safe_back = (
        back if back.startswith(f"/w/{slug}/") else f"/w/{slug}/campaigns/{campaign_id}/plans"
    )
    return page.redirect(safe_back)


@router.post("/w/{slug}/plans/from-template")
async def plan_from_template_for(
    page: PageDep,
    slug: str,
    campaign_id: str = Form(...),
    template: str = Form(...),
    back: str = Form(""),
) -> Response:
    """The role page's "Add this plan to the campaign", with the campaign chosen there."""
    return await plan_from_template(page, slug, campaign_id, template, back)


async def add_template(page: Page, slug: str, campaign_id: str, key: str) -> None:
    base = f"/workspaces/{slug}"
    templates = [
        PlanTemplate.model_validate(t) for t in await page.api.get(f"{base}/work-plans/templates")
    ]
    found = next((t for t in templates if t.key == key), None)
    roles = await page.api.get(f"{base}/roles", q=found.role_key if found else "")
    role = next(
        (
            RoleOption.model_validate(r)
            for r in roles["items"]
            if found and r["key"] == found.role_key
        ),
        None,
    )
    if found is None or role is None:
        page.session.add_flash(translate(N_("This template is not available here."), page.locale))
        return
    body = PlanPayload(
        title=found.title,
        campaign_id=campaign_id,
        checklist=found.checklist,
        role_id=role.id,
        rotation="round_robin",
        rrule=found.rrule,
        due_time=found.due_time,
        lead_days=found.lead_days,
    )
    try:
        plan = await page.api.post(f"{base}/work-plans", json=body)
    except ApiError as error:
        page.session.add_flash(error.detail)
        return
    page.session.add_flash(fill(N_("Work plan {title} saved."), plan, page.locale))


async def templates_for_roles(
    page: Page, slug: str, role_keys: Collection[str]
) -> list[PlanTemplate]:
    """The guide's templates whose role is one of `role_keys` (the workspace's roles)."""
    templates = await page.api.get(f"/workspaces/{slug}/work-plans/templates")
    offered = [PlanTemplate.model_validate(t) for t in templates]
    return [t for t in offered if t.role_key in role_keys]


async def offered_templates(page: Page, slug: str, held: Collection[str]) -> list[PlanTemplate]:
    """The guide's templates whose role this workspace has: `held` are role keys the page
    knows are here (e.g. the first roles of its role picker); the guide's other roles (a
    handful) are asked for by key, never by listing the workspace's roles."""
    templates = await page.api.get(f"/workspaces/{slug}/work-plans/templates")
    offered = [PlanTemplate.model_validate(t) for t in templates]
    unknown = sorted({t.role_key for t in offered} - set(held))
    found = await page.api.gather(
        *(page.api.get(f"/workspaces/{slug}/roles", q=key, limit=PICKER_SIZE) for key in unknown)
    )
    here = {r["key"] for reply in found for r in reply["items"] if r["key"] in unknown}
    return [t for t in offered if t.role_key in {*held, *here}]


@router.get("/w/{slug}/plans/{plan_id}")
async def plan_page(page: PageDep, slug: str, plan_id: str) -> Response:
    reply, etag = await page.api.get_with_etag(f"/workspaces/{slug}/work-plans/{plan_id}")
    plan = WorkPlan.model_validate(reply)
    return await _plan_page(page, slug, plan, etag=etag, values=_values(plan), errors={})


async def _plan_page(
    page: Page,
    slug: str,
    plan: WorkPlan,
    *,
    etag: str,
    values: FormValues,
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    frame = await workspace_frame(page, slug)
    owner: MemberChoice | None
    roles: list[RoleOption]
    preview, owner, roles = await page.api.gather(
        page.api.get(f"/workspaces/{slug}/work-plans/{plan.id}/preview", count=8),
        _owner(page, slug, values.get("owner_member_id"), plan),
        _roles(page, slug),
    )
    return page.render(
        "work_plans/detail.html",
        status_code=status,
        frame=frame,
        choices=_choices(page, owner, roles),
        plan=plan,
        etag=etag,
        occurrences=[Occurrence.model_validate(item) for item in preview["items"]],
        values=values,
        errors=errors,
    )


@router.post("/w/{slug}/plans/{plan_id}")
async def update_plan(page: PageDep, request: Request, slug: str, plan_id: str) -> Response:
    form = await request.form()
    path = f"/workspaces/{slug}/work-plans/{plan_id}"
    payload = _payload(form, creating=False)
    payload.setdefault("start_on", text(form, "start_on_current"))
    try:
        await page.api.patch(path, payload, if_match=text(form, "etag") or None)
    except ApiError as error:
        if error.status not in (412, 422):
            raise
        errors = field_messages(error, shown=(*FIELDS, "rrule_custom"))
        if error.status == 412:
            errors["form"] = translate(
                N_("Someone else changed this plan meanwhile. Reload to see their changes."),
                page.locale,
            )
        reply, etag = await page.api.get_with_etag(path)
        return await _plan_page(
            page,
            slug,
            WorkPlan.model_validate(reply),
            etag=etag,
            values=form_values(form),
            errors=errors,
            status=error.status,
        )
    page.session.add_flash(translate(N_("Work plan saved."), page.locale))
    return page.redirect(f"/w/{slug}/plans/{plan_id}")


@router.post("/w/{slug}/plans/{plan_id}/skip")
async def skip_occurrence(
    page: PageDep, slug: str, plan_id: str, occurrence_at: str = Form(...), etag: str = Form("")
) -> Response:
    try:
        await page.api.post(
            f"/workspaces/{slug}/work-plans/{plan_id}/occurrences/skip",
            json={"occurrence_at": occurrence_at},
            headers={"If-Match": etag} if etag else None,
        )
    except ApiError as error:
        page.session.add_flash(error.detail)
    return page.redirect(f"/w/{slug}/plans/{plan_id}")


@router.post("/w/{slug}/plans/{plan_id}/delete")
async def delete_plan(page: PageDep, slug: str, plan_id: str) -> Response:
    plan = WorkPlan.model_validate(await page.api.get(f"/workspaces/{slug}/work-plans/{plan_id}"))
    await page.api.delete(f"/workspaces/{slug}/work-plans/{plan_id}")
    page.session.add_flash(translate(N_("Work plan deleted."), page.locale))
    return page.redirect(f"/w/{slug}/campaigns/{plan.campaign_id}/plans")


@router.get("/w/{slug}/campaigns/{campaign_id}/digest")
async def digest_page(page: PageDep, slug: str, campaign_id: str, week: str = "") -> Response:
    frame = await workspace_frame(page, slug)
    params = {"week": week} if week else {}
    digest = await page.api.get(f"/workspaces/{slug}/campaigns/{campaign_id}/digest", **params)
    return page.render("work_plans/digest.html", frame=frame, digest=Digest.model_validate(digest))
