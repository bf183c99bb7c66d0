"""Column values to JSON and back, by the column's type (the same for every table)."""

import base64
import enum
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary


def to_json(value: Any) -> Any:
    """`json.dumps`'s `default`: what JSON has no type for, as text."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(f"{type(value).__name__} is not exportable")


def from_json(column: Column[Any], value: Any) -> Any:
    """The Python value `column` takes for the document's `value` (ValueError if wrong)."""
    if value is None or isinstance(column.type, JSON):
        return value
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is uuid.UUID:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(_text(value))
    if python_type is datetime:
        parsed = datetime.fromisoformat(_text(value))
        if parsed.tzinfo is None:
            raise ValueError("a time without an offset")
        return parsed
    if python_type is date:
        return date.fromisoformat(_text(value))
    if python_type is time:
        return time.fromisoformat(_text(value))
    if python_type is Decimal:
        return Decimal(_text(value))
    if isinstance(python_type, type) and issubclass(python_type, enum.Enum):
        return python_type(value)
    if python_type is bool:
        if not isinstance(value, bool):
            raise ValueError("not true or false")
        return value
    if python_type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("not an integer")
        return value
    if python_type is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("not a number")
        return float(value)
    if python_type is str:
        return _text(value)
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value
