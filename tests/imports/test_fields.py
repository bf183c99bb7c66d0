"""Cell conversions and header suggestions, on hand-checked examples."""

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.imports import assignments, reading
from app.imports.cells import instant, number
from app.imports.fields import ImportKind, suggest

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("12", False, 12.0),
        ("12,5", False, 12.5),
        ("1,234", False, 1234.0),
        ("1,234", True, 1.234),
        ("1.234,5", False, 1234.5),
        ("1,234.5", False, 1234.5),
        ("1 234", False, 1234.0),
        ("45%", False, 0.45),
        ("-3.5", False, -3.5),
    ],
)
def test_numbers(text: str, decimal_comma: bool, expected: float) -> None:
    assert number(text, decimal_comma=decimal_comma) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["lots", "1,2,3", "nan", "inf", ""])
def test_not_numbers(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01", datetime(2026, 2, 28, 16, 0, tzinfo=UTC)),  # local midnight
        ("2026/3/1", datetime(2026, 2, 28, 16, 0, tzinfo=UTC)),
        ("2026年3月1日", datetime(2026, 2, 28, 16, 0, tzinfo=UTC)),
        ("2026-03-01 20:30", datetime(2026, 3, 1, 12, 30, tzinfo=UTC)),
        ("2026-03-01T12:00:00+00:00", datetime(2026, 3, 1, 12, 0, tzinfo=UTC)),
        ("46082", datetime(2026, 2, 28, 16, 0, tzinfo=UTC)),  # Excel serial day
        ("46082.5", datetime(2026, 3, 1, 4, 0, tzinfo=UTC)),  # and noon
    ],
)
def test_instants_are_local_to_the_workspace_and_answered_in_utc(
    text: str, expected: datetime
) -> None:
    parsed = instant(text, SHANGHAI)
    assert parsed == expected
    assert parsed.tzinfo is UTC


def test_headers_in_chinese_and_english_and_the_remembered_mapping_wins() -> None:
    columns = ["日期", "指标名称", "数值", "平台"]
    assert suggest(ImportKind.datapoints, columns) == {
        "metric": "指标名称",
        "observed_at": "日期",
        "value": "数值",
        "channel": "平台",
    }
    remembered = {"channel": "数值"}
    assert suggest(ImportKind.datapoints, columns, remembered)["channel"] == "数值"
    people = suggest(ImportKind.members, ["姓名", "E-mail", "技能", "等级"])
    assert people == {"display_name": "姓名", "email": "E-mail", "skill": "技能", "level": "等级"}


@pytest.mark.parametrize(
    ("text", "percent"),
    [("1", 1), ("1.0", 1), ("0.5", 50), ("100", 100), ("30%", 30), ("100%", 100), ("0.3", 30)],
)
def test_allocation_integers_are_percents_and_a_share_is_written_below_1(
    text: str, percent: int
) -> None:
    assert assignments.allocation(text) == percent


def test_an_xlsx_cell_formatted_as_a_percent_is_read_as_shown() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["投入比例", "n"])
    sheet.append([1, 1])
    sheet.append([0.3, 0.5])
    for cell in (sheet["A2"], sheet["A3"]):
        cell.number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    rows = reading.read(out.getvalue()).rows
    assert rows[1:] == [["100%", "1"], ["30%", "0.5"]]
    assert [assignments.allocation(row[0]) for row in rows[1:]] == [100, 30]
