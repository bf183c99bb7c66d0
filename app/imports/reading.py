"""From an uploaded file's bytes to rows of cleaned text cells (CSV or XLSX).

Text files: a BOM first, then strict UTF-8, then GB18030 (what Chinese Excel writes
without a BOM), then cp1252; the caller may override. A file whose lines are partly
UTF-8 and partly something else is refused (mixed encodings), never guessed.
XLSX: `openpyxl` in read-only mode, after the zip directory passed the zip-bomb guard
of `app.files.detect`; formula cells are kept as formulas so that they are refused.
Every cell is NFKC-normalised (full-width digits and letters) and trimmed; nothing is
converted to a number here, so leading zeros stay.
"""

import codecs
import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from app.core.i18n import N_
from app.files.detect import Refused, _check_zip

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
PREVIEW_ROWS = 20
ENCODINGS = ("utf-8", "utf-16", "gb18030", "cp1252")
DELIMITERS = (",", ";", "\t", "|")
FORMULA = "\x00formula:"  # a formula cell's text starts with this (never valid input)


class Unreadable(Exception):
    """The file cannot be read as a table: `message` (a catalog template) says why."""

    def __init__(self, message: str, code: str, **params: Any) -> None:
        self.message = message
        self.code = code
        self.params = params
        super().__init__(message.format(**params))


@dataclass
class Sheet:
    """A file read as a table: `rows[i]` is line/row `numbers[i]` of the file."""

    file_format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)


def clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def file_format(content: bytes) -> str:
    return "xlsx" if content.startswith(b"PK\x03\x04") else "csv"


def read(content: bytes, *, encoding: str | None = None, sheet: str | None = None) -> Sheet:
    if len(content) > MAX_BYTES:
        raise Unreadable(
            N_("A file to import may have at most {max_mb} MB."), "too_large", max_mb=10
        )
    if not content:
        raise Unreadable(N_("The file is empty."), "file_empty")
    if file_format(content) == "xlsx":
        return _read_xlsx(content, sheet)
    return _read_csv(content, encoding)


# Text ----------------------------------------------------------------------------------


def decode(content: bytes, override: str | None = None) -> tuple[str, str]:
    """The text and the encoding it was read with."""
    if override:
        try:
            return content.decode(override).lstrip("\ufeff"), override
        except (UnicodeDecodeError, LookupError):
            raise Unreadable(
                N_("The file cannot be read as {encoding}."), "encoding", encoding=override
            ) from None
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise Unreadable(N_("The file is not valid UTF-16."), "encoding") from None
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        _refuse_mixed(content)
    for candidate in ("gb18030", "cp1252"):
        try:
            return content.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    raise Unreadable(
        N_("The file's text encoding is not UTF-8, GB18030 or Windows-1252; save it as UTF-8."),
        "encoding",
    )


def _refuse_mixed(content: bytes) -> None:
    """Some lines are UTF-8 with non-ASCII text and others are not UTF-8: refuse."""
    utf8_line = None
    other_line = None
    for number, line in enumerate(content.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_line = utf8_line or number
        except UnicodeDecodeError:
            other_line = other_line or number
        if utf8_line and other_line:
            raise Unreadable(
                N_(
                    "The file mixes text encodings (line {utf8} is UTF-8, line {other} is "
                    "not); save it again with one encoding."
                ),
                "mixed_encodings",
                utf8=utf8_line,
                other=other_line,
            )


def _sniff(text: str) -> str:
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        counts = {d: sample.split("\n", 1)[0].count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(content: bytes, encoding: str | None) -> Sheet:
    text, used = decode(content, encoding)
    if "\x00" in text:
        raise Unreadable(N_("This is not a text file."), "not_text")
    delimiter = _sniff(text)
    sheet = Sheet(file_format="csv", encoding=used, delimiter=delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            sheet.rows.append([_text_cell(cell) for cell in row])
            sheet.numbers.append(reader.line_num)
            _check_count(sheet)
    except csv.Error as error:
        raise Unreadable(
            N_("Line {line} cannot be read: {reason}."),
            "csv",
            line=reader.line_num,
            reason=str(error),
        ) from None
    return sheet


def _text_cell(cell: str) -> str:
    value = cell.strip() if cell.isascii() else clean(cell)  # ASCII is NFKC already
    if value[:1] == "=" and len(value) > 1 and (value[1].isalpha() or value[1] == "("):
        return FORMULA + value
    return value


def _check_count(sheet: Sheet) -> None:
    if len(sheet.rows) > MAX_ROWS + 1:  # the header row and MAX_ROWS rows
        raise Unreadable(
            N_("A file to import may have at most {max_rows} rows; split it."),
            "too_many_rows",
            max_rows=f"{MAX_ROWS:,}",
        )


# XLSX ----------------------------------------------------------------------------------


def _read_xlsx(content: bytes, wanted: str | None) -> Sheet:
    import openpyxl  # imported on use: most imports are CSV

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_zip(archive.infolist())
            names = set(archive.namelist())
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise Unreadable(N_("This file is not an Excel workbook (.xlsx)."), "not_xlsx")
        book = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=False, keep_links=False
        )
    except Refused as refused:
        raise Unreadable(
            N_("This file is refused: it is {found}."), "zip_bomb", found=refused.found
        ) from None
    except Unreadable:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise Unreadable(N_("This Excel file is damaged and cannot be read."), "damaged") from None
    try:
        names_in_book = list(book.sheetnames)
        name = wanted if wanted in names_in_book else names_in_book[0]
        if wanted and wanted not in names_in_book:
            raise Unreadable(N_("The workbook has no sheet named {sheet}."), "sheet", sheet=wanted)
        sheet = Sheet(file_format="xlsx", sheet=name, sheets=names_in_book)
        for number, row in enumerate(book[name].iter_rows(), start=1):
            cells = [_xlsx_cell(cell) for cell in row]
            while cells and cells[-1] == "":
                cells.pop()
            if not cells:
                continue
            sheet.rows.append(cells)
            sheet.numbers.append(number)
            _check_count(sheet)
        return sheet
    finally:
        book.close()


def _xlsx_cell(cell: Any) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value[:1] == "="):
        return FORMULA + str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and "%" in str(getattr(cell, "number_format", "")):
        return f"{value * 100:.10g}%"  # shown as 100 %, stored as 1: read as shown
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))
