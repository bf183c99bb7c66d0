"""An import's file as mapped records, and the last one kept in this process.

The wizard's dry run, its commit and the errors CSV read the same bytes with the same
settings: the second reading is skipped. The key is the import's id and version (a
change of mapping, header row, encoding or sheet bumps the version), and one file is
kept, so memory stays bounded by one file. Only the parse is kept: everything that
depends on the workspace's data (names, stored rows, rules) is looked up each time.
"""

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from app.imports.fields import column_names
from app.imports.reading import Sheet
from app.imports.rows import Records, header_and_data, records
from app.models import DataImport


@dataclass(frozen=True)
class Parsed:
    header: list[str]
    records: Records  # shared: plans copy its errors and never change its rows


_last: tuple[tuple[uuid.UUID, int], Parsed] | None = None
_lock = threading.Lock()


def parsed(row: DataImport, read: Callable[[], Sheet]) -> Parsed:
    """The import's records; `read` is called only when this process has not kept them."""
    global _last
    key = (row.id, row.version)
    with _lock:
        kept = _last
    if kept is not None and kept[0] == key:
        return kept[1]
    sheet = read()
    header = header_and_data(sheet, row.header_row)[0]
    found = records(
        sheet, header_row=row.header_row, columns=column_names(header), mapping=row.mapping
    )
    value = Parsed(header, found)
    with _lock:
        _last = (key, value)
    return value
