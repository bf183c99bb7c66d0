"""The activity stream as a file for audits: CSV (for spreadsheets) or JSON Lines.

Streamed page by page from a session of its own (the request's transaction has ended
when the body is sent), so an export of any length holds one page in memory. CSV starts
with a UTF-8 byte order mark, so Excel reads Chinese names right, and any cell that a
spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
is prefixed with an apostrophe.
"""

from collections.abc import Iterator

from sqlalchemy.orm import Session, sessionmaker

from app.activity import reads
from app.activity.schemas import ActivityFilters, ActivityRead, ExportFormat
from app.core.exports import BOM, cell_value, csv_cell, csv_line
from app.core.permissions import WorkspaceContext

MEDIA_TYPES = {ExportFormat.csv: "text/csv; charset=utf-8", ExportFormat.jsonl: "application/jsonl"}
COLUMNS = tuple(ActivityRead.model_fields)
PAGE_SIZE = 500


def stream(
    session_factory: sessionmaker[Session],
    *,
    ctx: WorkspaceContext,
    filters: ActivityFilters,
    export_format: ExportFormat,
) -> Iterator[bytes]:
    with session_factory() as session:
        if export_format is ExportFormat.csv:
            yield (BOM + csv_line(COLUMNS)).encode()
        for page in reads.pages(session, ctx=ctx, filters=filters, size=PAGE_SIZE):
            if export_format is ExportFormat.csv:
                chunk = "".join(csv_line(_cells(item)) for item in page)
            else:
                chunk = "".join(item.model_dump_json() + "\n" for item in page)
            yield chunk.encode()


def _cells(item: ActivityRead) -> list[str]:
    values = item.model_dump(mode="json")  # before/after become JSON text in their cells
    return [csv_cell(cell_value(values, (column,))) for column in COLUMNS]
