"""Datapoint imports: encodings, normalisation, per-row errors, all or nothing, undo."""

import csv
import io
import uuid
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.imports import undo
from app.models import DataImport, Datapoint, MetricRollup, Workspace
from app.models.enums import Access
from tests.factories import Caller, created, join, make_workspace_owner

GB_CSV = (
    "日期,指标,数值,渠道\n"
    "2026-03-01,内容浏览量,\uff11\uff12\uff10,哔哩哔哩\n"  # full-width digits
    '2026/3/2,content_views,"1,5",抖音\n'  # decimal comma
)


def upload(
    caller: Caller, content: bytes, name: str = "data.csv", kind: str = "datapoints"
) -> httpx.Response:
    return caller.post("imports", files={"file": (name, content, "text/csv")}, data={"kind": kind})


def points(session: Session, caller: Caller) -> list[tuple[float, str | None]]:
    workspace_id = session.scalar(select(Workspace.id).where(Workspace.slug == caller.workspace))
    rows = session.execute(
        select(Datapoint.value, Datapoint.channel)
        .where(Datapoint.workspace_id == workspace_id)
        .order_by(Datapoint.observed_at)
    )
    return [(r.value, r.channel) for r in rows]


def rollup_total(session: Session, caller: Caller) -> float:
    workspace_id = session.scalar(select(Workspace.id).where(Workspace.slug == caller.workspace))
    return (
        session.scalar(
            select(func.coalesce(func.sum(MetricRollup.total), 0)).where(
                MetricRollup.workspace_id == workspace_id
            )
        )
        or 0.0
    )


@pytest.fixture
def zh_owner(client: TestClient, session: Session) -> Caller:
    return make_workspace_owner(client, session, locale="zh-CN")


def test_gb18030_csv_is_detected_mapped_from_chinese_headers_and_imported(
    zh_owner: Caller, session: Session, clock: SettableClock
) -> None:
    owner = zh_owner
    body = created(upload(owner, GB_CSV.encode("gb18030")))
    assert body["encoding"] == "gb18030"
    assert body["delimiter"] == ","
    assert body["columns"] == ["日期", "指标", "数值", "渠道"]
    assert body["mapping"] == {
        "observed_at": "日期",
        "metric": "指标",
        "value": "数值",
        "channel": "渠道",
    }
    assert body["preview"][0] == ["2026-03-01", "内容浏览量", "120", "哔哩哔哩"]  # NFKC
    assert body["row_count"] == 2

    check = owner.post(f"imports/{body['id']}/validate")
    assert check.status_code == 200, check.text
    assert check.json()["errors"] == []
    assert check.json()["to_create"] == 2

    done = owner.post(f"imports/{body['id']}/commit")
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "committed"
    assert done.json()["result"] == {"created": 2, "updated": 0, "skipped": 0, "invalid": 0}
    assert points(session, owner) == [(120.0, "哔哩哔哩"), (1.5, "抖音")]  # decimal comma
    assert rollup_total(session, owner) == pytest.approx(121.5)
    # the upload is deleted after the commit
    assert (
        session.scalar(select(DataImport.content).where(DataImport.id == uuid.UUID(body["id"])))
        is None
    )


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        ("\ufeff日期,指标,数值\n2026-03-01,content_views,7\n".encode(), "utf-8-sig"),
        ("日期,指标,数值\n2026-03-01,content_views,7\n".encode("utf-16"), "utf-16"),
        (b"date;metric;value\n2026-03-01;content_views;7,5\n", "utf-8"),
        (
            "date,metric,value,channel\n2026-03-01,content_views,7,caf\xe9\n".encode("cp1252"),
            "cp1252",
        ),
    ],
)
def test_boms_utf16_and_cp1252_are_read(owner: Caller, encoded: bytes, expected: str) -> None:
    body = created(upload(owner, encoded))
    assert body["encoding"] == expected
    check = owner.post(f"imports/{body['id']}/validate").json()
    assert check["errors"] == []
    assert check["valid_rows"] == 1


