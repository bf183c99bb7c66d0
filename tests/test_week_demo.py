"""The demo shows the week: plans, their tasks, reports (one missing), a training."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Report, ReportSchedule, Task, Training, WorkPlan, Workspace
from app.seed.demo import seed_demo_workspaces


def test_the_demo_runs_its_week(session: Session) -> None:
    seed_demo_workspaces(session)
    session.flush()
    workspace = session.scalars(select(Workspace).where(Workspace.slug == "demo")).one()

    def count(model: type[WorkPlan | Task | Report | ReportSchedule | Training]) -> int:
        return (
            session.scalar(
                select(func.count()).select_from(model).where(model.workspace_id == workspace.id)
            )
            or 0
        )

    assert count(WorkPlan) == 2
    assert count(Task) >= 4  # two by hand, the training's, and plan occurrences
    assert count(ReportSchedule) == 1
    assert count(Report) == 1  # Chen reported; Zhao's report is missing
    assert count(Training) == 1
    occurrences = session.scalar(
        select(func.count(Task.id)).where(
            Task.workspace_id == workspace.id, Task.plan_id.is_not(None)
        )
    )
    assert (occurrences or 0) >= 1
