"""The seeded metrics, roles and skills are found by their English or Chinese name (and
key) whatever the workspace's language; the workspace's own names come first."""

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import Caller, created, make_workspace_owner

ROWS = (
    "日期,指标,数值\n"
    "2026-03-01,内容浏览量,3\n"
    "2026-03-02,Content views,4\n"
    "2026-03-03,CONTENT_VIEWS,5\n"
)


def upload(caller: Caller, text: str, kind: str) -> httpx.Response:
    return caller.post(
        "imports",
        files={"file": ("x.csv", text.encode("gb18030"), "text/csv")},
        data={"kind": kind},
    )


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_metric_names_match_in_either_language(
    client: TestClient, session: Session, locale: str
) -> None:
    caller = make_workspace_owner(client, session, locale=locale)
    body = created(upload(caller, ROWS, "datapoints"))
    check = caller.post(f"imports/{body['id']}/validate").json()
    assert (check["errors"], check["to_create"]) == ([], 3)


def test_the_workspaces_own_name_wins_over_a_seeded_one(owner: Caller) -> None:
    """A team that named another metric "内容浏览量" gets that one, not the seeded views."""
    likes = next(
        m
        for m in owner.get("metrics", params={"limit": 200}).json()["items"]
        if m["key"] == "content_likes"
    )
    assert owner.patch(f"metrics/{likes['id']}", json={"name": "内容浏览量"}).status_code == 200
    body = created(upload(owner, "日期,指标,数值\n2026-03-01,内容浏览量,3\n", "datapoints"))
    assert owner.post(f"imports/{body['id']}/commit").status_code == 200
    series = owner.get("datapoints", params={"metric_id": likes["id"]}).json()["items"]
    assert [p["value"] for p in series] == [3]


def test_role_and_skill_names_match_in_the_other_language(
    client: TestClient, session: Session
) -> None:
    caller = make_workspace_owner(client, session, locale="en")
    created(caller.post("members", json={"display_name": "Lin"}))
    created(caller.post("campaigns", json={"name": "Tour"}))
    body = created(upload(caller, "成员,角色,活动,职责类型\nLin,创作者,Tour,R\n", "assignments"))
    assert caller.post(f"imports/{body['id']}/validate").json()["errors"] == []
    body = created(upload(caller, "姓名,技能,等级\nLin,创意,3\n", "members"))
    assert caller.post(f"imports/{body['id']}/validate").json()["errors"] == []
