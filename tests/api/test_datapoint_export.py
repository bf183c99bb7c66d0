"""Datapoints as CSV (UTF-8 with BOM, formula-like cells neutralised) or JSON Lines."""

import csv
import io
import json

from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.factories import Caller, created, join


def test_csv_has_a_bom_a_header_and_neutralised_formulas(owner: Caller) -> None:
    items = [
        {
            "metric": "revenue",
            "value": -5,
            "observed_at": "2026-03-01T10:00:00Z",
            "channel": "=HYPERLINK(1)",
        },
        {
            "metric": "followers",
            "value": 1200,
            "observed_at": "2026-03-02T10:00:00Z",
            "channel": "哔哩哔哩",
        },
    ]
    created(owner.post("datapoints", json={"items": items}))

    response = owner.get("datapoints/export", params={"format": "csv"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith('attachment; filename="datapoints-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [(r["metric"], r["value"], r["channel"]) for r in rows] == [
        ("revenue", "-5.0", "'=HYPERLINK(1)"),
        ("followers", "1200.0", "哔哩哔哩"),
    ]


def test_json_lines_follow_the_filters_and_viewers_may_export(
    owner: Caller, session: Session
) -> None:
    items = [
        {"metric": "backers", "value": v, "observed_at": f"2026-03-0{d}T10:00:00Z"}
        for d, v in ((1, 3), (2, 4), (3, 5))
    ]
    created(owner.post("datapoints", json={"items": items}))
    viewer = join(session, owner, Access.viewer)

    response = viewer.get(
        "datapoints/export",
        params={"format": "jsonl", "metric": "backers", "from": "2026-03-02T00:00:00Z"},
    )

    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["value"] for line in lines] == [4, 5]


def test_a_reversed_range_is_refused_before_the_file_starts(owner: Caller) -> None:
    response = owner.get(
        "datapoints/export",
        params={"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "to"]
