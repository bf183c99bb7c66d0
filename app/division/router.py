import uuid

from fastapi import APIRouter, Response

from app.core.openapi import problem_responses
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.division import service, settings
from app.division.paging import (
    DEFAULT_LIMIT,
    CampaignQuery,
    CodeQuery,
    CursorQuery,
    FindingFilter,
    LimitQuery,
    MemberQuery,
    SeverityQuery,
    WorkspaceWideQuery,
)
from app.division.periods import FromQuery, OnQuery, ToQuery
from app.division.schemas import CampaignHealth, WorkspaceHealth
from app.division.settings import DivisionSettingsRead, DivisionSettingsUpdate
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}", tags=["division"], route_class=TransactionalRoute
)


@router.get(
    "/campaigns/{campaign_id}/health",
    summary="Check a campaign's division of labour (findings in your language)",
    responses=problem_responses(404),
)
def campaigns_health(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    on: OnQuery = None,
    start: FromQuery = None,
    end: ToQuery = None,
) -> CampaignHealth:
    return service.campaign_health(
        session, ctx=ctx, campaign_id=campaign_id, on=on, start=start, end=end
    )


@router.get(
    "/health",
    summary="Check the division of labour of every planning, active or paused campaign",
    description="Counts first (`summary`, `campaigns`, `groups`), then a page of the "
    "findings, narrowed by `severity`, `code`, `campaign_id` and `member_id`.",
    responses=problem_responses(400, 404),
)
def workspaces_health(
    session: SessionDep,
    ctx: WorkspaceDep,
    on: OnQuery = None,
    start: FromQuery = None,
    end: ToQuery = None,
    severity: SeverityQuery = None,
    code: CodeQuery = None,
    campaign_id: CampaignQuery = None,
    member_id: MemberQuery = None,
    workspace_wide: WorkspaceWideQuery = False,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> WorkspaceHealth:
    narrow = service.Narrowing(
        campaign_id=campaign_id,
        filter=FindingFilter(
            severity=severity, code=code, member_id=member_id, workspace_wide=workspace_wide
        ),
        limit=limit,
        cursor=cursor,
    )
    return service.workspace_health(session, ctx=ctx, on=on, start=start, end=end, narrow=narrow)


@router.get(
    "/division-settings",
    summary="Get the health-check thresholds and the staffing weights",
    responses=problem_responses(404),
)
def division_settings_get(
    session: SessionDep, ctx: WorkspaceDep, response: Response
) -> DivisionSettingsRead:
    values, row = settings.load(session, ctx=ctx)
    set_etag(response, row.version if row else 0)
    return settings.read(values, row)


@router.patch(
    "/division-settings",
    summary="Change the health-check thresholds or the staffing weights (admin)",
    responses=problem_responses(404),
)
def division_settings_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    settings_in: DivisionSettingsUpdate,
    if_match: IfMatch,
    response: Response,
) -> DivisionSettingsRead:
    values, row = settings.update(session, ctx=ctx, settings_in=settings_in, if_match=if_match)
    set_etag(response, row.version)
    return settings.read(values, row)
