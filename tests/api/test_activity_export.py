"""The audit export: every matching activity, streamed, as CSV that Excel opens right and
cannot be tricked into running formulas, or as JSON Lines."""

import csv
import io
import json

import pytest
from sqlalchemy import Connection

from app.activity import export
from app.core.clock import SettableClock
from tests.api.helpers import make_member
from tests.factories import Caller, count_statements


def test_csv_has_a_bom_a_header_and_neutralised_formula_cells(
    owner: Caller, clock: SettableClock
) -> None:
    make_member(owner, display_name='=HYPERLINK("http://evil")')
    make_member(owner, display_name="-2+3")
    make_member(owner, display_name="林晓雨")

    response = owner.get("activities/export", params={"verb": "member.created"})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition == (
        f'attachment; filename="activities-{owner.workspace}-20261130-090000.csv"'
    )
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row["subject_name"] for row in rows]
    assert names == ['\'=HYPERLINK("http://evil")', "'-2+3", "林晓雨"]  # oldest first
    assert {row["verb"] for row in rows} == {"member.created"}
    assert json.loads(rows[2]["after"])["display_name"] == "林晓雨"


def test_json_lines_carry_every_activity_page_by_page(
    owner: Caller, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(12):
        owner.post("skills", json={"key": f"k{n}", "name": f"Skill {n}", "category": "creative"})
    expected = owner.get("activities", params={"limit": 200, "order": "oldest"}).json()["items"]
    monkeypatch.setattr(export, "PAGE_SIZE", 5)
    statements = count_statements(connection)

    response = owner.get("activities/export", params={"format": "jsonl"})

    lines = [json.loads(line) for line in response.text.splitlines()]
    assert response.headers["content-type"].startswith("application/jsonl")
    assert len(expected) == 13  # the workspace's creation and 12 skills
    assert [line["id"] for line in lines] == [item["id"] for item in expected]
    assert lines[-1]["verb"] == "skill.created"
    pages = [s for s in statements if "FROM activities" in s]
    assert len(pages) == 3  # 5 + 5 + 3: a statement per page, not per activity


def test_export_of_another_workspace_is_not_found(owner: Caller, outsider: Caller) -> None:
    assert owner.in_workspace(outsider.workspace).get("activities/export").status_code == 404
    assert owner.get("activities/export", params={"format": "xlsx"}).status_code == 422
