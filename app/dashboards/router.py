import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from app.core.openapi import problem_responses
from app.core.transaction import SessionDep, TransactionalRoute
from app.dashboards import service
from app.dashboards.schemas import Dashboard, PeriodPreset
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}", route_class=TransactionalRoute, tags=["dashboards"]
)

PeriodQuery = Annotated[
    PeriodPreset,
    Query(description="`7d`, `30d`, `90d` (ending today), `month`, `quarter` (to date), `custom`."),
]
FromQuery = Annotated[date | None, Query(alias="from", description="First day (`custom`).")]
ToQuery = Annotated[date | None, Query(alias="to", description="Last day (`custom`).")]
ChannelQuery = Annotated[str | None, Query(max_length=64, description="Only this channel.")]


@router.get(
    "/dashboard",
    summary="The workspace's dashboard: every metric's value, change and sparkline",
    responses=problem_responses(404),
)
def dashboards_workspace(
    session: SessionDep,
    ctx: WorkspaceDep,
    period: PeriodQuery = PeriodPreset.last_30_days,
    start: FromQuery = None,
    end: ToQuery = None,
    channel: ChannelQuery = None,
) -> Dashboard:
    return service.dashboard(
        session, ctx=ctx, preset=period, start=start, end=end, channel=channel, campaign_id=None
    )


@router.get(
    "/campaigns/{campaign_id}/dashboard",
    summary="A campaign's dashboard: its datapoints only",
    responses=problem_responses(404),
)
def dashboards_campaign(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    period: PeriodQuery = PeriodPreset.last_30_days,
    start: FromQuery = None,
    end: ToQuery = None,
    channel: ChannelQuery = None,
) -> Dashboard:
    return service.dashboard(
        session,
        ctx=ctx,
        preset=period,
        start=start,
        end=end,
        channel=channel,
        campaign_id=campaign_id,
    )
