"""The demo shows the week: plans, their tasks, reports (one missing), a training."""

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Report, ReportSchedule, Task, Training, WorkPlan, Workspace
from app.seed.demo import seed_demo_workspaces
from tests.test_division_demo import demo_caller


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


def test_the_demos_missing_report_is_overdue_and_shows_in_the_health_check(
    client: TestClient, session: Session
) -> None:
    demo = demo_caller(client, session, "demo")

    (schedule,) = demo.get("report-schedules").json()["items"]
    states = {s["author_name"]: s["state"] for s in schedule["reporting_state"]}
    findings = demo.get("health", params={"code": "report_overdue"}).json()["findings"]
    plans = demo.get("work-plans").json()["items"]

    assert states["Zhao Min 赵敏"] in ("overdue", "missed")
    assert any("Zhao Min 赵敏" in f["message"] for f in findings)
    assert len(plans) == 2
    assert demo.get("trainings").json()["items"][0]["task_id"] is not None