def test_excel_serial_dates_leading_zeros_and_time_zone(owner: Caller, session: Session) -> None:
    content = b"date,metric,value,channel\n46082,content_views,3,007\n"
    body = created(upload(owner, content))
    assert owner.post(f"imports/{body['id']}/commit").status_code == 200
    stored = session.execute(select(Datapoint.observed_at, Datapoint.channel)).all()
    # 46082 is 2026-03-01; midnight in the workspace's zone (Asia/Shanghai by default)
    workspace_tz = session.execute(
        select(Workspace.timezone).where(Workspace.slug == owner.workspace)
    ).scalar_one()
    assert stored[0].channel == "007"
    local = stored[0].observed_at.astimezone(ZoneInfo(workspace_tz))
    assert (local.year, local.month, local.day, local.hour) == (2026, 3, 1, 0)


def test_bad_rows_are_named_and_nothing_is_half_imported(owner: Caller, session: Session) -> None:
    content = (
        b"date,metric,value,member,extra\n"
        b"2026-03-01,content_views,5,,\n"  # line 2: fine
        b"2026-03-01,no_such_metric,5,,\n"  # 3: unknown metric
        b"2026-03-02,content_views,lots,,\n"  # 4: not a number
        b"2026-03-03,content_views,=SUM(A1:A2),,\n"  # 5: formula
        b"2026-03-04,content_views,5,Nobody Here,\n"  # 6: member pointing at nobody
        b"2026-03-05,content_views,5,,,surplus\n"  # 7: ragged
        b"someday,content_views,5,,\n"  # 8: not a date
    )
    body = created(upload(owner, content))
    check = owner.post(f"imports/{body['id']}/validate").json()
    by_row = {(e["row"], e["code"]) for e in check["errors"]}
    assert by_row == {
        (3, "unknown_metric"),
        (4, "number"),
        (5, "formula"),
        (6, "unknown_member"),
        (7, "ragged_row"),
        (8, "date"),
    }
    assert check["valid_rows"] == 1
    assert check["error_rows"] == 6

    refused = owner.post(f"imports/{body['id']}/commit")
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert points(session, owner) == []  # nothing half-imported

    errors = owner.get(f"imports/{body['id']}/errors")
    assert errors.status_code == 200
    assert errors.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(errors.content.decode("utf-8-sig"))))
    assert table[0] == ["date", "metric", "value", "member", "extra", "Errors"]
    assert len(table) == 7
    assert table[3][2] == "'=SUM(A1:A2)"  # neutralised for Excel
    assert "no_such_metric" in table[1][-1]

    only_valid = owner.post(f"imports/{body['id']}/commit", json={"skip_invalid_rows": True})
    assert only_valid.status_code == 200, only_valid.text
    assert only_valid.json()["result"]["created"] == 1
    assert only_valid.json()["result"]["invalid"] == 6


def test_undo_reverts_exactly_what_the_commit_created_or_changed(
    owner: Caller, session: Session, clock: SettableClock
) -> None:
    first = created(upload(owner, b"date,metric,value\n2026-03-01,content_views,5\n"))
    owner.post(f"imports/{first['id']}/commit")
    second = created(
        upload(
            owner, b"date,metric,value\n2026-03-01,content_views,9\n2026-03-02,content_views,4\n"
        )
    )
    assert (
        owner.patch(f"imports/{second['id']}", json={"on_duplicate": "update"}).status_code == 200
    )
    check = owner.post(f"imports/{second['id']}/validate").json()
    assert (check["to_create"], check["to_update"]) == (1, 1)
    owner.post(f"imports/{second['id']}/commit")
    assert sorted(points(session, owner)) == [(4.0, None), (9.0, None)]
    assert rollup_total(session, owner) == pytest.approx(13)

    clock.advance(timedelta(hours=23))
    undone = owner.post(f"imports/{second['id']}/undo")
    assert undone.status_code == 200, undone.text
    assert undone.json()["state"] == "undone"
    assert points(session, owner) == [(5.0, None)]
    assert rollup_total(session, owner) == pytest.approx(5)
    assert owner.post(f"imports/{second['id']}/undo").status_code == 409

    clock.advance(timedelta(hours=2))  # the first commit is now 25 hours old
    assert owner.post(f"imports/{first['id']}/undo").status_code == 409


