"""Read reports: one Core select of `ReportRead`'s columns, with the campaign's and the
author's names by join. A draft is visible to its author only."""

import uuid
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, or_, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import AnyRow, Reader, as_dicts, enum_text, id_text
from app.core.richtext import render
from app.models import Campaign, Member, Report
from app.models.enums import ReportStatus
from app.reports.schemas import ReportRead

REPORT_NOT_FOUND = N_("Report not found.")
PARTS = ("progress", "difficulties", "next_plan", "asks")

_REPORTS = cast(Table, Report.__table__)
_CAMPAIGNS = cast(Table, Campaign.__table__)
_AUTHORS = cast(Table, Member.__table__).alias("author")
_R = _REPORTS.c

_READ = select(
    id_text(_R.id),
    id_text(_R.schedule_id),
    id_text(_R.campaign_id),
    _CAMPAIGNS.c.name.label("campaign_name"),
    id_text(_R.author_member_id),
    _AUTHORS.c.display_name.label("author_name"),
    id_text(_R.reviewer_member_id),
    _R.period_at,
    enum_text(_R.status),
    enum_text(_R.health),
    *(_R[part] for part in PARTS),
    _R.task_ids,
    _R.metrics_snapshot,
    _R.key_results_snapshot,
    _R.versions,
    _R.submitted_at,
    _R.acknowledged_at,
    id_text(_R.acknowledged_by_member_id),
    _R.acknowledgement,
    _R.created_at,
    _R.updated_at,
    _R.version,
).select_from(
    _REPORTS.join(_CAMPAIGNS, _CAMPAIGNS.c.id == _R.campaign_id).join(
        _AUTHORS, _AUTHORS.c.id == _R.author_member_id
    )
)
_REPLIES = Reader(ReportRead)


def visible(ctx: WorkspaceContext) -> ColumnElement[bool]:
    """Submitted reports, and the caller's own drafts."""
    return or_(_R.status != ReportStatus.draft, _R.author_member_id == ctx.member_id)


def _replies(rows: list[AnyRow]) -> list[ReportRead]:
    """Each distinct text of the page is rendered once, an empty part not at all."""
    rendered: dict[str, str] = {}
    values = as_dicts(rows)
    for value in values:
        html: dict[str, str] = {}
        for part in PARTS:
            text = value[part]
            if text.strip() and text not in rendered:
                rendered[text] = render(text)
            html[part] = rendered.get(text, "")
        value["html"] = html
    return _REPLIES.many(values)


def list_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None = None,
    schedule_id: uuid.UUID | None = None,
    author_member_id: uuid.UUID | None = None,
    status: ReportStatus | None = None,
    awaiting_my_acknowledgement: bool = False,
    limit: int,
    cursor: str | None,
) -> tuple[list[ReportRead], str | None]:
    stmt = _READ.where(_R.workspace_id == ctx.workspace_id, visible(ctx))
    equal: dict[Any, Any] = {
        _R.campaign_id: campaign_id,
        _R.schedule_id: schedule_id,
        _R.author_member_id: author_member_id,
        _R.status: status,
    }
    stmt = stmt.where(*(column == value for column, value in equal.items() if value is not None))
    if awaiting_my_acknowledgement:
        stmt = stmt.where(
            _R.status == ReportStatus.submitted, _R.reviewer_member_id == ctx.member_id
        )
    rows, next_cursor = paginate(
        session,
        stmt,
        order_by=(_R.created_at, _R.id),
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    return _replies(list(rows)), next_cursor


def read(
    session: Session, *, ctx: WorkspaceContext, report_id: uuid.UUID
) -> tuple[ReportRead, int]:
    """The report as the API shows it, and its version (the ETag); 404 if not here."""
    row = (
        session.connection()
        .execute(_READ.where(_R.id == report_id, _R.workspace_id == ctx.workspace_id, visible(ctx)))
        .first()
    )
    if row is None:
        raise NotFound(REPORT_NOT_FOUND)
    return _replies([row])[0], row.version
