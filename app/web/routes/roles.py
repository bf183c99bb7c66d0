"""The guide's roles: responsibilities, authorities, required skills, and who holds them;
added and edited here as well as through the API."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from app.core.i18n import N_, fill
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, text
from app.web.routes import work_plans
from app.web.workspace import today_in, workspace_frame

router = APIRouter()
SHOWN = ("key", "name", "description", "responsibilities", "authorities", "required_skills")


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
    def from_role(cls, role: dict[str, Any], etag: str) -> "RoleForm":
        return cls(
            key=role["key"],
            name=role["name"],
            description=role["description"],
            responsibilities="\n".join(role["responsibilities"]),
            authorities="\n".join(role["authorities"]),
            levels={s["skill_id"]: str(s["min_level"]) for s in role["required_skills"]},
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

    def payload(self, *, with_key: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": self.name,
            "description": self.description,
            "responsibilities": _lines(self.responsibilities),
            "authorities": _lines(self.authorities),
            "required_skills": [
                {"skill_id": skill_id, "min_level": level}
                for skill_id, level in self.levels.items()
            ],
        }
        return {"key": self.key, **body} if with_key else body

    def get(self, name: str) -> str:
        """For the shared field macros (`values.get(name)`)."""
        return str(getattr(self, name, ""))


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


@router.get("/w/{slug}/roles")
async def roles_page(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    roles = await page.api.all_items(f"{base}/roles")
    active = await page.api.all_items(
        f"{base}/assignments", active_on=today_in(frame.ws).isoformat()
    )
    holders: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for assignment in active:
        holders[assignment["role_id"]].setdefault(
            assignment["member_id"],
            {"id": assignment["member_id"], "name": assignment["member_name"]},
        )
    campaigns = [
        c
        for c in (await page.api.get(f"{base}/campaigns", limit=200))["items"]
        if c["status"] in ("draft", "planning", "active")
    ]
    templates: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if frame.can.edit and campaigns:
        for template in await work_plans.offered_templates(page, slug, roles):
            templates[template["role_key"]].append(template)
    return page.render(
        "roles/list.html",
        frame=frame,
        roles=roles,
        plan_templates=templates,
        plan_campaigns=campaigns,
        holders={
            role_id: sorted(m.values(), key=lambda m: m["name"]) for role_id, m in holders.items()
        },
    )


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
    role, etag = await page.api.get_with_etag(f"/workspaces/{slug}/roles/{role_id}")
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
        current = await page.api.get(path)
        return await _form_again(page, slug, error, role=current, values=values)
    page.session.add_flash(fill(N_("Role {name} saved."), role, page.locale))
    return page.redirect(f"/w/{slug}/roles#role-{role_id}")


async def _form_again(
    page: Page, slug: str, error: ApiError, *, role: dict[str, Any] | None, values: RoleForm
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
    role: dict[str, Any] | None,
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
        skills=skills["items"],
    )
