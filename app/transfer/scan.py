"""The first pass over a workspace export: its shape is checked (the first line, known
tables in order, known columns, the closing count) and every row that has an id is given
a new one. Whatever is wrong refuses the whole document, with the line it is on."""

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from sqlalchemy import Table

from app.activity.ids import uuid7
from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.transfer import registry
from app.transfer.document import FORMAT, VERSION

Opener = Callable[[], AbstractContextManager[Iterable[bytes]]]


def refused(message: str, **params: Any) -> InvalidInput:
    return InvalidInput(
        N_("The workspace export cannot be imported."),
        errors=[field_error(("body", "file"), message, "document", **params)],
    )


def lines(open_document: Opener) -> Iterator[tuple[int, Any]]:
    with open_document() as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                raise refused(N_("Line {line} is not JSON."), line=number) from None


def scan(
    open_document: Opener, tables: dict[str, Table]
) -> tuple[dict[str, Any], dict[uuid.UUID, str], dict[uuid.UUID, uuid.UUID]]:
    """The header, the users named, and a new id for every row that has one."""
    order = {table.name: position for position, table in enumerate(registry.ordered())}
    order["users"] = -1
    header: dict[str, Any] | None = None
    users: dict[uuid.UUID, str] = {}
    ids: dict[uuid.UUID, uuid.UUID] = {}
    position, rows, ended = -1, 0, False
    for number, line in lines(open_document):
        if header is None:
            header = _header(line)
            ids[_uuid(header["workspace"].get("id"), number, "workspaces", "id")] = uuid.uuid4()
            continue
        if ended:
            raise refused(N_("Line {line} comes after the last line."), line=number)
        if isinstance(line, dict) and line.get("end") is True:
            if line.get("rows") != rows:
                raise refused(
                    N_("The document counts {expected} rows but holds {found}."),
                    expected=str(line.get("rows")),
                    found=str(rows),
                )
            ended = True
            continue
        name, row = _entry(line, number, tables, order)
        if order[name] < position:
            raise refused(
                N_("Line {line}: the rows of {table} come out of order."), line=number, table=name
            )
        position = order[name]
        rows += 1
        if name == "users":
            email = row.get("email")
            if not isinstance(email, str):
                raise refused(N_("Line {line}: a user needs an email."), line=number)
            users[_uuid(row.get("id"), number, name, "id")] = email
            continue
        old = _row_id(tables[name], row, number)
        if old is None:
            continue
        if old in ids:
            raise refused(N_("Line {line}: another row has the same id."), line=number)
        ids[old] = uuid7(_occurred_at(row, number)) if name == "activities" else uuid.uuid4()
    if header is None:
        raise refused(N_("The file is empty."))
    if not ended:
        raise refused(N_("The document ends before its last line; it may have been cut."))
    return header, users, ids


def _header(line: Any) -> dict[str, Any]:
    if (
        not isinstance(line, dict)
        or line.get("format") != FORMAT
        or line.get("version") != VERSION
        or not isinstance(line.get("workspace"), dict)
    ):
        raise refused(N_("The first line does not describe a Troupe workspace export (version 1)."))
    return line


def _entry(
    line: Any, number: int, tables: dict[str, Table], order: dict[str, int]
) -> tuple[str, dict[str, Any]]:
    if not isinstance(line, dict) or not isinstance(line.get("row"), dict):
        raise refused(N_("Line {line} is not a row of a workspace export."), line=number)
    name = line.get("table")
    if not isinstance(name, str) or name not in order:
        raise refused(
            N_("Line {line}: {table} is not a table of a workspace export."),
            line=number,
            table=str(name)[:64],
        )
    row: dict[str, Any] = line["row"]
    if name != "users":
        unknown = [key for key in row if key not in tables[name].c]
        if unknown:
            raise refused(
                N_("Line {line}: {table} has no column {column}."),
                line=number,
                table=name,
                column=unknown[0][:64],
            )
    return name, row


def _row_id(table: Table, row: dict[str, Any], number: int) -> uuid.UUID | None:
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or keys[0].name != "id":
        return None
    return _uuid(row.get("id"), number, table.name, "id")


def _uuid(value: Any, number: int, table: str, column: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError, AttributeError):
        raise invalid(number, table, column) from None


def _occurred_at(row: dict[str, Any], number: int) -> datetime:
    try:
        moment = datetime.fromisoformat(row["occurred_at"])
    except (KeyError, TypeError, ValueError):
        raise invalid(number, "activities", "occurred_at") from None
    if moment.tzinfo is None:
        raise invalid(number, "activities", "occurred_at")
    return moment


def invalid(number: int, table: str, column: str) -> InvalidInput:
    return refused(
        N_("Line {line}: {column} of {table} is not valid."),
        line=number,
        table=table,
        column=column,
    )
