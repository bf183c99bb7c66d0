"""One campaign: its facts, goals, scopes and the RACI matrix edited in place."""

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import optional, text
from app.web.workspace import workspace_frame

router = APIRouter()
WHOLE_CAMPAIGN = ""


def cell_key(scope_id: str | None, member_id: str, role_id: str) -> str:
    return f"{scope_id or WHOLE_CAMPAIGN}|{member_id}|{role_id}"


def raci_matrix(
    campaign: dict[str, Any],
    assignments: list[dict[str, Any]],
    extra: list[dict[str, Any]],
) -> dict[str, Any]:
    """Rows are the scopes (and the campaign as a whole); columns are member × role."""
    columns: dict[tuple[str, str], dict[str, Any]] = {}
    cells: dict[str, dict[str, Any]] = {}
    for a in assignments:
        if a["status"] != "active":
            continue
        columns.setdefault(
            (a["member_id"], a["role_id"]),
            {
                "member_id": a["member_id"],
                "member_name": a["member_name"],
                "role_id": a["role_id"],
                "role_name": a["role_name"],
            },
        )
        cells[cell_key(a["scope_id"], a["member_id"], a["role_id"])] = a
    for column in extra:
        columns.setdefault((column["member_id"], column["role_id"]), column)
    ordered = sorted(columns.values(), key=lambda c: (c["member_name"], c["role_name"]))
    rows = [*campaign["scopes"], None]
    return {"columns": ordered, "rows": rows, "cells": cells}


async def _extra_columns(page: Page, slug: str, add: list[str]) -> list[dict[str, Any]]:
    """Columns asked for with `?add=<member_id>:<role_id>` that hold nothing yet."""
    if not add:
        return []
    base = f"/workspaces/{slug}"
    members = {m["id"]: m for m in await page.api.all_items(f"{base}/members", status="active")}
    roles = {r["id"]: r for r in await page.api.all_items(f"{base}/roles")}
    extra = []
    for pair in add:
        member_id, _, role_id = pair.partition(":")
        if member_id in members and role_id in roles:
            extra.append(
                {
                    "member_id": member_id,
                    "member_name": members[member_id]["display_name"],
                    "role_id": role_id,
                    "role_name": roles[role_id]["name"],
                }
            )
    return extra


@router.get("/w/{slug}/campaigns/{campaign_id}")
async def campaign_page(
    page: PageDep,
    slug: str,
    campaign_id: str,
    add: list[str] = Query(default=[]),
    add_member: str = "",
    add_role: str = "",
) -> Response:
    if add_member and add_role:
        add = [*add, f"{add_member}:{add_role}"]
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    campaign = await page.api.get(f"{base}/campaigns/{campaign_id}")
    assignments = await page.api.all_items(
        f"{base}/assignments", campaign_id=campaign_id, status="active"
    )
    matrix = raci_matrix(campaign, assignments, await _extra_columns(page, slug, add))
    members = await page.api.all_items(f"{base}/members", status="active")
    roles = await page.api.all_items(f"{base}/roles")
    goals = await page.api.all_items(f"{base}/goals", campaign_id=campaign_id)
    return page.render(
        "campaigns/detail.html",
        **frame,
        campaign=campaign,
        goals=[(0, goal) for goal in goals],
        matrix=matrix,
        cell_key=cell_key,
        members=members,
        roles=roles,
        added=add,
    )


@router.post("/w/{slug}/campaigns/{campaign_id}/raci")
async def set_raci(page: PageDep, request: Request, slug: str, campaign_id: str) -> Response:
    """Set one cell: create, change or end the assignment behind it."""
    form = await request.form()
    base = f"/workspaces/{slug}"
    scope_id, member_id, role_id = (
        optional(form, "scope_id"),
        text(form, "member_id"),
        text(form, "role_id"),
    )
    assignment_id, raci = optional(form, "assignment_id"), optional(form, "raci")
    assignment: dict[str, Any] | None = None
    error: str | None = None
    status_code = 200
    try:
        if assignment_id and raci is None:
            await page.api.patch(f"{base}/assignments/{assignment_id}", {"status": "ended"})
        elif assignment_id:
            assignment = await page.api.patch(f"{base}/assignments/{assignment_id}", {"raci": raci})
        elif raci:
            assignment = await page.api.post(
                f"{base}/assignments",
                json={
                    "member_id": member_id,
                    "role_id": role_id,
                    "campaign_id": campaign_id,
                    "scope_id": scope_id,
                    "raci": raci,
                },
            )
    except ApiError as refused:
        if refused.status not in (403, 404, 409, 422):
            raise
        error, status_code = refused.detail, refused.status
        if assignment_id:
            assignment = await page.api.get(f"{base}/assignments/{assignment_id}")
    if not page.is_htmx:
        if error:
            page.session.add_flash(error)
        return page.redirect(f"/w/{slug}/campaigns/{campaign_id}")
    frame = await workspace_frame(page, slug)
    return page.render(
        "campaigns/_raci_cell.html",
        status_code=status_code,
        **frame,
        campaign={"id": campaign_id},
        scope_id=scope_id,
        column={"member_id": member_id, "role_id": role_id},
        assignment=assignment,
        error=error,
    )


@router.post("/w/{slug}/campaigns/{campaign_id}/scopes")
async def add_scope(page: PageDep, request: Request, slug: str, campaign_id: str) -> Response:
    form = await request.form()
    body = {"name": text(form, "name"), "description": text(form, "description")}
    try:
        await page.api.post(f"/workspaces/{slug}/campaigns/{campaign_id}/scopes", json=body)
    except ApiError as error:
        if error.status not in (409, 422):
            raise
        page.session.add_flash(
            error.detail
            if error.status == 409
            else translate(N_("A scope needs a name."), page.locale)
        )
    return page.redirect(f"/w/{slug}/campaigns/{campaign_id}#raci")


@router.post("/w/{slug}/campaigns/{campaign_id}/scopes/{scope_id}/delete")
async def delete_scope(page: PageDep, slug: str, campaign_id: str, scope_id: str) -> Response:
    try:
        await page.api.delete(f"/workspaces/{slug}/campaigns/{campaign_id}/scopes/{scope_id}")
    except ApiError as error:
        if error.status != 409:
            raise
        page.session.add_flash(error.detail)
    return page.redirect(f"/w/{slug}/campaigns/{campaign_id}#raci")
