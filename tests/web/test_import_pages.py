"""The import wizard's pages: upload → map with dropdowns → errors inline → commit → undo."""

from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import User
from app.models.enums import Locale
from tests.factories import Caller
from tests.web.conftest import Browser, sign_in

CSV = "日期,指标,数值\n2026-03-01,content_views,5\n2026-03-02,nope,6\n".encode("gb18030")


def upload(web: Browser, content: bytes, kind: str = "datapoints") -> httpx.Response:
    if not web.csrf:
        web.get("/signin")
    response: httpx.Response = web.client.post(
        web.page("/imports"),
        data={"csrf_token": web.csrf, "kind": kind},
        files={"file": ("views.csv", content, "text/csv")},
        follow_redirects=False,
    )
    return response


def form(imp: dict[str, Any], **mapping: str) -> dict[str, str]:
    fields = {f"map_{f['name']}": imp["mapping"].get(f["name"], "") for f in imp["fields"]}
    return {**fields, **{f"map_{k}": v for k, v in mapping.items()}, "on_duplicate": "skip"}


def test_upload_map_check_commit_and_undo(web: Browser, owner: Caller) -> None:
    assert web.get(web.page("/imports")).status_code == 200
    uploaded = upload(web, CSV)
    assert uploaded.status_code == 303, uploaded.text
    location = uploaded.headers["location"]
    import_id = location.rsplit("/", 1)[-1]

    page = web.get(location)
    assert page.status_code == 200
    assert "gb18030" in page.text
    assert '<option value="日期" selected>' in page.text  # suggested from the Chinese header
    assert "content_views" in page.text  # the preview

    imp = owner.get(f"imports/{import_id}").json()
    checked = web.post(f"{location}/check", form(imp))
    assert checked.status_code == 200
    assert 'id="import-errors"' in checked.text
    assert "No metric is called nope." in checked.text

    committed = web.post(f"{location}/commit", {"skip_invalid_rows": "1"})
    assert committed.status_code == 303
    page = web.get(location)
    assert "1 created, 0 updated, 0 skipped." in page.text
    assert "Undo this import" in page.text

    undone = web.post(f"{location}/undo")
    assert undone.status_code == 303
    assert owner.get(f"imports/{import_id}").json()["state"] == "undone"


def test_unmapped_required_field_is_shown_next_to_its_dropdown(web: Browser, owner: Caller) -> None:
    location = upload(web, b"when,what,amount\n2026-03-01,content_views,5\n").headers["location"]
    imp = owner.get(f"imports/{location.rsplit('/', 1)[-1]}").json()
    page = web.post(f"{location}/check", form(imp, observed_at="when"))
    assert page.status_code == 200
    assert "Choose the column of this field." in page.text
    assert 'aria-invalid="true"' in page.text


def test_a_refused_file_is_explained_next_to_the_file_field(web: Browser) -> None:
    answer = upload(web, b"MZ\x90\x00\x03\x00\x00\x00")
    assert answer.status_code == 422
    assert 'id="import-file-error"' in answer.text


def test_the_wizard_speaks_chinese(client: TestClient, owner: Caller, session: Session) -> None:
    session.get_one(User, owner.user_id).locale = Locale.zh_cn
    session.commit()
    web = sign_in(client, owner)
    location = upload(web, CSV).headers["location"]
    page = web.get(location)
    assert page.status_code == 200
    assert "2. 匹配列" in page.text
    assert "指标（键或名称）" in page.text


def test_the_wizard_imports_assignments_and_tasks(web: Browser, owner: Caller) -> None:
    page = web.get(web.page("/imports"))
    assert '<option value="assignments">' in page.text
    assert '<option value="tasks">' in page.text
    owner.post("members", json={"display_name": "Lin"})
    owner.post("campaigns", json={"name": "Tour", "scopes": [{"name": "Stage"}]})
    rows = "成员,角色,活动,范围,职责类型\nLin,creator,Tour,Stage,A\nLin,creator,Tour,Nope,R\n"
    location = upload(web, rows.encode("gb18030"), kind="assignments").headers["location"]
    imp = owner.get(f"imports/{location.rsplit('/', 1)[-1]}").json()
    assert imp["kind"] == "assignments"
    checked = web.post(f"{location}/check", form(imp))
    assert "RACI (R, A, C or I)" in checked.text  # the kind's own fields as dropdowns
    assert "The campaign has no scope called Nope." in checked.text
    assert web.post(f"{location}/commit", {"skip_invalid_rows": "1"}).status_code == 303
    assert "1 created, 0 updated, 0 skipped." in web.get(location).text

    tasks = upload(web, "标题,状态\n对稿,进行中\n".encode(), kind="tasks")
    imp = owner.get(f"imports/{tasks.headers['location'].rsplit('/', 1)[-1]}").json()
    assert (imp["kind"], imp["mapping"]) == ("tasks", {"title": "标题", "status": "状态"})
