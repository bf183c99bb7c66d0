"""Datapoints as a file (CSV for spreadsheets, or JSON Lines), streamed page by page from
a session of its own. CSV starts with a UTF-8 byte order mark (Excel then reads Chinese
right) and cells a spreadsheet would run as formulas are neutralised (as activities)."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from app.activity.export import MEDIA_TYPES
from app.activity.schemas import ExportFormat
from app.core.exports import BOM, csv_cell, csv_line
from app.core.permissions import WorkspaceContext
from app.metrics import reads
from app.metrics.schemas import DatapointRead

__all__ = ["MEDIA_TYPES", "DatapointFilters", "stream"]
COLUMNS = (
    "observed_at",
    "metric",
    "value",
    "channel",
    "campaign_id",
    "member_id",
    "id",
    "created_at",
)
PAGE_SIZE = 200


@dataclass(frozen=True)
class DatapointFilters:
    metric: str | None
    campaign_id: uuid.UUID | None
    member_id: uuid.UUID | None
    channel: str | None
    start: datetime | None
    end: datetime | None


def stream(
    session_factory: sessionmaker[Session],
    *,
    ctx: WorkspaceContext,
    filters: DatapointFilters,
    export_format: ExportFormat,
) -> Iterator[bytes]:
    with session_factory() as session:
        if export_format is ExportFormat.csv:
            yield (BOM + csv_line(COLUMNS)).encode()
        cursor: str | None = None
        while True:
            items, cursor = reads.list_datapoints(
                session,
                ctx=ctx,
                metric=filters.metric,
                campaign_id=filters.campaign_id,
                member_id=filters.member_id,
                channel=filters.channel,
                start=filters.start,
                end=filters.end,
                limit=PAGE_SIZE,
                cursor=cursor,
            )
            if export_format is ExportFormat.csv:
                yield "".join(csv_line(_cells(item)) for item in items).encode()
            else:
                yield "".join(item.model_dump_json() + "\n" for item in items).encode()
            if cursor is None:
                return


def _cells(item: DatapointRead) -> list[str]:
    values = item.model_dump(mode="json")
    values["value"] = item.value  # a number, never a formula: no apostrophe for -5
    return [csv_cell(values[c]) for c in COLUMNS]
