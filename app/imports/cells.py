"""The conversions of one cleaned cell of an imported sheet: numbers (a decimal comma, a
thousands separator, a percent sign) and dates or instants (ISO, common written forms,
Excel serial day numbers)."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL = re.compile(r"\d{5}(\.\d+)?")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%d.%m.%Y")
_TIME_FORMATS = ("%H:%M:%S", "%H:%M")


def number(text: str, *, decimal_comma: bool = False) -> float:
    """`1,234.5`, `1.234,5`, `12,5`, `1 234`, `45%` → float; ValueError otherwise."""
    if "," not in text:
        try:
            plain = float(text)  # most cells: one C call
        except ValueError:
            pass
        else:
            if plain != plain or plain in (float("inf"), float("-inf")):
                raise ValueError(text)
            return plain
    value = text.replace("\u00a0", "").replace(" ", "").replace("'", "")
    percent = value.endswith("%")
    if percent:
        value = value[:-1]
    if "," in value and "." in value:
        if value.rfind(",") > value.rfind("."):
            value = value.replace(".", "").replace(",", ".")
        else:
            value = value.replace(",", "")
    elif "," in value:
        if _THOUSANDS.match(value) and not decimal_comma:
            value = value.replace(",", "")
        elif value.count(",") == 1:
            value = value.replace(",", ".")
        else:
            raise ValueError(text)
    result = float(value)
    if result != result or result in (float("inf"), float("-inf")):
        raise ValueError(text)
    return result / 100 if percent else result


def instant(text: str, tz: ZoneInfo) -> datetime:
    """A date, a date and time (ISO or common forms), or an Excel serial day number.

    A date alone is midnight, and a time without an offset is local, in `tz`; the
    answer is in UTC.
    """
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        if _SERIAL.fullmatch(text):  # Excel serial: 25569 = 1970-01-01
            serial = float(text)
            if not 1 <= serial < 2958466:
                raise
            local = datetime.combine(EXCEL_EPOCH, time()) + timedelta(days=serial)
            return local.replace(microsecond=0, tzinfo=tz).astimezone(UTC)
        parsed = _parse_forms(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC)  # UTC: compared and hashed fast, stored as is


def _parse_forms(text: str) -> datetime:
    day_text, _, time_text = text.partition(" ")
    for date_format in _DATE_FORMATS:
        try:
            day = datetime.strptime(day_text, date_format).date()
        except ValueError:
            continue
        if not time_text:
            return datetime.combine(day, time())
        for time_format in _TIME_FORMATS:
            try:
                moment = datetime.strptime(time_text.strip(), time_format).time()
            except ValueError:
                continue
            return datetime.combine(day, moment)
    raise ValueError(text)


def day(text: str) -> date:
    """A calendar day: ISO or a common form (`2026/12/04`, `2026年12月4日`), or an Excel serial.

    A date and time counts as the day it names (its own offset, not converted).
    """
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    if _SERIAL.fullmatch(text):
        serial = float(text)
        if not 1 <= serial < 2958466:
            raise ValueError(text)
        return EXCEL_EPOCH + timedelta(days=int(serial))
    return _parse_forms(text).date()
