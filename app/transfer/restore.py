"""A workspace export restored as a NEW workspace: new ids, every reference intact.

Two passes over the document. The first checks its shape (the first line, known tables
in order, known columns, the closing count) and gives every row that has an id a new
one. The second inserts the rows, table by table, with every id replaced: foreign keys
must point at a row of the document (else the import is refused), ids kept without a
foreign key (an activity's subject) and ids inside JSON (an activity's before/after)
are replaced when they name a row of the document. Users are not part of a workspace:
the document names them by email, and `link` decides which local users the members
become again (others stay members without a login, and without access). It all runs in
the caller's transaction: a refused document leaves nothing behind.
"""

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Connection, Table, insert, select, update
from sqlalchemy.orm import Session

from app.activity.ids import uuid7
from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.metrics import rollups
from app.models import User
from app.models.enums import Access
from app.transfer import codec, registry
from app.transfer.document import FORMAT, VERSION

Opener = Callable[[], AbstractContextManager[Iterable[bytes]]]
_BATCH = 1000
_ID_LENGTH = 36


@dataclass
class Restored:
    workspace_id: uuid.UUID
    rows: dict[str, int]
    ids: dict[uuid.UUID, uuid.UUID] = field(repr=False)


def refused(message: str, **params: Any) -> InvalidInput:
    return InvalidInput(
        N_("The workspace export cannot be imported."),
        errors=[field_error(("body", "file"), message, "document", **params)],
    )


def restore(
    session: Session,
    *,
    open_document: Opener,
    slug: str,
    name: str | None,
    owner: User | None,
    link_all_users: bool,
) -> Restored:
    """Insert the document as the workspace `slug`; `owner` (if any) becomes its owner.

    `link_all_users`: link members to the local users with their emails (the server's
    admin restoring a backup); otherwise only `owner` is linked (an API import).
    """
    tables = registry.tables()
    header, users, ids = _scan(open_document, tables)
    connection = session.connection()
    workspace_row = _workspace_row(header, tables["workspaces"], ids, slug=slug, name=name)
    connection.execute(insert(tables["workspaces"]), [workspace_row])
    user_ids = _link_users(session, users, owner=owner, link_all=link_all_users)
    counts = _insert_rows(connection, open_document, tables, ids, user_ids)
    workspace_id = workspace_row["id"]
    if owner is not None:
        _ensure_owner(session, workspace_id=workspace_id, owner=owner)
    rollups.rebuild(connection, workspace_id=workspace_id, timezone=workspace_row["timezone"])
    return Restored(workspace_id=workspace_id, rows=counts, ids=ids)


def _lines(open_document: Opener) -> Iterator[tuple[int, Any]]:
    with open_document() as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                raise refused(N_("Line {line} is not JSON."), line=number) from None


def _scan(
    open_document: Opener, tables: dict[str, Table]
) -> tuple[dict[str, Any], dict[uuid.UUID, str], dict[uuid.UUID, uuid.UUID]]:
    """The header, the users named, and a new id for every row that has one."""
    order = {table.name: position for position, table in enumerate(registry.ordered())}
    order["users"] = -1
    header: dict[str, Any] | None = None
    users: dict[uuid.UUID, str] = {}
    ids: dict[uuid.UUID, uuid.UUID] = {}
    position, rows, ended = -1, 0, False
    for number, line in _lines(open_document):
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
        raise _invalid(number, table, column) from None


def _occurred_at(row: dict[str, Any], number: int) -> datetime:
    try:
        moment = datetime.fromisoformat(row["occurred_at"])
    except (KeyError, TypeError, ValueError):
        raise _invalid(number, "activities", "occurred_at") from None
    if moment.tzinfo is None:
        raise _invalid(number, "activities", "occurred_at")
    return moment


def _invalid(number: int, table: str, column: str) -> InvalidInput:
    return refused(
        N_("Line {line}: {column} of {table} is not valid."),
        line=number,
        table=table,
        column=column,
    )


def _workspace_row(
    header: dict[str, Any],
    table: Table,
    ids: dict[uuid.UUID, uuid.UUID],
    *,
    slug: str,
    name: str | None,
) -> dict[str, Any]:
    source = header["workspace"]
    row = {}
    for column in table.c:
        if column.name not in source:
            continue
        try:
            row[column.name] = codec.from_json(column, source[column.name])
        except (TypeError, ValueError):
            raise _invalid(1, "workspaces", column.name) from None
    row["id"] = ids[uuid.UUID(str(source["id"]))]
    row["slug"] = slug
    row["version"] = 1
    if name:
        row["name"] = name
    row.setdefault("timezone", "UTC")
    return row


def _link_users(
    session: Session, users: dict[uuid.UUID, str], *, owner: User | None, link_all: bool
) -> dict[uuid.UUID, uuid.UUID | None]:
    """The local user each user of the document becomes (by email), or `None`."""
    emails = {email.lower() for email in users.values()}
    local: dict[str, uuid.UUID] = {}
    if link_all and emails:
        found = session.execute(select(User.email, User.id).where(User.email.in_(emails)))
        local = {email.lower(): user_id for email, user_id in found}
    if owner is not None:
        local[owner.email.lower()] = owner.id
    return {old: local.get(email.lower()) for old, email in users.items()}


