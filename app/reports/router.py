import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.models.enums import ReportStatus
from app.reports import digest, reads, schedules, service
from app.reports.digest_schemas import CampaignDigest
from app.reports.schemas import (
    ReportAcknowledge,
    ReportCreate,
    ReportPage,
    ReportRead,
    ReportScheduleCreate,
    ReportSchedulePage,
    ReportScheduleRead,
    ReportScheduleUpdate,
    ReportUpdate,
)
from app.workspaces.dependencies import WorkspaceDep

schedules_router = APIRouter(
    prefix="/workspaces/{workspace}/report-schedules",
    tags=["reports"],
    route_class=TransactionalRoute,
)
router = APIRouter(
    prefix="/workspaces/{workspace}/reports", tags=["reports"], route_class=TransactionalRoute
)
digest_router = APIRouter(
    prefix="/workspaces/{workspace}/campaigns/{campaign_id}/digest",
    tags=["reports"],
    route_class=TransactionalRoute,
)


@digest_router.get(
    "",
    summary="A campaign's week: tasks done and slipped, reports, goal metrics, open risks",
    description="The week (Monday to Sunday in the workspace's time zone) that contains "
    "`week`, by default this week. Open risks are difficulties of submitted reports that "
    "no reviewer has acknowledged yet.",
    responses=problem_responses(404),
)
def campaigns_digest(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    week: Annotated[
        date | None, Query(description="Any day of the week to digest; default today.")
    ] = None,
) -> CampaignDigest:
    return digest.campaign_digest(session, ctx=ctx, campaign_id=campaign_id, week=week)


@schedules_router.get(
    "",
    summary="List report schedules with each author's reporting state",
    responses=problem_responses(404),
)
def report_schedules_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID | None = None,
    author_member_id: uuid.UUID | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ReportSchedulePage:
    return schedules.list_schedules(
        session,
        ctx=ctx,
        campaign_id=campaign_id,
        author_member_id=author_member_id,
        limit=limit,
        cursor=cursor,
    )


@schedules_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a report schedule (default: weekly on Friday 18:00, 72 h grace)",
    responses=problem_responses(404),
)
def report_schedules_create(
    session: SessionDep, ctx: WorkspaceDep, schedule_in: ReportScheduleCreate, response: Response
) -> ReportScheduleRead:
    schedule = schedules.create(session, ctx=ctx, schedule_in=schedule_in)
    set_etag(response, schedule.version)
    return schedule


@schedules_router.get(
    "/{schedule_id}", summary="Get a report schedule", responses=problem_responses(404)
)
def report_schedules_get(
    session: SessionDep, ctx: WorkspaceDep, schedule_id: uuid.UUID, response: Response
) -> ReportScheduleRead:
    schedule = schedules.reply(session, ctx=ctx, schedule_id=schedule_id)
    set_etag(response, schedule.version)
    return schedule


@schedules_router.patch(
    "/{schedule_id}",
    summary="Change a report schedule (pause it with enabled=false)",
    responses=problem_responses(404),
)
def report_schedules_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    schedule_id: uuid.UUID,
    schedule_in: ReportScheduleUpdate,
    if_match: IfMatch,
    response: Response,
) -> ReportScheduleRead:
    schedule = schedules.update(
        session, ctx=ctx, schedule_id=schedule_id, schedule_in=schedule_in, if_match=if_match
    )
    set_etag(response, schedule.version)
    return schedule


@schedules_router.delete(
    "/{schedule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a report schedule (its reports stay)",
    responses=problem_responses(404),
)
def report_schedules_delete(
    session: SessionDep, ctx: WorkspaceDep, schedule_id: uuid.UUID, if_match: IfMatch
) -> None:
    schedules.delete(session, ctx=ctx, schedule_id=schedule_id, if_match=if_match)


@router.get("", summary="List reports (drafts: your own only)", responses=problem_responses(404))
def reports_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID | None = None,
    schedule_id: uuid.UUID | None = None,
    author_member_id: uuid.UUID | None = None,
    status: ReportStatus | None = None,
    awaiting_my_acknowledgement: Annotated[
        bool, Query(description="The reviewer's inbox: submitted reports waiting for you.")
    ] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ReportPage:
    items, next_cursor = reads.list_page(
        session,
        ctx=ctx,
        campaign_id=campaign_id,
        schedule_id=schedule_id,
        author_member_id=author_member_id,
        status=status,
        awaiting_my_acknowledgement=awaiting_my_acknowledgement,
        limit=limit,
        cursor=cursor,
    )
    return ReportPage(items=items, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="File a report (a private draft, or submitted with `submit: true`)",
    responses=problem_responses(404),
)
def reports_create(
    session: SessionDep, ctx: WorkspaceDep, report_in: ReportCreate, response: Response
) -> ReportRead:
    report = service.create(session, ctx=ctx, report_in=report_in)
    set_etag(response, report.version)
    return report


@router.get("/{report_id}", summary="Get a report", responses=problem_responses(404))
def reports_get(
    session: SessionDep, ctx: WorkspaceDep, report_id: uuid.UUID, response: Response
) -> ReportRead:
    report, version = reads.read(session, ctx=ctx, report_id=report_id)
    set_etag(response, version)
    return report


@router.patch(
    "/{report_id}",
    summary="Edit your report (after submission, earlier text is kept as versions)",
    responses=problem_responses(404),
)
def reports_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    report_id: uuid.UUID,
    report_in: ReportUpdate,
    if_match: IfMatch,
    response: Response,
) -> ReportRead:
    report = service.update(
        session, ctx=ctx, report_id=report_id, report_in=report_in, if_match=if_match
    )
    set_etag(response, report.version)
    return report


@router.post(
    "/{report_id}/acknowledge",
    summary="Acknowledge a submitted report (its reviewer, or an admin)",
    responses=problem_responses(404, 409),
)
def reports_acknowledge(
    session: SessionDep,
    ctx: WorkspaceDep,
    report_id: uuid.UUID,
    ack_in: ReportAcknowledge,
    if_match: IfMatch,
    response: Response,
) -> ReportRead:
    report = service.acknowledge(
        session, ctx=ctx, report_id=report_id, ack_in=ack_in, if_match=if_match
    )
    set_etag(response, report.version)
    return report
