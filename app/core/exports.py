"""Every list operation as a file: `?format=csv` or `?format=xlsx` on any `…_list` GET.

One mechanism for all of them, in the route class (`app.core.transaction`): a GET whose
reply model has `items: list[Model]` is *exportable*. Asked for a file, the route runs
its own handler page after page (200 items each, same filters, same caller, each page a
transaction of its own, following `next_cursor`) and writes the items as rows, so an
export answers exactly what the list answers, with the same permissions, and holds one
page in memory at a time. `limit` and `cursor` are ignored: a file has every row.

- The columns are the item model's fields (nested objects flattened as `parent.child`;
  lists as JSON text), so an empty list still has its header row.
- CSV: UTF-8 with a byte order mark (Excel then reads Chinese right), CRLF lines, and
  any text cell that a spreadsheet would run as a formula (starting with = + - @, a tab
  or a carriage return) prefixed with an apostrophe. Numbers stay numbers.
- XLSX: openpyxl's write-only workbook (rows go to a temporary file, not to memory);
  text cells are typed as text with Excel's quote prefix, so none is ever a formula.

A first page that is not a 200 (unknown workspace, a bad filter) is answered as it is,
as problem+json. The spec documents the `format` parameter and both media types on
every exportable operation (`document`).
"""

import csv
import io
import json
import re
import tempfile
import types
import typing
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_

PARAMETER = "format"
PAGE_SIZE = 200
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
_CHUNK = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_DEPTH = 2  # `amount.amount_minor`; deeper objects become JSON text

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
Column = tuple[str, ...]


class ListFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def item_model(response_model: Any) -> type[BaseModel] | None:
    """The item model of a list reply (`items: list[Model]`), else `None`."""
    if not (isinstance(response_model, type) and issubclass(response_model, BaseModel)):
        return None
    field = response_model.model_fields.get("items")
    if field is None or typing.get_origin(field.annotation) is not list:
        return None
    (item,) = typing.get_args(field.annotation)
    return item if isinstance(item, type) and issubclass(item, BaseModel) else None


def columns(model: type[BaseModel], prefix: Column = ()) -> list[Column]:
    """Each field's path in the JSON reply: nested objects flattened, the rest as is."""
    found: list[Column] = []
    for name, field in model.model_fields.items():
        key = field.serialization_alias or field.alias or name
        nested = _model_of(field.annotation)
        if nested is not None and len(prefix) + 1 < _MAX_DEPTH:
            found.extend(columns(nested, (*prefix, key)))
        else:
            found.append((*prefix, key))
    return found


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """`Model` for `Model` or `Model | None`; `None` for anything else."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        models = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(models) == 1:
            return _model_of(models[0])
    return None


def neutralised(cell: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def cell_value(item: dict[str, Any], column: Column) -> Any:
    value: Any = item
    for key in column:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # a number, never a formula: no apostrophe for -5
    return neutralised(str(value))


def csv_line(cells: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def exportable(handler: Handler, model: type[BaseModel], *, name: str) -> Handler:
    """`handler`, answering `?format=csv|xlsx` with the whole list as a file."""
    header = columns(model)

    async def handle(request: Request) -> Response:
        asked = request.query_params.get(PARAMETER)
        if asked is None or asked == ListFormat.json:
            return await handler(request)
        if asked not in (ListFormat.csv, ListFormat.xlsx):
            raise InvalidInput(
                N_("The export format is not known."),
                errors=[
                    field_error(("query", PARAMETER), N_("Must be json, csv or xlsx."), "enum")
                ],
            )
        first = await _page(handler, request, cursor=None)
        if isinstance(first, Response):
            return first
        pages = _pages(handler, request, first)
        stamp = request.app.state.clock.now().strftime("%Y%m%d-%H%M%S")
        filename = f"{name.removesuffix('_list')}-{stamp}.{asked}"
        disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
        if asked == ListFormat.csv:
            return StreamingResponse(
                _csv_body(header, pages), media_type=CSV_MEDIA_TYPE, headers=disposition
            )
        return StreamingResponse(
            _xlsx_body(header, pages, title=name), media_type=XLSX_MEDIA_TYPE, headers=disposition
        )

    return handle


Page = tuple[list[dict[str, Any]], str | None]


async def _page(handler: Handler, request: Request, *, cursor: str | None) -> Page | Response:
    """One page of the list, asked of the route's own handler (its own transaction)."""
    params = [
        (key, value)
        for key, value in request.query_params.multi_items()
        if key not in (PARAMETER, "limit", "cursor")
    ]
    params.append(("limit", str(PAGE_SIZE)))
    if cursor is not None:
        params.append(("cursor", cursor))
    scope = {**request.scope, "query_string": urlencode(params).encode()}
    response = await handler(Request(scope, request.receive))
    if response.status_code != 200:
        return response
    body = json.loads(bytes(response.body))
    return body["items"], body.get("next_cursor")


async def _pages(handler: Handler, request: Request, first: Page) -> AsyncIterator[list[Any]]:
    items, cursor = first
    yield items
    while cursor is not None:
        page = await _page(handler, request, cursor=cursor)
        if isinstance(page, Response):  # changed under us (deleted, access revoked): stop
            return
        items, cursor = page
        yield items


async def _csv_body(header: list[Column], pages: AsyncIterator[list[Any]]) -> AsyncIterator[bytes]:
    yield (BOM + csv_line([".".join(column) for column in header])).encode()
    async for items in pages:
        lines = (csv_line([csv_cell(cell_value(item, c)) for c in header]) for item in items)
        yield "".join(lines).encode()


async def _xlsx_body(
    header: list[Column], pages: AsyncIterator[list[Any]], *, title: str
) -> AsyncIterator[bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, ".".join(column)) for column in header])
    async for items in pages:
        rows = [[cell_value(item, c) for c in header] for item in items]
        await run_in_threadpool(_append_rows, sheet, rows)
    with tempfile.TemporaryFile() as file:
        await run_in_threadpool(workbook.save, file)
        file.seek(0)
        while chunk := await run_in_threadpool(file.read, _CHUNK):
            yield chunk


def _append_rows(sheet: WriteOnlyWorksheet, rows: list[list[Any]]) -> None:
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    text = _CONTROL.sub("", str(value))  # XML 1.0 has no other control characters
    if not text.startswith(FORMULA_STARTS):
        return text  # plain text: openpyxl writes it as a string as it is
    cell = WriteOnlyCell(sheet)
    # set as text: assigning `value` would make "=…" a formula (the stubs omit `_value`)
    cell._value = text  # type: ignore[attr-defined]
    cell.data_type = "s"
    cell.quotePrefix = True  # Excel's own apostrophe: shown as text, never run
    return cell
