"""Training (培训与提升) pages: the workspace's trainings, completing one, and "plan a
training" from a skill gap (the training and a task for the member)."""

from fastapi import APIRouter, Form
from fastapi.responses import Response
from starlette.datastructures import URL

from app.core.i18n import N_, fill, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import problem_message
from app.web.paging import one_page
from app.web.views.trainings import Training, TrainingList
from app.web.workspace import today_in, workspace_frame

router = APIRouter()


@router.get("/w/{slug}/trainings")
async def trainings_page(page: PageDep, slug: str, done: str = "", cursor: str = "") -> Response:
    """The planned and the completed trainings, a page of each (oldest first); `done` and
    `cursor` open one of the lists further on (with htmx: only its next items)."""
    frame = await workspace_frame(page, slug)
    more_done = done == "1"
    if page.is_htmx and cursor:
        part = await _trainings(page, slug, done=more_done, cursor=cursor)
        return page.render("trainings/_items.html", frame=frame, part=part)
    planned, completed = await page.api.gather(
        _trainings(page, slug, done=False, cursor="" if more_done else cursor),
        _trainings(page, slug, done=True, cursor=cursor if more_done else ""),
    )
    return page.render("trainings/list.html", frame=frame, planned=planned, done=completed)


async def _trainings(page: Page, slug: str, *, done: bool, cursor: str) -> TrainingList:
    here = URL(f"/w/{slug}/trainings").include_query_params(done="1" if done else "0")
    shown = await one_page(page.api, here, f"/workspaces/{slug}/trainings", cursor, completed=done)
    return TrainingList(
        done=done,
        trainings=[Training.model_validate(t) for t in shown.items],
        more_url=shown.more_url,
    )


@router.post("/w/{slug}/trainings/plan")
async def plan_training(
    page: PageDep,
    slug: str,
    member_id: str = Form(...),
    skill_id: str = Form(...),
    skill_name: str = Form(""),
    level_after: int = Form(...),
) -> Response:
    """A skill gap's "plan a training": the training, and a task for the member to take it."""
    body = {
        "member_id": member_id,
        "skill_id": skill_id,
        "title": fill(N_("Training in {skill}"), {"skill": skill_name}, page.locale),
        "level_after": level_after,
        "plan_task": True,
    }
    try:
        training = await page.api.post(f"/workspaces/{slug}/trainings", json=body)
    except ApiError as error:
        page.session.add_flash(problem_message(error))
        return page.redirect(f"/w/{slug}/skills")
    page.session.add_flash(
        fill(
            N_("Training planned for {member}, with a task."),
            {"member": training["member_name"]},
            page.locale,
        )
    )
    return page.redirect(f"/w/{slug}/trainings")


@router.post("/w/{slug}/trainings/{training_id}/complete")
async def complete_training(page: PageDep, slug: str, training_id: str) -> Response:
    """Done today; a higher level_after raises the member's skill (kept in its history)."""
    frame = await workspace_frame(page, slug)
    path = f"/workspaces/{slug}/trainings/{training_id}"
    try:
        _, etag = await page.api.get_with_etag(path)
        await page.api.patch(
            path, {"completed_on": today_in(frame.ws).isoformat()}, if_match=etag or None
        )
    except ApiError as error:
        page.session.add_flash(problem_message(error))
    else:
        page.session.add_flash(translate(N_("Training completed."), page.locale))
    return page.redirect(f"/w/{slug}/trainings")
