"""Training (培训与提升) pages: the workspace's trainings, completing one, and "plan a
training" from a skill gap (the training and a task for the member)."""

from fastapi import APIRouter, Form
from fastapi.responses import Response

from app.core.i18n import N_, fill, translate
from app.web.client import ApiError
from app.web.context import PageDep
from app.web.forms import problem_message
from app.web.views.trainings import Training
from app.web.workspace import today_in, workspace_frame

router = APIRouter()


@router.get("/w/{slug}/trainings")
async def trainings_page(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    trainings = [
        Training.model_validate(t)
        for t in await page.api.all_items(f"/workspaces/{slug}/trainings")
    ]
    planned = [t for t in trainings if t.completed_on is None]
    done = [t for t in trainings if t.completed_on is not None]
    return page.render("trainings/list.html", frame=frame, planned=planned, done=done)


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