def _insert_rows(
    connection: Connection,
    open_document: Opener,
    tables: dict[str, Table],
    ids: dict[uuid.UUID, uuid.UUID],
    user_ids: dict[uuid.UUID, uuid.UUID | None],
) -> dict[str, int]:
    counts: dict[str, int] = {}
    pending: list[dict[str, Any]] = []
    current: Table | None = None
    first = True
    for number, line in _lines(open_document):
        if first or line.get("end") is True or line["table"] == "users":
            first = False
            continue
        table = tables[line["table"]]
        if table is not current:
            _flush(connection, current, pending)
            current, pending = table, []
        pending.append(_values(table, line["row"], number, ids, user_ids))
        counts[table.name] = counts.get(table.name, 0) + 1
        if len(pending) >= _BATCH and not registry.self_references(table):
            _flush(connection, table, pending)
            pending = []
    _flush(connection, current, pending)
    return counts


def _values(
    table: Table,
    row: dict[str, Any],
    number: int,
    ids: dict[uuid.UUID, uuid.UUID],
    user_ids: dict[uuid.UUID, uuid.UUID | None],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, raw in row.items():
        column = table.c[key]
        try:
            value = codec.from_json(column, raw)
        except (TypeError, ValueError, ArithmeticError):
            raise _invalid(number, table.name, key) from None
        values[key] = _replace(table, column, value, number, ids, user_ids)
    if table.name == "members" and values.get("user_id") is None:
        values["access"] = None  # access belongs to a login
    return values


def _replace(
    table: Table,
    column: Column[Any],
    value: Any,
    number: int,
    ids: dict[uuid.UUID, uuid.UUID],
    user_ids: dict[uuid.UUID, uuid.UUID | None],
) -> Any:
    if value is None:
        return None
    if (table.name, column.name) in registry.USER_COLUMNS:
        return user_ids.get(value)
    if isinstance(value, uuid.UUID):
        if value in ids:
            return ids[value]
        if column.foreign_keys:
            raise refused(
                N_("Line {line}: {column} of {table} refers to a row that is not in the document."),
                line=number,
                table=table.name,
                column=column.name,
            )
        return value  # a subject since deleted: it names nothing here either
    if isinstance(column.type, JSON):
        return _replace_in_json(value, ids)
    return value


def _replace_in_json(value: Any, ids: dict[uuid.UUID, uuid.UUID]) -> Any:
    if isinstance(value, str) and len(value) == _ID_LENGTH:
        try:
            found = ids.get(uuid.UUID(value))
        except ValueError:
            return value
        return str(found) if found is not None else value
    if isinstance(value, list):
        return [_replace_in_json(item, ids) for item in value]
    if isinstance(value, dict):
        return {_replace_in_json(k, ids): _replace_in_json(v, ids) for k, v in value.items()}
    return value


def _flush(connection: Connection, table: Table | None, rows: list[dict[str, Any]]) -> None:
    if table is None or not rows:
        return
    references = registry.self_references(table)
    if references:  # one by one, in order: a parent before its children
        for row in _parents_first(table, rows, references):
            connection.execute(insert(table), [row])
        return
    groups: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row in rows:  # an older export may lack a newer column: its default applies
        groups.setdefault(frozenset(row), []).append(row)
    for batch in groups.values():
        connection.execute(insert(table), batch)


def _parents_first(
    table: Table, rows: list[dict[str, Any]], references: list[str]
) -> list[dict[str, Any]]:
    placed: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    remaining = rows
    while remaining:
        waiting = []
        for row in remaining:
            if all(row.get(c) is None or row.get(c) in placed for c in references):
                ordered.append(row)
                placed.add(row["id"])
            else:
                waiting.append(row)
        if len(waiting) == len(remaining):
            raise refused(
                N_("The rows of {table} refer to each other in a circle."), table=table.name
            )
        remaining = waiting
    return ordered


def _ensure_owner(session: Session, *, workspace_id: uuid.UUID, owner: User) -> None:
    """`owner`'s member (linked by email, or new) owns the workspace."""
    connection = session.connection()
    members = registry.tables()["members"]
    mine = connection.execute(
        select(members.c.id).where(
            members.c.workspace_id == workspace_id, members.c.user_id == owner.id
        )
    ).scalar()
    if mine is None:
        mine = connection.execute(
            select(members.c.id).where(
                members.c.workspace_id == workspace_id,
                members.c.email == owner.email,
                members.c.user_id.is_(None),
            )
        ).scalar()
    if mine is None:
        connection.execute(
            insert(members).values(
                id=uuid.uuid4(),
                workspace_id=workspace_id,
                user_id=owner.id,
                display_name=owner.display_name,
                email=owner.email,
                access=Access.owner,
            )
        )
        return
    connection.execute(
        update(members).where(members.c.id == mine).values(user_id=owner.id, access=Access.owner)
    )
