"""A workspace export restored as a NEW workspace: new ids, every reference intact.

Two passes over the document. The first (`scan.py`) checks its shape (the first line,
known tables in order, known columns, the closing count) and gives every row that has an
id a new one. The second inserts the rows, table by table, with every id replaced: foreign keys
must point at a row of the document (else the import is refused), ids kept without a
foreign key (an activity's subject) and ids inside JSON (an activity's before/after)
are replaced when they name a row of the document. Users are not part of a workspace:
the document names them by email, and `link` decides which local users the members
become again (others stay members without a login, and without access). It all runs in
the caller's transaction: a refused document leaves nothing behind.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Column, Connection, Table, insert, select, update
from sqlalchemy.orm import Session

from app.core.i18n import N_
from app.metrics import rollups
from app.models import User
from app.models.enums import Access
from app.transfer import codec, registry
from app.transfer.scan import Opener, invalid, lines, refused, scan

_BATCH = 1000
_ID_LENGTH = 36


@dataclass
class Restored:
    workspace_id: uuid.UUID
    rows: dict[str, int]
    ids: dict[uuid.UUID, uuid.UUID] = field(repr=False)


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
    header, users, ids = scan(open_document, tables)
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
            raise invalid(1, "workspaces", column.name) from None
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
    for number, line in lines(open_document):
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
            raise invalid(number, table.name, key) from None
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
