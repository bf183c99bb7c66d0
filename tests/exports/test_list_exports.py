"""Every list operation as a file: `?format=csv` (UTF-8 BOM, formulas neutralised) and
`?format=xlsx`, all pages, the list's own filters and permissions."""

import csv
import io
from typing import Any

import openpyxl
from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from app.core import exports
from app.models.enums import Access
from tests.api.helpers import make_member
from tests.factories import Caller, created, join


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_members_as_csv_have_a_bom_a_header_and_neutralised_formulas(owner: Caller) -> None:
    make_member(owner, display_name='=HYPERLINK("http://x")', title="@SUM(A1)")
    make_member(owner, display_name="林小雨", title="-2+3")

    response = owner.get("members", params={"format": "csv", "limit": 1})

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="members-')
    rows = csv_rows(response.content.decode("utf-8"))
    by_name = {row["display_name"]: row for row in rows}
    assert '\'=HYPERLINK("http://x")' in by_name
    assert by_name['\'=HYPERLINK("http://x")']["title"] == "'@SUM(A1)"
    assert by_name["林小雨"]["title"] == "'-2+3"
    assert len(rows) == 3  # the owner too: `limit` does not cut a file
    assert not any(cell.startswith(exports.FORMULA_STARTS) for row in rows for cell in row.values())


def test_an_export_holds_every_page_and_follows_the_filters(owner: Caller) -> None:
    items = [
        {
            "metric": "revenue",
            "value": -i,
            "observed_at": f"2026-03-01T{i // 60:02d}:{i % 60:02d}:00Z",
        }
        for i in range(450)
    ]
    created(owner.post("datapoints", json={"items": items}))
    created(
        owner.post(
            "datapoints",
            json={
                "items": [{"metric": "backers", "value": 1, "observed_at": "2026-03-01T00:00:00Z"}]
            },
        )
    )

    response = owner.get("datapoints", params={"format": "csv", "metric": "revenue"})

    rows = csv_rows(response.text)
    assert len(rows) == 450
    assert {row["metric"] for row in rows} == {"revenue"}
    assert rows[1]["value"] == "-1.0"  # a number stays a number: no apostrophe


def test_xlsx_is_a_workbook_whose_text_cells_are_never_formulas(owner: Caller) -> None:
    make_member(owner, display_name="=1+1", title="频道运营")

    response = owner.get("members", params={"format": "xlsx"})

    assert response.status_code == 200
    assert response.headers["content-type"] == exports.XLSX_MEDIA_TYPE
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert "display_name" in header
    assert "id" in header
    column = header.index("display_name")
    cells = {row[column].value: row[column] for row in sheet.iter_rows(min_row=2)}
    formula = cells["=1+1"]
    assert formula.data_type == "s"
    assert formula.quotePrefix
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    titles = [row[header.index("title")].value for row in sheet.iter_rows(min_row=2)]
    assert "频道运营" in titles


def test_nested_objects_are_flattened_and_an_empty_list_still_has_its_header(
    owner: Caller,
) -> None:
    response = owner.get("deals", params={"format": "csv"})

    assert response.status_code == 200
    header = next(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))
    assert "value.amount_minor" in header
    assert "value.currency" in header
    assert response.text.count("\r\n") == 1


def test_a_bad_format_is_a_422_naming_the_field(owner: Caller) -> None:
    response = owner.get("members", params={"format": "pdf"})

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["loc"] == ["query", "format"]


def test_exports_keep_the_lists_permissions(
    owner: Caller, outsider: Caller, session: Session
) -> None:
    stranger = outsider.in_workspace(owner.workspace).get("members", params={"format": "csv"})
    assert stranger.status_code == 404
    assert stranger.headers["content-type"].startswith("application/problem+json")

    viewer = join(session, owner, Access.viewer, write=False)
    invites = viewer.get("invites", params={"format": "csv"})
    assert invites.status_code == 403  # invites are for admins, as a page or as a file

    members = viewer.get("members", params={"format": "csv"})
    assert members.status_code == 200


def test_a_bad_filter_is_answered_before_any_file(owner: Caller) -> None:
    response = owner.get("datapoints", params={"format": "csv", "from": "yesterday"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "from"]


def test_every_list_operation_is_exportable_and_documented(app: FastAPI) -> None:
    spec: dict[str, Any] = app.openapi()
    lists = [
        route
        for route in app.routes
        if isinstance(route, APIRoute)
        and route.name.endswith("_list")
        and "GET" in (route.methods or set())
    ]
    assert len(lists) > 25
    for route in lists:
        assert exports.item_model(route.response_model) is not None, route.name
        operation = spec["paths"][route.path_format]["get"]
        names = [p["name"] for p in operation["parameters"]]
        assert names.count("format") == 1, route.name
        content = operation["responses"]["200"]["content"]
        assert {"application/json", "text/csv", exports.XLSX_MEDIA_TYPE} <= set(content)
