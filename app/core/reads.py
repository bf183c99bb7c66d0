"""The read path: one Core select of exactly a reply's columns, made reply models once.

Every resource reads through a `reads.py` next to its service: a select of the columns
its reply needs (the names of referenced rows by join, not entities), whose rows the
reply model reads itself (`ReadModel` reads attributes) in one `TypeAdapter` call per
page. Writes go through the ORM and answer by re-reading through the same function, so
a reply has one definition.

Ids are read as text (`id_text`): SQLAlchemy's `Uuid` turns every id into a
`uuid.UUID` in Python, one call per value; left as the driver returns them (SQLite:
32 hex digits, PostgreSQL: a `UUID`), pydantic validates them in Rust. `ID_LIST` is the
matching parameter for `IN` lists of such ids.
"""

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter
from sqlalchemy import BindParameter, ColumnElement, Label, String, Uuid, bindparam, type_coerce


def id_text(column: ColumnElement[Any], name: str | None = None) -> Label[Any]:
    """`column` (an id) as the driver returns it, labelled `name` (default: its own key)."""
    label = name or getattr(column, "key", None)
    if label is None:
        raise ValueError("an id read as text needs a name")
    return type_coerce(column, String).label(label)


def id_list(name: str) -> BindParameter[Any]:
    """An expanding parameter `name` of ids as `id_text` reads them (or as `uuid.UUID`)."""
    return bindparam(name, expanding=True, type_=Uuid(as_uuid=False))


T = TypeVar("T")


class Reader(Generic[T]):
    """Makes rows (or mappings) of a read select into `T` replies, a page in one call."""

    def __init__(self, model: type[T]) -> None:
        self._many = TypeAdapter(list[model])  # type: ignore[valid-type]
        self._one = TypeAdapter(model)

    def many(self, rows: Sequence[Any]) -> list[T]:
        return self._many.validate_python(rows, from_attributes=True)

    def one(self, row: Any) -> T:
        return self._one.validate_python(row, from_attributes=True)
