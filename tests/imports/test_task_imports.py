"""Task imports: Chinese headers and words, the tasks service's rules per row, duplicates
by title within a campaign, all or nothing, undo."""

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy.orm import Session

from app.imports import plans
from app.models.enums import Access
from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller, created, join


def upload(caller: Caller, text: str, encoding: str = "utf-8-sig") -> httpx.Response:
    return caller.post(
        "imports",
        files={"file": ("tasks.csv", text.encode(encoding), "text/csv")},
        data={"kind": "tasks"},
    )


def tasks_of(caller: Caller) -> dict[str, dict[str, Any]]:
    items = caller.get("tasks", params={"limit": 200}).json()["items"]
    return {task["title"]: task for task in items}


def test_tasks_are_created_through_the_task_rules_and_undone(owner: Caller) -> None:
    make_member(owner, display_name="王芳", email="wang@example.com")
    make_campaign(owner, "Script", name="春节特辑")
    body = created(
        upload(
            owner,
            "标题,活动,范围,负责人,截止日期,状态,优先级,预计工时,受阻原因\n"
            "写脚本,春节特辑,Script,王芳,2026-12-04,进行中,高,2.5,\n"
            "剪辑,春节特辑,,,2026/12/05,受阻,紧急,,\n"  # blocked without a reason
            "发布,春节特辑,Nope,,,,,,\n"  # no such scope
            "回复评论,,,,,done,low,abc,\n"  # not a number of hours
            "整理素材,,,,2026年12月6日,,,1,\n",
            encoding="gb18030",
        )
    )
    assert body["mapping"] == {
        "title": "标题",
        "campaign": "活动",
        "scope": "范围",
        "owner": "负责人",
        "due_at": "截止日期",
        "status": "状态",
        "priority": "优先级",
        "estimate_hours": "预计工时",
        "blocked_reason": "受阻原因",
    }
    before = set(tasks_of(owner))
    check = owner.post(f"imports/{body['id']}/validate").json()
    assert [(e["row"], e["field"], e["code"]) for e in check["errors"]] == [
        (3, "blocked_reason", "missing"),
        (4, "scope", "unknown_scope"),
        (5, "estimate_hours", "hours"),
    ]
    assert check["to_create"] == 2
    assert set(tasks_of(owner)) == before

    assert owner.post(f"imports/{body['id']}/commit").status_code == 422
    assert set(tasks_of(owner)) == before
    done = owner.post(f"imports/{body['id']}/commit", json={"skip_invalid_rows": True})
    assert done.status_code == 200, done.text
    found = tasks_of(owner)
    script = found["写脚本"]
    assert (script["status"], script["priority"]) == ("doing", "high")
    assert script["estimate_hours"] == 2.5
    assert (script["owner_name"], script["scope_name"]) == ("王芳", "Script")
    zone = ZoneInfo(owner.get("").json().get("timezone", "UTC"))
    expected = datetime.combine(date(2026, 12, 4), time(23, 59, 59), tzinfo=zone)
    assert datetime.fromisoformat(script["due_at"]) == expected
    sorting = found["整理素材"]
    assert sorting["owner_member_id"] == str(owner.member_id)  # the service's default: you
    assert datetime.fromisoformat(sorting["due_at"]).astimezone(zone).date() == date(2026, 12, 6)

    assert owner.post(f"imports/{body['id']}/undo").status_code == 200
    assert set(tasks_of(owner)) == before


def test_stored_task_is_updated_by_title_and_restored_by_undo(owner: Caller) -> None:
    campaign = make_campaign(owner, name="Launch")
    task = created(
        owner.post(
            "tasks",
            json={"title": "Cut the trailer", "campaign_id": campaign["id"], "priority": "low"},
        )
    )
    text = "title,campaign,status,priority\ncut the trailer,Launch,完成,urgent\nNew one,Launch,,\n"
    body = created(upload(owner, text))
    owner.patch(f"imports/{body['id']}", json={"on_duplicate": "error"})
    errors = owner.post(f"imports/{body['id']}/validate").json()["errors"]
    assert [(e["row"], e["code"]) for e in errors] == [(2, "duplicate")]
    owner.patch(f"imports/{body['id']}", json={"on_duplicate": "update"})
    check = owner.post(f"imports/{body['id']}/validate").json()
    assert (check["to_create"], check["to_update"]) == (1, 1)
    assert owner.post(f"imports/{body['id']}/commit").status_code == 200
    changed = owner.get(f"tasks/{task['id']}").json()
    assert (changed["status"], changed["priority"], changed["title"]) == (
        "done",
        "urgent",
        "Cut the trailer",
    )

    assert owner.post(f"imports/{body['id']}/undo").status_code == 200
    restored = owner.get(f"tasks/{task['id']}").json()
    assert (restored["status"], restored["priority"], restored["completed_at"]) == (
        "todo",
        "low",
        None,
    )
    assert "New one" not in tasks_of(owner)


def test_viewers_cannot_import_tasks(owner: Caller, session: Session) -> None:
    viewer = join(session, owner, Access.viewer)
    assert upload(viewer, "title\nA\n").status_code == 403


def test_too_many_task_rows_are_refused_clearly(
    owner: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plans, "MAX_SERVICE_ROWS", 2)
    refused = upload(owner, "title\nA\nB\nC\n")
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert (error["loc"], error["type"]) == (["body", "file"], "too_many_rows")
    assert "at most 2 rows" in refused.json()["detail"]
    assert upload(owner, "title\nA\nB\n").status_code == 201
