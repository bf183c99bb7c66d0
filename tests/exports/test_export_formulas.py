"""The audit exports (activities, datapoints) neutralise formulas as every list export does:
one function (`app.core.exports.csv_cell`) writes their cells."""

import csv
import io

from tests.api.helpers import make_member
from tests.factories import Caller, created


def csv_rows(owner: Caller, path: str) -> list[dict[str, str]]:
    response = owner.get(path, params={"format": "csv"})
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_an_activity_named_like_a_formula_is_exported_as_text(owner: Caller) -> None:
    make_member(owner, display_name="=1+1")

    rows = csv_rows(owner, "activities/export")

    created_row = next(row for row in rows if row["verb"] == "member.created")
    assert created_row["subject_name"] == "'=1+1"


def test_a_datapoint_channel_like_a_formula_is_exported_as_text(owner: Caller) -> None:
    point = {"metric": "revenue", "value": -2, "observed_at": "2026-03-01T10:00:00Z"}
    created(owner.post("datapoints", json={"items": [{**point, "channel": "=1+1"}]}))

    [row] = csv_rows(owner, "datapoints/export")

    assert (row["channel"], row["value"]) == ("'=1+1", "-2.0")  # a number is never prefixed