def test_duplicates_skip_or_error(owner: Caller) -> None:
    content = b"date,metric,value\n2026-03-01,content_views,5\n2026-03-01,content_views,5\n"
    body = created(upload(owner, content))
    check = owner.post(f"imports/{body['id']}/validate").json()
    assert [e["code"] for e in check["errors"]] == ["repeated_row"]
    once = created(upload(owner, b"date,metric,value\n2026-03-01,content_views,5\n"))
    owner.post(f"imports/{once['id']}/commit")
    again = created(upload(owner, b"date,metric,value\n2026-03-01,content_views,6\n"))
    assert owner.post(f"imports/{again['id']}/validate").json()["to_skip"] == 1
    owner.patch(f"imports/{again['id']}", json={"on_duplicate": "error"})
    assert owner.post(f"imports/{again['id']}/validate").json()["errors"][0]["code"] == "duplicate"


def test_files_refused_as_a_whole(owner: Caller) -> None:
    mixed = (
        b"date,metric,value\n"
        + "2026-03-01,内容浏览量,1\n".encode()
        + "2026-03-02,内容浏览量,1\n".encode("gb18030")
    )
    answer = upload(owner, mixed)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["type"] == "mixed_encodings"

    too_many = b"date,metric,value\n" + b"2026-03-01,content_views,1\n" * 50_001
    answer = upload(owner, too_many)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["type"] == "too_many_rows"

    assert upload(owner, b"x" * (10 * 1024 * 1024 + 1)).status_code == 413
    assert upload(owner, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00").status_code == 422

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    answer = upload(owner, bomb.getvalue(), "bomb.xlsx")
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["type"] == "zip_bomb"


def test_xlsx_with_dates_numbers_text_and_formulas(owner: Caller, session: Session) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(["日期", "指标", "数值", "渠道"])
    sheet.append([datetime(2026, 3, 1), "content_views", 12.5, "007"])
    sheet.append([datetime(2026, 3, 2), "content_views", "=1+1", "web"])
    out = io.BytesIO()
    book.save(out)
    body = created(upload(owner, out.getvalue(), "data.xlsx"))
    assert body["file_format"] == "xlsx"
    assert body["sheet"] == "数据"
    assert body["sheets"] == ["数据"]
    assert body["preview"][0] == ["2026-03-01", "content_views", "12.5", "007"]
    check = owner.post(f"imports/{body['id']}/validate").json()
    assert [(e["row"], e["code"]) for e in check["errors"]] == [(3, "formula")]


def test_mapping_is_checked_and_remembered_per_workspace_and_kind(owner: Caller) -> None:
    body = created(upload(owner, b"when,what,how much\n2026-03-01,content_views,5\n"))
    assert body["mapping"] == {}
    assert owner.post(f"imports/{body['id']}/validate").status_code == 422
    wrong = owner.patch(
        f"imports/{body['id']}", json={"mapping": {"value": "nope", "bogus": "when"}}
    )
    assert wrong.status_code == 422
    assert {tuple(e["loc"]) for e in wrong.json()["errors"]} == {
        ("body", "mapping", "value"),
        ("body", "mapping", "bogus"),
    }
    mapping = {"observed_at": "when", "metric": "what", "value": "how much"}
    assert owner.patch(f"imports/{body['id']}", json={"mapping": mapping}).status_code == 200
    assert owner.post(f"imports/{body['id']}/commit").status_code == 200
    again = created(upload(owner, b"when,what,how much\n2026-03-02,content_views,6\n"))
    assert again["mapping"] == mapping


def test_expired_uploads_are_deleted_by_the_job(
    owner: Caller, session: Session, clock: SettableClock
) -> None:
    body = created(upload(owner, b"date,metric,value\n2026-03-01,content_views,5\n"))
    clock.advance(timedelta(hours=25))
    assert owner.get(f"imports/{body['id']}").json()["state"] == "expired"
    assert owner.post(f"imports/{body['id']}/commit").status_code == 409
    assert undo.expire(session, now=clock.now()) == 1
    row = session.scalar(select(DataImport).where(DataImport.id == uuid.UUID(body["id"])))
    assert row is not None
    assert row.state == "expired"
    assert (
        session.scalar(select(DataImport.content).where(DataImport.id == uuid.UUID(body["id"])))
        is None
    )


def test_viewers_cannot_import_and_other_workspaces_see_nothing(
    owner: Caller, outsider: Caller, session: Session
) -> None:
    viewer = join(session, owner, Access.viewer)
    assert upload(viewer, b"date,metric,value\n2026-03-01,content_views,5\n").status_code == 403
    body = created(upload(owner, b"date,metric,value\n2026-03-01,content_views,5\n"))
    assert outsider.get(f"imports/{body['id']}").status_code == 404
    assert outsider.in_workspace(owner.workspace).get(f"imports/{body['id']}").status_code == 404
    assert outsider.post(f"imports/{body['id']}/commit").status_code == 404


def test_chinese_messages(owner: Caller) -> None:
    body = created(upload(owner, b"date,metric,value\n2026-03-01,nope,5\n"))
    answer = owner.post(f"imports/{body['id']}/validate", headers={"Accept-Language": "zh-CN"})
    message = answer.json()["errors"][0]["message"]
    assert "nope" in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    fields = owner.get(f"imports/{body['id']}", headers={"Accept-Language": "zh-CN"}).json()[
        "fields"
    ]
    assert fields[0]["label"] != "Metric (key or name)"


def test_a_retried_upload_with_the_same_idempotency_key_creates_one_import(owner: Caller) -> None:
    content = b"date,metric,value\n2026-03-01,content_views,5\n"
    first = created(
        owner.post(
            "imports",
            files={"file": ("a.csv", content, "text/csv")},
            data={"kind": "datapoints"},
            headers={"Idempotency-Key": "import-once"},
        )
    )
    again = owner.post(
        "imports",
        files={"file": ("a.csv", content, "text/csv")},
        data={"kind": "datapoints"},
        headers={"Idempotency-Key": "import-once"},
    )
    assert again.json().get("id") == first["id"], again.text
    assert [i["id"] for i in owner.get("imports").json()["items"]] == [first["id"]]


def test_the_list_shows_expired_imports_as_expired(owner: Caller, clock: SettableClock) -> None:
    created(upload(owner, b"date,metric,value\n2026-03-01,content_views,5\n"))
    assert owner.get("imports").json()["items"][0]["state"] == "uploaded"
    clock.advance(timedelta(hours=25))
    assert owner.get("imports").json()["items"][0]["state"] == "expired"


def test_another_sheet_of_a_workbook_is_chosen_and_a_missing_one_named(owner: Caller) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["这张表只有说明"])
    data = book.create_sheet("数据")
    data.append(["日期", "指标", "数值"])
    data.append(["2026-03-01", "content_views", 3])
    out = io.BytesIO()
    book.save(out)
    body = created(upload(owner, out.getvalue(), "book.xlsx"))
    assert body["sheets"] == ["说明", "数据"]
    assert body["sheet"] == "说明"
    chosen = owner.patch(f"imports/{body['id']}", json={"sheet": "数据"})
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["mapping"] == {"observed_at": "日期", "metric": "指标", "value": "数值"}
    assert owner.post(f"imports/{body['id']}/validate").json()["valid_rows"] == 1
    missing = owner.patch(f"imports/{body['id']}", json={"sheet": "Sheet9"})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["body", "sheet"]
