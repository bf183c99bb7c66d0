"""Division of labour that checks itself: health findings, workload, skills, staffing."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.core.i18n import N_, translate
from app.web.choices import ChoiceKind, picker
from app.web.client import ApiError
from app.web.context import PageDep
from app.web.forms import field_messages, optional, text
from app.web.health_view import (
    FINDINGS_PER_PAGE,
    SECTIONS_PER_PAGE,
    HealthFilters,
    health_sections,
    severity_counts,
)
from app.web.labels import options
from app.web.member_choice import chosen_member
from app.web.views.division import (
    Heatmap,
    MemberWorkload,
    SkillGapPage,
    SkillMatrix,
    SkillRow,
)
from app.web.views.health import CampaignHealth, FindingsPage, Health
from app.web.views.staffing import StaffingSuggestions
from app.web.window import Window
from app.web.workspace import workspace_frame

router = APIRouter()
GAPS_SHOWN = 20  # the /skills page lists the first gaps, then the next ones on demand
MEMBERS_SHOWN = 50  # the /skills page's matrix shows this many members at a time
WORKLOAD_FILTERS = {
    "from": "start",
    "to": "end",
    "role_id": "role_id",
    "campaign_id": "campaign_id",
}


@router.get("/w/{slug}/health")
async def health_page(
    page: PageDep,
    slug: str,
    severity: str = "",
    code: str = "",
    campaign_id: str = "",
    member_id: str = "",
    number: Annotated[int, Query(alias="page", ge=1, le=1000)] = 1,
) -> Response:
    """Counts first, grouped by campaign and code; each group's findings on demand."""
    filters = HealthFilters(severity, code, campaign_id, member_id)
    # The frame, the counts and the member filtered by, at once (no list of members: the
    # member filter is a search).
    frame, reply, member = await page.api.gather(
        workspace_frame(page, slug),
        page.api.get(f"/workspaces/{slug}/health", limit=0, **filters.query()),
        chosen_member(page, slug, member_id),
    )
    health = Health.model_validate(reply)
    sections = health_sections(health, filters)
    shown = sections[(number - 1) * SECTIONS_PER_PAGE : number * SECTIONS_PER_PAGE]
    return page.render(
        "division/health.html",
        frame=frame,
        health=health,
        counts=severity_counts(health.groups),
        sections=shown,
        pages=max(1, -(-len(sections) // SECTIONS_PER_PAGE)),
        number=number,
        filters=filters,
        member=member,
        codes=options("finding_code", page.locale),
        severities=options("severity", page.locale),
    )


@router.get("/w/{slug}/health/findings")
async def health_findings(
    page: PageDep,
    slug: str,
    code: str,
    severity: str = "",
    campaign_id: str = "",
    member_id: str = "",
    cursor: str = "",
) -> Response:
    """One group's findings, a page at a time (the fragment a group expands into)."""
    frame = await workspace_frame(page, slug)
    filters = HealthFilters(severity, code, campaign_id, member_id)
    params = filters.query()
    if not campaign_id:
        params["workspace_wide"] = "true"
    if cursor:
        params["cursor"] = cursor
    found = FindingsPage.model_validate(
        await page.api.get(f"/workspaces/{slug}/health", limit=FINDINGS_PER_PAGE, **params)
    )
    template = "division/_health_findings.html" if page.is_htmx else "division/health_findings.html"
    return page.render(
        template,
        frame=frame,
        findings=found.findings,
        next_cursor=found.next_cursor,
        filters=filters,
    )


@router.get("/w/{slug}/workload")
async def workload_page(
    page: PageDep,
    slug: str,
    start: str = "",
    end: str = "",
    role_id: str = "",
    campaign_id: str = "",
) -> Response:
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    params = {"role_id": role_id, "campaign_id": campaign_id}
    if start:
        params["from"] = start
    if end:
        params["to"] = end
    errors: dict[str, str] = {}
    try:
        reply = await page.api.get(f"{base}/workload", **params)
    except ApiError as refused:  # a filter the API refuses: say so on the same form
        if refused.status != 422:
            raise
        errors = field_messages(refused, aliases=WORKLOAD_FILTERS, shown=WORKLOAD_FILTERS.values())
        reply = await page.api.get(f"{base}/workload", role_id=role_id, campaign_id=campaign_id)
    heatmap = Heatmap.model_validate(reply)
    return page.render(
        "division/workload.html",
        status_code=422 if errors else 200,
        frame=frame,
        heatmap=heatmap,
        role=await picker(page, slug, ChoiceKind.role, role_id),
        campaign=await picker(page, slug, ChoiceKind.campaign, campaign_id),
        errors=errors,
        filters={
            "role_id": role_id,
            "campaign_id": campaign_id,
            "start": start if errors else heatmap.first_day.isoformat(),
            "end": end if errors else heatmap.to.isoformat(),
        },
    )


@router.get("/w/{slug}/members/{member_id}/workload")
async def member_week(page: PageDep, slug: str, member_id: str, week: str = "") -> Response:
    """The assignments behind one cell of the heatmap (or the whole period)."""
    frame = await workspace_frame(page, slug)
    params = {"from": week_start(week), "to": week_start(week)} if week else {}
    workload = MemberWorkload.model_validate(
        await page.api.get(f"/workspaces/{slug}/members/{member_id}/workload", **params)
    )
    template = "division/_member_week.html" if page.is_htmx else "division/member_week.html"
    return page.render(template, frame=frame, workload=workload, week=week)


def week_start(week: str) -> str:
    """`2026-W12` → the date of its Monday (the API takes dates)."""
    try:
        year, number = week.split("-W")
        return date.fromisocalendar(int(year), int(number), 1).isoformat()
    except ValueError:
        return ""


@router.get("/w/{slug}/skills")
async def skills_page(
    page: PageDep, slug: str, first: Annotated[int, Query(ge=0, le=100_000)] = 0
) -> Response:
    """The skill matrix a window of members at a time (thousands of rows are no page),
    who qualifies for each role, and the first skill gaps."""
    base = f"/workspaces/{slug}"
    frame, matrix_reply, gaps_reply = await page.api.gather(
        workspace_frame(page, slug),
        page.api.get(f"{base}/skill-matrix"),
        page.api.get(f"{base}/skill-gaps", limit=GAPS_SHOWN),
    )
    # Only the rows shown are parsed (thousands at size M), and those of the members the
    # roles' lists name.
    rows = matrix_reply["members"]
    window = Window.at(first, MEMBERS_SHOWN, len(rows))
    matrix = SkillMatrix.model_validate({**matrix_reply, "members": window.of(rows)})
    qualified = {member for role in matrix.roles for member in role.qualified_member_ids}
    named = [SkillRow.model_validate(row) for row in rows if row["member_id"] in qualified]
    gaps = SkillGapPage.model_validate(gaps_reply)
    return page.render(
        "division/skills.html",
        frame=frame,
        matrix=matrix,
        window=window,
        gaps=gaps.items,
        next_cursor=gaps.next_cursor,
        names={m.member_id: m.display_name for m in named},
        skill_names={s.id: s.name for s in matrix.skills},
    )


@router.get("/w/{slug}/skills/gaps")
async def skill_gaps_more(
    page: PageDep, slug: str, cursor: Annotated[str, Query(max_length=1000)] = ""
) -> Response:
    """The next `GAPS_SHOWN` skill gaps (the page shows the first ones, then these)."""
    frame, reply = await page.api.gather(
        workspace_frame(page, slug),
        page.api.get(f"/workspaces/{slug}/skill-gaps", limit=GAPS_SHOWN, cursor=cursor or None),
    )
    gaps = SkillGapPage.model_validate(reply)
    template = "division/_skill_gaps.html" if page.is_htmx else "division/skill_gaps.html"
    return page.render(template, frame=frame, gaps=gaps.items, next_cursor=gaps.next_cursor)


@router.get("/w/{slug}/campaigns/{campaign_id}/division")
async def campaign_division(
    page: PageDep, slug: str, campaign_id: str, mode: str = "ranked"
) -> Response:
    """The campaign's findings and staffing suggestions (a panel of the campaign page)."""
    base = f"/workspaces/{slug}/campaigns/{campaign_id}"
    # A bounded number of calls: the findings name the members they mention.
    frame, health_reply, suggestions_reply = await page.api.gather(
        workspace_frame(page, slug),
        page.api.get(f"{base}/health"),
        page.api.get(
            f"{base}/staffing-suggestions",
            mode="optimal" if mode == "optimal" else "ranked",
            candidates=3,
        ),
    )
    health = CampaignHealth.model_validate(health_reply)
    suggestions = StaffingSuggestions.model_validate(suggestions_reply)
    template = "division/_campaign_panel.html" if page.is_htmx else "division/campaign.html"
    return page.render(
        template,
        frame=frame,
        campaign_id=campaign_id,
        health=health,
        suggestions=suggestions,
        mode=suggestions.mode,
    )


@router.post("/w/{slug}/campaigns/{campaign_id}/staffing/apply")
async def apply_suggestion(
    page: PageDep, request: Request, slug: str, campaign_id: str
) -> Response:
    """One click: the suggested member gets the slot (the normal write path, with history)."""
    form = await request.form()
    body = {
        "kind": text(form, "kind"),
        "scope_id": optional(form, "scope_id"),
        "role_id": text(form, "role_id"),
        "member_id": text(form, "member_id"),
        "reason": optional(form, "reason"),
    }
    try:
        await page.api.post(
            f"/workspaces/{slug}/campaigns/{campaign_id}/staffing-suggestions/apply", json=body
        )
        page.session.add_flash(
            translate(N_("Assigned. The matrix and findings are updated."), page.locale)
        )
    except ApiError as error:
        if error.status not in (403, 404, 409, 422):
            raise
        page.session.add_flash(error.detail)
    return page.redirect(f"/w/{slug}/campaigns/{campaign_id}#division")
