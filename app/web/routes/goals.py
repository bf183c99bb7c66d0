"""Goals in the browser: a tree per workspace, one page per goal with its key results
explained in words, and the forms that set, change, close and override them."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import today_in, workspace_frame

router = APIRouter()
GOAL_FIELDS = ("title", "starts_on", "due_on", "pace")
NULLABLE_FIELDS = ("owner_member_id", "reviewer_member_id", "parent_id", "campaign_id")


def goal_tree(goals: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """(depth, goal) in tree order: roots by due date, each followed by its children."""
    ids = {g["id"] for g in goals}
    children: dict[str | None, list[dict[str, Any]]] = {}
    for goal in goals:
        parent = goal["parent_id"] if goal["parent_id"] in ids else None
        children.setdefault(parent, []).append(goal)
    ordered: list[tuple[int, dict[str, Any]]] = []

    def walk(parent: str | None, depth: int) -> None:
        for goal in children.get(parent, []):
            ordered.append((depth, goal))
            walk(goal["id"], depth + 1)

    walk(None, 0)
    return ordered


@router.get("/w/{slug}/goals")
async def goals_page(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    today = today_in(frame.ws)
    values = {"starts_on": today.isoformat(), "due_on": "", "pace": "linear"}
    return await _goals_page(page, slug, frame, values=values, errors={})


async def _goals_page(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    goals = await page.api.all_items(f"/workspaces/{slug}/goals")
    return page.render(
        "goals/list.html",
        status_code=status_code,
        frame=frame,
        **await _choices(page, slug, goals),
        tree=goal_tree(goals),
        values=values,
        errors=errors,
    )


async def _choices(page: Page, slug: str, goals: list[dict[str, Any]]) -> dict[str, Any]:
    """(value, label) options of the goal forms' dropdowns."""
    base = f"/workspaces/{slug}"
    metrics = await page.api.all_items(f"{base}/metrics")
    members = await page.api.all_items(f"{base}/members", status="active")
    campaigns = await page.api.all_items(f"{base}/campaigns")
    return {
        "metric_options": [(m["key"], m["name"]) for m in metrics],
        "member_options": [(m["id"], m["display_name"]) for m in members],
        "campaign_options": [(c["id"], c["name"]) for c in campaigns],
        "goal_options": [(g["id"], g["title"]) for g in goals],
    }


@router.post("/w/{slug}/goals")
async def create_goal(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    payload = _goal_payload(form)
    if metric := optional(form, "kr_metric"):
        payload["key_results"] = [_key_result_payload(form, metric)]
    try:
        goal = await page.api.post(f"/workspaces/{slug}/goals", json=payload)
    except ApiError as error:
        if error.status not in (404, 422):
            raise
        frame = await workspace_frame(page, slug)
        errors = {
            key.replace("key_results.0.", "kr_"): message
            for key, message in field_messages(error).items()
        }
        return await _goals_page(
            page,
            slug,
            frame,
            values={name: form.get(name) for name in form},
            errors=errors,
            status_code=error.status,
        )
    page.session.add_flash(translate(N_("Goal set."), page.locale))
    return page.redirect(f"/w/{slug}/goals/{goal['id']}")


@router.get("/w/{slug}/goals/{goal_id}")
async def goal_page(page: PageDep, slug: str, goal_id: str) -> Response:
    return await _goal_page(page, slug, goal_id, errors={})


async def _goal_page(
    page: Page, slug: str, goal_id: str, *, errors: dict[str, str], status_code: int = 200
) -> Response:
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    goal, etag = await page.api.get_with_etag(f"{base}/goals/{goal_id}")
    goals = await page.api.all_items(f"{base}/goals")
    values = {name: goal[name] for name in (*GOAL_FIELDS, *NULLABLE_FIELDS)}
    return page.render(
        "goals/detail.html",
        status_code=status_code,
        frame=frame,
        **await _choices(page, slug, [g for g in goals if g["id"] != goal["id"]]),
        goal=goal,
        etag=etag,
        children=[(0, g) for g in goals if g["parent_id"] == goal["id"]],
        values=values,
        kr_values={"kr_aggregation": "latest"},
        errors=errors,
    )


@router.post("/w/{slug}/goals/{goal_id}")
async def update_goal(page: PageDep, request: Request, slug: str, goal_id: str) -> Response:
    form = await request.form()
    payload: dict[str, Any] = {}
    if text(form, "part") == "status":
        payload["status_override"] = optional(form, "status_override")
        payload["status_override_note"] = text(form, "status_override_note")
    elif text(form, "part") == "close":
        payload["state"] = text(form, "state") or "active"
        payload["outcome"] = optional(form, "outcome")
    else:
        payload = _goal_payload(form)
    return await _send(
        page,
        slug,
        goal_id,
        page.api.patch(
            f"/workspaces/{slug}/goals/{goal_id}", payload, if_match=optional(form, "etag")
        ),
    )


@router.post("/w/{slug}/goals/{goal_id}/delete")
async def delete_goal(page: PageDep, slug: str, goal_id: str) -> Response:
    await page.api.delete(f"/workspaces/{slug}/goals/{goal_id}")
    page.session.add_flash(translate(N_("Goal deleted."), page.locale))
    return page.redirect(f"/w/{slug}/goals")


@router.post("/w/{slug}/goals/{goal_id}/key-results")
async def add_key_result(page: PageDep, request: Request, slug: str, goal_id: str) -> Response:
    form = await request.form()
    payload = _key_result_payload(form, text(form, "kr_metric"))
    return await _send(
        page,
        slug,
        goal_id,
        page.api.post(f"/workspaces/{slug}/goals/{goal_id}/key-results", json=payload),
        prefix="kr_",
    )


@router.post("/w/{slug}/goals/{goal_id}/key-results/{key_result_id}/delete")
async def delete_key_result(page: PageDep, slug: str, goal_id: str, key_result_id: str) -> Response:
    await page.api.delete(f"/workspaces/{slug}/goals/{goal_id}/key-results/{key_result_id}")
    page.session.add_flash(translate(N_("Key result removed."), page.locale))
    return page.redirect(f"/w/{slug}/goals/{goal_id}")


async def _send(page: Page, slug: str, goal_id: str, call: Any, prefix: str = "") -> Response:
    try:
        await call
    except ApiError as error:
        if error.status not in (404, 409, 412, 422):
            raise
        errors = {prefix + key: message for key, message in field_messages(error).items()}
        errors["form"] = error.detail
        return await _goal_page(page, slug, goal_id, errors=errors, status_code=error.status)
    page.session.add_flash(translate(N_("Changes saved."), page.locale))
    return page.redirect(f"/w/{slug}/goals/{goal_id}")


def _goal_payload(form: FormData) -> dict[str, Any]:
    payload: dict[str, Any] = {name: text(form, name) for name in GOAL_FIELDS if text(form, name)}
    payload |= {name: optional(form, name) for name in NULLABLE_FIELDS}
    return payload


def _key_result_payload(form: FormData, metric: str) -> dict[str, Any]:
    return {
        "metric": metric,
        "start_value": text(form, "kr_start_value") or 0,
        "target_value": text(form, "kr_target_value") or None,
        "aggregation": text(form, "kr_aggregation") or "latest",
        "channel": optional(form, "kr_channel"),
    }
