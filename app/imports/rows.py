"""An import's file as mapped records, with the errors each row has before any lookup."""

import dataclasses
from dataclasses import dataclass
from typing import Any

from app.core.i18n import N_
from app.imports.reading import FORMULA, Sheet


@dataclass
class RowError:
    row: int  # the line (CSV) or row (XLSX) number in the file
    column: str | None
    field: str | None
    code: str
    message: str  # catalog template
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass
class Records:
    """Data rows as {field: cell}; `rows[i]` is file row `numbers[i]` (raw: `raw[i]`)."""

    columns: list[str]
    rows: list[dict[str, str]]
    numbers: list[int]
    raw: list[list[str]]
    errors: list[RowError]
    mapping: dict[str, str]
    decimal_comma: bool

    def bad_rows(self) -> set[int]:
        return {error.row for error in self.errors}

    def flagged(self) -> set[tuple[int, str | None]]:
        """(row, field) pairs that have an error already (a formula in that cell)."""
        return {(error.row, error.field) for error in self.errors}


def header_and_data(sheet: Sheet, header_row: int) -> tuple[list[str], list[list[str]], list[int]]:
    index = max(header_row - 1, 0)
    if index >= len(sheet.rows):
        return [], [], []
    return sheet.rows[index], sheet.rows[index + 1 :], sheet.numbers[index + 1 :]


def shown(cell: str) -> str:
    return cell.removeprefix(FORMULA)


def records(
    sheet: Sheet, *, header_row: int, columns: list[str], mapping: dict[str, str]
) -> Records:
    _, data, numbers = header_and_data(sheet, header_row)
    position = {column: i for i, column in enumerate(columns)}
    wanted = {name: position[column] for name, column in mapping.items() if column in position}
    out = Records(
        columns=columns,
        rows=[],
        numbers=numbers,
        raw=data,
        errors=[],
        mapping=mapping,
        decimal_comma=sheet.delimiter == ";",
    )
    width = len(columns)
    items = list(wanted.items())
    for cells, number in zip(data, numbers, strict=True):
        if len(cells) > width and any(cells[width:]):
            out.errors.append(
                RowError(
                    number,
                    None,
                    None,
                    "ragged_row",
                    N_("This row has {cells} cells; the header has {columns}."),
                    {"cells": len(cells), "columns": width},
                )
            )
        size = len(cells)
        record = {name: cells[i] if i < size else "" for name, i in items}
        for name, cell in record.items():
            if cell[:1] == "\x00":  # FORMULA: the rare slow path
                out.errors.append(
                    RowError(
                        number,
                        mapping[name],
                        name,
                        "formula",
                        N_("A formula ({formula}) is not imported; paste the values instead."),
                        {"formula": shown(cell)[:60]},
                    )
                )
                record[name] = ""
        out.rows.append(record)
    return out
