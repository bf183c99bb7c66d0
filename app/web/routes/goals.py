"""Goals in the browser: a tree per workspace, one page per goal with its key results
explained in words, and the forms that set, change, close and override them."""

from collections.abc import Awaitable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from app.core.i18n import N_, translate
from app.core.pagination import MAX_LIMIT
from app.web.choices import Choice, ChoiceKind, Picker, named, picker
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, form_values, optional, text
from app.web.member_choice import chosen_member, named_member
from app.web.paging import Shown, one_page
from app.web.views.goals import Goal, goal_tree
from app.web.views.members import MemberChoice
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import today_in, workspace_frame

router = APIRouter()
Options = list[tuple[str, str]]


@dataclass(frozen=True)
class Choices:
    """The goal forms' search pickers (a metric for a key result, a campaign: found by
    typing, never listed), (value, label) options of the parent goal, the chosen people."""

    metric: Picker
    campaign: Picker
    goals: Options
    owner: MemberChoice | None = None
    reviewer: MemberChoice | None = None


class KeyResultPayload(TypedDict):
    metric: str
    start_value: str | int
    target_value: str | None
    aggregation: str
    channel: str | None


class GoalPayload(TypedDict, total=False):
    title: str
    starts_on: str
    due_on: str
    pace: str
    owner_member_id: str | None
    reviewer_member_id: str | None
    parent_id: str | None
    campaign_id: str | None
    key_results: list[KeyResultPayload]
    status_override: str | None
    status_override_note: str
    state: str
    outcome: str | None


@router.get("/w/{slug}/goals")
async def goals_page(page: PageDep, slug: str, cursor: str = "") -> Response:
    frame = await workspace_frame(page, slug)
    if page.is_htmx and cursor:
        shown = await _goals(page, f"/w/{slug}/goals", f"/workspaces/{slug}/goals", cursor)
        return page.render(
            "goals/_items.html", frame=frame, items=goal_tree(shown.items), more=shown.more_url
        )
    today = today_in(frame.ws)
    values = {"starts_on": today.isoformat(), "due_on": "", "pace": "linear"}
    return await _goals_page(page, slug, frame, values=values, errors={}, cursor=cursor)


async def _goals(page: Page, here: str, path: str, cursor: str, parent_id: str = "") -> Shown[Goal]:
    """A page of the goals of `path` (under `parent_id`, if given) for the web page at
    `here`, and its "Show more"."""
    url = page.request.url.replace(path=here, query="")
    shown = await one_page(page.api, url, path, cursor=cursor or None, parent_id=parent_id)
    return shown.of(Goal.model_validate)


async def _goal_options(page: Page, slug: str) -> list[Goal]:
    """The goals the forms offer as a parent: the first `MAX_LIMIT`, in one call."""
    reply = await page.api.get(f"/workspaces/{slug}/goals", limit=MAX_LIMIT)
    return [Goal.model_validate(g) for g in reply["items"]]


async def _goals_page(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    values: Mapping[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    cursor: str = "",
) -> Response:
    shown = await _goals(page, f"/w/{slug}/goals", f"/workspaces/{slug}/goals", cursor)
    choices = await _choices(page, slug, await _goal_options(page, slug), values)
    return page.render(
        "goals/list.html",
        status_code=status_code,
        frame=frame,
        choices=replace(
            choices, owner=await chosen_member(page, slug, values.get("owner_member_id"))
        ),
        tree=goal_tree(shown.items),
        more=shown.more_url,
        values=values,
        errors=errors,
    )


async def _choices(
    page: Page,
    slug: str,
    goals: list[Goal],
    values: Mapping[str, str],
    *,
    campaign: Iterable[Choice] = (),
) -> Choices:
    """The forms' pickers with what `values` chose (`campaign`: the one a reply names)."""
    return Choices(
        metric=await picker(page, slug, ChoiceKind.metric_key, values.get("kr_metric")),
        campaign=await picker(
            page, slug, ChoiceKind.campaign, values.get("campaign_id"), known=campaign
        ),
        goals=[(g.id, g.title) for g in goals],
    )


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
            values=form_values(form),
            errors=errors,
            status_code=error.status,
        )
    page.session.add_flash(translate(N_("Goal set."), page.locale))
    return page.redirect(f"/w/{slug}/goals/{goal['id']}")


@router.get("/w/{slug}/goals/{goal_id}")
async def goal_page(page: PageDep, slug: str, goal_id: str, cursor: str = "") -> Response:
    return await _goal_page(page, slug, goal_id, errors={}, cursor=cursor)


async def _goal_page(
    page: Page,
    slug: str,
    goal_id: str,
    *,
    errors: dict[str, str],
    status_code: int = 200,
    cursor: str = "",
) -> Response:
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    children = await _goals(
        page, f"/w/{slug}/goals/{goal_id}", f"{base}/goals", cursor, parent_id=goal_id
    )
    if page.is_htmx and cursor:
        items = [(0, g) for g in children.items]
        return page.render("goals/_items.html", frame=frame, items=items, more=children.more_url)
    reply, etag = await page.api.get_with_etag(f"{base}/goals/{goal_id}")
    goal = Goal.model_validate(reply)
    goals = await _goal_options(page, slug)
    return page.render(
        "goals/detail.html",
        status_code=status_code,
        frame=frame,
        choices=replace(
            await _choices(
                page,
                slug,
                [g for g in goals if g.id != goal.id],
                goal.form_values(),
                campaign=named(goal.campaign_id, goal.campaign_name),
            ),
            owner=named_member(goal.owner_member_id, goal.owner_name),
            reviewer=named_member(goal.reviewer_member_id, goal.reviewer_name),
        ),
        goal=goal,
        etag=etag,
        children=[(0, g) for g in children.items],
        more=children.more_url,
        values=goal.form_values(),
        kr_values={"kr_aggregation": "latest"},
        errors=errors,
    )


@router.post("/w/{slug}/goals/{goal_id}")
async def update_goal(page: PageDep, request: Request, slug: str, goal_id: str) -> Response:
    form = await request.form()
    payload: GoalPayload = {}
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


async def _send(
    page: Page, slug: str, goal_id: str, call: Awaitable[object], prefix: str = ""
) -> Response:
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


def _goal_payload(form: FormData) -> GoalPayload:
    payload = GoalPayload(
        owner_member_id=optional(form, "owner_member_id"),
        reviewer_member_id=optional(form, "reviewer_member_id"),
        parent_id=optional(form, "parent_id"),
        campaign_id=optional(form, "campaign_id"),
    )
    if title := text(form, "title"):
        payload["title"] = title
    if starts_on := text(form, "starts_on"):
        payload["starts_on"] = starts_on
    if due_on := text(form, "due_on"):
        payload["due_on"] = due_on
    if pace := text(form, "pace"):
        payload["pace"] = pace
    return payload


def _key_result_payload(form: FormData, metric: str) -> KeyResultPayload:
    return {
        "metric": metric,
        "start_value": text(form, "kr_start_value") or 0,
        "target_value": text(form, "kr_target_value") or None,
        "aggregation": text(form, "kr_aggregation") or "latest",
        "channel": optional(form, "kr_channel"),
    }
