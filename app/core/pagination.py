"""Keyset (cursor) pagination: stable at any depth, opaque to clients."""

import base64
import binascii
import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import Column, Select, literal, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.errors import InvalidCursor
from app.core.i18n import N_

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

T = TypeVar("T")
# An ORM attribute (`Member.id`) or a table column (`members.c.id`).
OrderColumn = InstrumentedAttribute[Any] | Column[Any]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; `null` on the last page."
    )


Limit = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1–{MAX_LIMIT} (larger is refused)."),
]
Cursor = Annotated[
    str | None,
    Query(max_length=1000, description="The `next_cursor` of the previous page."),
]


def _encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else str(v) for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str, columns: Sequence[OrderColumn]) -> list[Any]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(columns):
            raise ValueError("wrong shape")
        return [_parse(value, column) for value, column in zip(raw, columns, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor(N_("The cursor is malformed; start again without it.")) from exc


def cursor_values(cursor: str, order_by: Sequence[OrderColumn]) -> list[Any]:
    """The keyset values a cursor carries (for a query that bounds its parts itself)."""
    return _decode(cursor, order_by)


def _parse(value: Any, column: OrderColumn) -> Any:
    if not isinstance(value, str):
        raise TypeError("cursor values are strings")
    python_type = column.type.python_type
    if python_type is uuid.UUID:
        return uuid.UUID(value)
    if python_type is datetime:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("naive datetime in cursor")
        return parsed
    if python_type is date:
        return date.fromisoformat(value)
    if python_type in (int, float):
        return python_type(value)
    return value


def paginate(
    session: Session,
    stmt: Select[*tuple[Any, ...]],
    *,
    order_by: Sequence[OrderColumn],
    limit: int,
    cursor: str | None,
    descending: bool = False,
) -> tuple[list[Any], str | None]:
    """Run `stmt` ordered by `order_by` (non-null, unique as a whole; ascending unless
    `descending`).

    Returns one page and the cursor of the next page. The page holds entities when
    `stmt` selects one entity; tuples whose first item is the ordered entity when it
    selects an entity and more; rows when it selects columns (which must then include
    the `order_by` columns under their own names, as `select(members.c.id, …)` does).
    """
    if cursor:
        values = _decode(cursor, order_by)
        bound = [literal(v, column.type) for v, column in zip(values, order_by, strict=True)]
        key, after = tuple_(*order_by), tuple_(*bound)
        stmt = stmt.where(key < after if descending else key > after)
    ordering = [column.desc() for column in order_by] if descending else list(order_by)
    result = session.execute(stmt.order_by(*ordering).limit(limit + 1))
    first = stmt.column_descriptions[0]
    entities = first.get("entity") is not None and first["expr"] is first["entity"]
    single = entities and len(stmt.column_descriptions) == 1
    rows: list[Any] = list(result.scalars().unique()) if single else list(result.all())
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    anchor = rows[-1][0] if entities and not single else rows[-1]
    return rows, _encode([getattr(anchor, column.key) for column in order_by])
