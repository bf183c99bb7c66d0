"""Assignment imports: names found in the workspace, the assignments service's rules per
row (one accountable per scope), all or nothing, updates of what is stored, undo."""

import csv
import dataclasses
import io
from typing import Any

import httpx
from sqlalchemy.orm import Session

from app.models.enums import Access
from app.models.user import User
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created, join, make_token

HEADER = "成员,角色,活动,范围,职责类型,投入比例,开始日期,结束日期,备注\n"


def upload(caller: Caller, text: str) -> httpx.Response:
    return caller.post(
        "imports",
        files={"file": ("raci.csv", text.encode("gb18030"), "text/csv")},
        data={"kind": "assignments"},
    )


def assignments_of(caller: Caller, campaign: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    items = caller.get("assignments", params={"campaign_id": campaign["id"], "limit": 200})
    return sorted(
        (a["member_name"], a["scope_name"] or "", a["raci"], a["allocation_percent"])
        for a in items.json()["items"]
    )


def test_rows_follow_the_assignment_rules_all_or_nothing_and_undo(owner: Caller) -> None:
    make_member(owner, display_name="王芳", email="wang@example.com")
    make_member(owner, display_name="李雷")
    campaign = make_campaign(owner, "Script", "Edit", name="春节特辑")
    body = created(
        upload(
            owner,
            HEADER + "wang@example.com,creator,春节特辑,Script,A,30%,2026-12-01,2026-12-31,主笔\n"
            "李雷,Project planner,春节特辑,script,批准,,,,\n"  # a second accountable for Script
            "李雷,Creator,春节特辑,Edit,负责,0.5,2026/12/2,,\n"
            "赵六,creator,春节特辑,Edit,知会,10,,,\n"  # nobody is called 赵六
            "李雷,creator,春节特辑,,X,10,,,\n",  # not a RACI letter
        )
    )
    assert body["mapping"] == {
        "member": "成员",
        "role": "角色",
        "campaign": "活动",
        "scope": "范围",
        "raci": "职责类型",
        "allocation_percent": "投入比例",
        "starts_on": "开始日期",
        "ends_on": "结束日期",
        "note": "备注",
    }
    check = owner.post(f"imports/{body['id']}/validate").json()
    assert [(e["row"], e["field"], e["code"]) for e in check["errors"]] == [
        (3, None, "multiple_accountable"),
        (5, "member", "unknown_member"),
        (6, "raci", "raci"),
    ]
    assert "王芳" in check["errors"][0]["message"]
    assert (check["to_create"], check["valid_rows"]) == (2, 2)
    assert assignments_of(owner, campaign) == []  # the dry run left nothing behind

    refused = owner.post(f"imports/{body['id']}/commit")
    assert refused.status_code == 422
    assert assignments_of(owner, campaign) == []

    done = owner.post(f"imports/{body['id']}/commit", json={"skip_invalid_rows": True})
    assert done.status_code == 200, done.text
    assert done.json()["result"] == {"created": 2, "updated": 0, "skipped": 0, "invalid": 3}
    assert assignments_of(owner, campaign) == [
        ("李雷", "Edit", "responsible", 50),
        ("王芳", "Script", "accountable", 30),
    ]
    items = owner.get("assignments", params={"campaign_id": campaign["id"]}).json()["items"]
    wang = next(a for a in items if a["member_name"] == "王芳")
    assert (wang["starts_on"], wang["ends_on"]) == ("2026-12-01", "2026-12-31")
    assert wang["note"] == "主笔"
    history = owner.get("assignment-history", params={"assignment_id": wang["id"]})
    assert [h["action"] for h in history.json()["items"]] == ["created"]

    assert owner.post(f"imports/{body['id']}/undo").status_code == 200
    assert assignments_of(owner, campaign) == []


def test_stored_assignment_is_updated_when_asked_and_restored_by_undo(
    owner: Caller,
) -> None:
    zhou = make_member(owner, display_name="Zhou", email="zhou@example.com")
    campaign = make_campaign(owner, "Script", name="Launch")
    role = seeded(owner, "roles", "creator")
    created(assign(owner, zhou, role, "responsible", campaign, allocation_percent=20))
    text = "member,role,campaign,raci,allocation\nZhou,creator,Launch,R,40\n"
    body = created(
        owner.post(
            "imports",
            files={"file": ("a.csv", text.encode(), "text/csv")},
            data={"kind": "assignments"},
        )
    )
    owner.patch(f"imports/{body['id']}", json={"on_duplicate": "error"})
    errors = owner.post(f"imports/{body['id']}/validate").json()["errors"]
    assert [e["code"] for e in errors] == ["duplicate"]
    owner.patch(f"imports/{body['id']}", json={"on_duplicate": "update"})
    check = owner.post(f"imports/{body['id']}/validate").json()
    assert (check["to_create"], check["to_update"], check["errors"]) == (0, 1, [])
    assert owner.post(f"imports/{body['id']}/commit").status_code == 200
    assert assignments_of(owner, campaign) == [("Zhou", "", "responsible", 40)]

    assert owner.post(f"imports/{body['id']}/undo").status_code == 200
    assert assignments_of(owner, campaign) == [("Zhou", "", "responsible", 20)]


def test_rules_between_rows_of_one_file_are_checked(owner: Caller) -> None:
    """Two rows that each pass alone but not together: the second is refused."""
    make_member(owner, display_name="A")
    make_member(owner, display_name="B")
    make_campaign(owner, name="Solo")
    body = created(
        owner.post(
            "imports",
            files={
                "file": (
                    "a.csv",
                    b"member,role,campaign,raci\nA,creator,Solo,A\nB,creator,Solo,A\n",
                )
            },
            data={"kind": "assignments"},
        )
    )
    errors = owner.post(f"imports/{body['id']}/validate").json()["errors"]
    assert [(e["row"], e["code"]) for e in errors] == [(3, "multiple_accountable")]


def test_viewers_cannot_import_assignments(owner: Caller, session: Session) -> None:
    viewer = join(session, owner, Access.viewer)
    assert upload(viewer, HEADER).status_code == 403


def test_errors_csv_is_a_read_listing_only_real_errors_to_a_read_only_token(
    owner: Caller, session: Session
) -> None:
    make_member(owner, display_name="李雷")
    make_campaign(owner, "Script", name="春节特辑")
    body = created(
        upload(
            owner,
            HEADER + "李雷,creator,春节特辑,Script,R,10,,,\n"
            "赵六,creator,春节特辑,Script,I,10,,,\n",  # nobody is called 赵六
        )
    )
    assert [e["row"] for e in owner.post(f"imports/{body['id']}/validate").json()["errors"]] == [3]
    user = session.get(User, owner.user_id)
    assert user is not None
    reader = dataclasses.replace(owner, token=make_token(session, user, write=False))
    session.commit()
    errors = reader.get(f"imports/{body['id']}/errors")
    assert errors.status_code == 200, errors.text
    table = list(csv.reader(io.StringIO(errors.content.decode("utf-8-sig"))))
    assert [row[0] for row in table[1:]] == ["赵六"]
    assert "read-only" not in errors.content.decode("utf-8-sig")
