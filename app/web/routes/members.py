"""Members: a searchable list, a page per member, and the create/edit form."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from app.core.i18n import N_, translate
from app.core.pagination import MAX_LIMIT
from app.vocabulary import MemberStatus
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.paging import PAGE_SIZE, one_page
from app.web.views.members import Member, MemberAssignment, SkillOption
from app.web.views.work_plans import RoleOption
from app.web.workspace import today_in, workspace_frame

router = APIRouter()


@router.get("/w/{slug}/members")
async def members_page(
    page: PageDep,
    slug: str,
    q: str = "",
    status: str = "",
    skill_id: str = "",
    role_id: str = "",
    cursor: str = "",
) -> Response:
    """One page of members (a "Next" link pages on): a fixed number of API calls at any size."""
    base = f"/workspaces/{slug}"
    filters = {"q": q, "status": status, "skill_id": skill_id, "role_id": role_id}
    results_only = page.is_htmx and page.request.headers.get("HX-Target") != "body"
    calls = [
        workspace_frame(page, slug),
        page.api.get(f"{base}/members", limit=PAGE_SIZE, cursor=cursor, **filters),
    ]
    if not results_only:  # the filters' choices
        calls += [
            page.api.get(f"{base}/skills", limit=200),
            page.api.get(f"{base}/roles", limit=200),
        ]
    frame, found, *choices = await page.api.gather(*calls)
    members = [Member.model_validate(m) for m in found["items"]]
    more = {**filters, "cursor": found["next_cursor"]} if found.get("next_cursor") else None
    if results_only:
        return page.render("members/_results.html", frame=frame, members=members, more=more)
    skills, roles = choices
    return page.render(
        "members/list.html",
        frame=frame,
        members=members,
        more=more,
        filters=filters,
        skills=[SkillOption.model_validate(s) for s in skills["items"]],
        roles=[RoleOption.model_validate(r) for r in roles["items"]],
    )


@dataclass(frozen=True)
class MemberForm:
    """What the member form shows: the values (typed or saved), skill levels by skill id."""

    display_name: str = ""
    email: str = ""
    title: str = ""
    weekly_capacity_hours: str = "40"
    status: str = MemberStatus.active
    levels: Mapping[str, str] = field(default_factory=dict)
    etag: str = ""

    @classmethod
    def from_member(cls, member: Member, etag: str) -> "MemberForm":
        return cls(
            display_name=member.display_name,
            email=member.email or "",
            title=member.title or "",
            weekly_capacity_hours=str(member.weekly_capacity_hours),
            status=member.status,
            levels={s.skill_id: str(s.level) for s in member.skills},
            etag=etag,
        )

    @classmethod
    def from_form(cls, form: FormData) -> "MemberForm":
        return cls(
            display_name=text(form, "display_name"),
            email=text(form, "email"),
            title=text(form, "title"),
            weekly_capacity_hours=text(form, "weekly_capacity_hours"),
            status=text(form, "status"),
            levels={
                key.removeprefix("level-"): text(form, key)
                for key in form
                if key.startswith("level-")
            },
            etag=text(form, "etag"),
        )

    def get(self, name: str) -> str:
        """For the shared field macros (`values.get(name)`)."""
        return str(getattr(self, name, ""))


class SkillLevel(TypedDict):
    skill_id: str
    level: str


class MemberPayload(TypedDict):
    display_name: str
    email: str | None
    title: str | None
    weekly_capacity_hours: str
    status: str
    skills: list[SkillLevel]


@router.get("/w/{slug}/members/new")
async def new_member(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    return page.render(
        "members/form.html",
        frame=frame,
        member=None,
        values=MemberForm(),
        errors={},
        skills=await _skills(page, slug),
    )


@router.post("/w/{slug}/members")
async def create_member(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    try:
        member = await page.api.post(f"/workspaces/{slug}/members", json=_payload(form))
    except ApiError as error:
        return await _form_again(page, slug, form, error, member=None)
    page.session.add_flash(translate(N_("Member added."), page.locale))
    return page.redirect(f"/w/{slug}/members/{member['id']}")


@router.get("/w/{slug}/members/{member_id}")
async def member_page(page: PageDep, slug: str, member_id: str, cursor: str = "") -> Response:
    """A member, a page of their assignments (newest last), and today's allocation."""
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    today = today_in(frame.ws)
    shown = (
        await one_page(
            page.api, page.request.url, f"{base}/assignments", cursor=cursor, member_id=member_id
        )
    ).of(MemberAssignment.model_validate)
    if page.is_htmx and cursor:
        return page.render(
            "members/_assignments.html",
            frame=frame,
            assignments=shown.items,
            more=shown.more_url,
            today=today,
        )
    member = Member.model_validate(await page.api.get(f"{base}/members/{member_id}"))
    current = await page.api.get(
        f"{base}/assignments", member_id=member_id, active_on=today.isoformat(), limit=MAX_LIMIT
    )
    allocation = sum(int(a["allocation_percent"]) for a in current["items"])
    return page.render(
        "members/detail.html",
        frame=frame,
        member=member,
        assignments=shown.items,
        more=shown.more_url,
        today=today,
        allocation=allocation,
        allocation_partial=current["next_cursor"] is not None,
        allocated_hours=member.weekly_capacity_hours * allocation / 100,
    )


