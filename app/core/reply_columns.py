"""The read path of one table whose reply names its columns (issue 9).

    INVESTORS = TableReads(
        Investor.__table__, InvestorRead, missing=NOT_FOUND, computed={"ticket"},
        extra=("ticket_minor", "ticket_currency"), finish=lambda v: money(v, "ticket"),
    )
    reply, version = INVESTORS.read(session, ctx=ctx, object_id=investor_id)
    items, next_cursor = INVESTORS.page(session, ctx=ctx, where=[…], order_by=(…), …)

A name the reply carries from another table comes by outer join, never by a second read:
`names={"owner_name": (OWNERS.c.display_name, OWNERS.c.id == Investor.owner_member_id)}`
with `OWNERS = Member.__table__.alias("owners")` (None when nothing matches). The join
also matches the workspace (`OWNERS.c.workspace_id` to the table's): an id that names a row
of another workspace never yields its name.

`reply_columns` selects every column named like a field of the reply (ids with `id_text`,
enums with `enum_text`, the rest as they are), leaving out `computed` fields, which
`finish(values)` makes from the `extra` columns of each row dict (e.g. `money(values,
"ticket")` folds `ticket_minor`/`ticket_currency` into `Money` or None). A page of rows
becomes replies in one `Reader` call.
"""

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Enum, Select, Table, Uuid, and_, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import AnyRow, Reader, as_dicts, enum_text, id_text

T = TypeVar("T", bound=BaseModel)
Finish = Callable[[dict[str, Any]], None]


def reply_columns(
    table: Table, reply: type[BaseModel], *, computed: Iterable[str] = ()
) -> list[Any]:
    skipped = set(computed)
    columns: list[Any] = []
    for name in reply.model_fields:
        if name in skipped:
            continue
        column = table.c[name]
        if isinstance(column.type, Uuid):
            columns.append(id_text(column))
        elif isinstance(column.type, Enum):
            columns.append(enum_text(column))
        else:
            columns.append(column)
    return columns


def money(values: dict[str, Any], name: str) -> None:
    """Replace `<name>_minor` and `<name>_currency` in `values` by `<name>` (Money or None)."""
    minor, currency = values.pop(f"{name}_minor"), values.pop(f"{name}_currency")
    values[name] = (
        None if minor is None or currency is None else {"amount_minor": minor, "currency": currency}
    )


class TableReads(Generic[T]):
    """One select of a reply's columns (plus `extra` ones and the version), as replies."""

    def __init__(
        self,
        table: Any,
        reply: type[T],
        *,
        missing: str,
        computed: Iterable[str] = (),
        extra: Sequence[str] = (),
        finish: Finish | None = None,
        names: Mapping[str, tuple[Any, Any]] | None = None,
    ) -> None:
        self.table = cast(Table, table)
        self.c = self.table.c
        joined = names or {}
        stmt: Select[Any] = select(
            *reply_columns(self.table, reply, computed={*computed, *joined}),
            *(column.label(field) for field, (column, _) in joined.items()),
            *(self.c[name] for name in extra),
            self.c.version,
        )
        for column, on in joined.values():
            named = column.table
            here = named.c.workspace_id == self.c.workspace_id
            stmt = stmt.outerjoin_from(self.table, named, and_(on, here))
        self.select = stmt
        self._missing = missing
        self._finish = finish
        self._replies = Reader(reply)

    def many(self, rows: Sequence[AnyRow], finish: Finish | None = None) -> list[T]:
        """The rows as replies; `finish` (default: the table's) completes each row dict."""
        finish = finish or self._finish
        values = as_dicts(rows)
        for value in values:
            del value["version"]
            if finish is not None:
                finish(value)
        return self._replies.many(values)

    def read(
        self,
        session: Session,
        *,
        ctx: WorkspaceContext,
        object_id: uuid.UUID,
        finish: Finish | None = None,
    ) -> tuple[T, int]:
        """The object as the API shows it, and its version (the ETag); 404 if not here."""
        row = (
            session.connection()
            .execute(
                self.select.where(self.c.id == object_id, self.c.workspace_id == ctx.workspace_id)
            )
            .first()
        )
        if row is None:
            raise NotFound(self._missing)
        return self.many([row], finish)[0], row.version

    def page(
        self,
        session: Session,
        *,
        ctx: WorkspaceContext,
        where: Iterable[ColumnElement[bool]] = (),
        order_by: Sequence[Any],
        limit: int,
        cursor: str | None,
        descending: bool = False,
        finish: Finish | None = None,
    ) -> tuple[list[T], str | None]:
        stmt = self.select.where(self.c.workspace_id == ctx.workspace_id, *where)
        rows, next_cursor = paginate(
            session, stmt, order_by=order_by, limit=limit, cursor=cursor, descending=descending
        )
        return self.many(rows, finish), next_cursor
