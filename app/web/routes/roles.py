"""The guide's roles: responsibilities, authorities, required skills, and who holds them;
added and edited here as well as through the API."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from app.core.i18n import N_, fill
from app.vocabulary import NEW_CAMPAIGN_STATUSES
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, text
from app.web.routes import work_plans
from app.web.views.members import SkillOption
from app.web.views.roles import CampaignChoice, Holder, HolderAssignments, Role
from app.web.views.work_plans import PlanTemplate
from app.web.workspace import today_in, workspace_frame

router = APIRouter()
ROLES_PAGE = 50  # roles a page shows (a "Next" link pages on; the guide has about a dozen)
HOLDERS_READ = 100  # a role's assignments active today read for its holders
HOLDERS_SHOWN = 20  # holders named per role; the members page lists everyone in the role
SHOWN = ("key", "name", "description", "responsibilities", "authorities", "required_skills")


class RequiredSkillPayload(TypedDict):
    skill_id: str
    min_level: str


class RolePayload(TypedDict, total=False):
    """The role the API is sent (`key` only when it is made: it cannot change)."""

    key: str
    name: str
    description: str
    responsibilities: list[str]
    authorities: list[str]
    required_skills: list[RequiredSkillPayload]


@dataclass
class RoleForm:
    """What the role form shows: the values (typed or saved) and the messages next to them."""

    key: str = ""
    name: str = ""
    description: str = ""
    responsibilities: str = ""
    authorities: str = ""
    levels: dict[str, str] = field(default_factory=dict)
    etag: str = ""

    @classmethod
    def from_role(cls, role: Role, etag: str) -> "RoleForm":
        return cls(
            key=role.key,
            name=role.name,
            description=role.description,
            responsibilities="\n".join(role.responsibilities),
            authorities="\n".join(role.authorities),
            levels={s.skill_id: str(s.min_level) for s in role.required_skills},
            etag=etag,
        )

    @classmethod
    def from_form(cls, form: FormData) -> "RoleForm":
        return cls(
            key=text(form, "key"),
            name=text(form, "name"),
            description=text(form, "description"),
            responsibilities=text(form, "responsibilities"),
            authorities=text(form, "authorities"),
            levels={
                key.removeprefix("level-"): text(form, key)
                for key in form
                if key.startswith("level-") and text(form, key)
            },
            etag=text(form, "etag"),
        )

    def payload(self, *, with_key: bool) -> "RolePayload":
        body = RolePayload(
            name=self.name,
            description=self.description,
            responsibilities=_lines(self.responsibilities),
            authorities=_lines(self.authorities),
            required_skills=[
                RequiredSkillPayload(skill_id=skill_id, min_level=level)
                for skill_id, level in self.levels.items()
            ],
        )
        if with_key:
            body["key"] = self.key
        return body

    def get(self, name: str) -> str:
        """For the shared field macros (`values.get(name)`)."""
        return str(getattr(self, name, ""))


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


@router.get("/w/{slug}/roles")
async def roles_page(page: PageDep, slug: str, cursor: str = "") -> Response:
    """A page of roles with who holds each today (the first few; the members page lists all):
    the same number of API calls however many people the workspace has."""
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    found, campaigns = await page.api.gather(
        page.api.get(f"{base}/roles", limit=ROLES_PAGE, cursor=cursor),
        page.api.get(f"{base}/campaigns", limit=200),
    )
    roles = [Role.model_validate(role) for role in found["items"]]
    today = today_in(frame.ws).isoformat()
    held = await page.api.gather(
        *(
            page.api.get(
                f"{base}/assignments", role_id=role.id, active_on=today, limit=HOLDERS_READ
            )
            for role in roles
        )
    )
    open_campaigns = [
        CampaignChoice.model_validate(c)
        for c in campaigns["items"]
        if c["status"] in NEW_CAMPAIGN_STATUSES
    ]
    templates: dict[str, list[PlanTemplate]] = defaultdict(list)
    if frame.can.edit and open_campaigns:
        keys = {role.key for role in roles}
        for template in await work_plans.templates_for_roles(page, slug, keys):
            templates[template.role_key].append(template)
    return page.render(
        "roles/list.html",
        frame=frame,
        roles=roles,
        next_cursor=found.get("next_cursor"),
        plan_templates=templates,
        plan_campaigns=open_campaigns,
        holders={role.id: _holders(reply) for role, reply in zip(roles, held, strict=True)},
    )


@dataclass(frozen=True)
class Holders:
    """Who holds a role today, by name; `more`: others too (the members page lists them)."""

    members: list[Holder]
    more: bool


def _holders(reply: object) -> Holders:
    assignments = HolderAssignments.model_validate(reply)
    members = {a.member_id: Holder(id=a.member_id, name=a.member_name) for a in assignments.items}
    shown = sorted(members.values(), key=lambda member: member.name)
    more = len(shown) > HOLDERS_SHOWN or assignments.next_cursor is not None
    return Holders(shown[:HOLDERS_SHOWN], more)


@router.get("/w/{slug}/roles/new")
async def new_role(page: PageDep, slug: str) -> Response:
    return await _form(page, slug, role=None, values=RoleForm(), errors={})


@router.post("/w/{slug}/roles")
async def create_role(page: PageDep, request: Request, slug: str) -> Response:
    values = RoleForm.from_form(await request.form())
    try:
        role = await page.api.post(f"/workspaces/{slug}/roles", json=values.payload(with_key=True))
    except ApiError as error:
        return await _form_again(page, slug, error, role=None, values=values)
    page.session.add_flash(fill(N_("Role {name} saved."), role, page.locale))
    return page.redirect(f"/w/{slug}/roles#role-{role['id']}")


@router.get("/w/{slug}/roles/{role_id}/edit")
async def edit_role(page: PageDep, slug: str, role_id: str) -> Response:
    reply, etag = await page.api.get_with_etag(f"/workspaces/{slug}/roles/{role_id}")
    role = Role.model_validate(reply)
    return await _form(page, slug, role=role, values=RoleForm.from_role(role, etag), errors={})


@router.post("/w/{slug}/roles/{role_id}")
async def update_role(page: PageDep, request: Request, slug: str, role_id: str) -> Response:
    values = RoleForm.from_form(await request.form())
    path = f"/workspaces/{slug}/roles/{role_id}"
    try:
        role = await page.api.patch(
            path, values.payload(with_key=False), if_match=values.etag or None
        )
    except ApiError as error:
        current = Role.model_validate(await page.api.get(path))
        return await _form_again(page, slug, error, role=current, values=values)
    page.session.add_flash(fill(N_("Role {name} saved."), role, page.locale))
    return page.redirect(f"/w/{slug}/roles#role-{role_id}")


async def _form_again(
    page: Page, slug: str, error: ApiError, *, role: Role | None, values: RoleForm
) -> Response:
    if error.status not in (409, 412, 422):
        raise error
    errors = field_messages(error, shown=SHOWN)
    if error.status == 412:
        errors["form"] = fill(
            N_("Someone else changed this role meanwhile. Reload to see their changes."),
            {},
            page.locale,
        )
    elif error.status == 409:
        errors["form"] = error.detail
    return await _form(page, slug, role=role, values=values, errors=errors, status=error.status)


async def _form(
    page: Page,
    slug: str,
    *,
    role: Role | None,
    values: RoleForm,
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    frame = await workspace_frame(page, slug)
    skills = await page.api.get(f"/workspaces/{slug}/skills", limit=200)
    return page.render(
        "roles/form.html",
        status_code=status,
        frame=frame,
        role=role,
        values=values,
        errors=errors,
        skills=[SkillOption.model_validate(skill) for skill in skills["items"]],
    )