@router.get("/w/{slug}/members/{member_id}/edit")
async def edit_member(page: PageDep, slug: str, member_id: str) -> Response:
    frame = await workspace_frame(page, slug)
    reply, etag = await page.api.get_with_etag(f"/workspaces/{slug}/members/{member_id}")
    member = Member.model_validate(reply)
    return page.render(
        "members/form.html",
        frame=frame,
        member=member,
        values=MemberForm.from_member(member, etag),
        errors={},
        skills=await _skills(page, slug, member),
    )


@router.post("/w/{slug}/members/{member_id}")
async def update_member(page: PageDep, request: Request, slug: str, member_id: str) -> Response:
    form = await request.form()
    path = f"/workspaces/{slug}/members/{member_id}"
    try:
        await page.api.patch(path, _payload(form), if_match=text(form, "etag") or None)
    except ApiError as error:
        member = Member.model_validate(await page.api.get(path))
        return await _form_again(page, slug, form, error, member=member)
    page.session.add_flash(translate(N_("Changes saved."), page.locale))
    return page.redirect(f"/w/{slug}/members/{member_id}")


def _payload(form: FormData) -> MemberPayload:
    levels = [
        SkillLevel(skill_id=key.removeprefix("level-"), level=value)
        for key, value in form.items()
        if key.startswith("level-") and isinstance(value, str) and value
    ]
    return MemberPayload(
        display_name=text(form, "display_name"),
        email=optional(form, "email"),
        title=optional(form, "title"),
        weekly_capacity_hours=text(form, "weekly_capacity_hours") or "40",
        status=text(form, "status") or MemberStatus.active,
        skills=levels,
    )


async def _skills(page: Page, slug: str, member: Member | None = None) -> list[SkillOption]:
    """The skills the form offers a level for: the first `MAX_LIMIT` of the catalogue (one
    call) and any the member has beyond them, so saving never drops a level it did not show."""
    reply = await page.api.get(f"/workspaces/{slug}/skills", limit=MAX_LIMIT)
    offered = [SkillOption.model_validate(skill) for skill in reply["items"]]
    known = {skill.id for skill in offered}
    held = [
        SkillOption(id=s.skill_id, name=s.name)
        for s in (member.skills if member else [])
        if s.skill_id not in known
    ]
    return offered + held


async def _form_again(
    page: Page, slug: str, form: FormData, error: ApiError, *, member: Member | None
) -> Response:
    if error.status not in (404, 409, 412, 422):
        raise error
    frame = await workspace_frame(page, slug)
    errors = field_messages(error)
    if error.status == 412:
        errors["form"] = translate(
            N_("Someone else changed this member meanwhile. Reload to see their changes."),
            page.locale,
        )
    elif not errors or error.status == 409:
        errors["form"] = error.detail
    return page.render(
        "members/form.html",
        status_code=error.status,
        frame=frame,
        member=member,
        values=MemberForm.from_form(form),
        errors=errors,
        skills=await _skills(page, slug, member),
    )
