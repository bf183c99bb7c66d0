import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import StreamingResponse
from pydantic import StringConstraints

from app.activity.schemas import ExportFormat
from app.core.clock import ClockDep
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.metrics import compare, datapoints, export, reads, series, service
from app.metrics.schemas import (
    DatapointBatch,
    DatapointPage,
    DatapointRead,
    DatapointsCreated,
    DatapointUpdate,
    Granularity,
    Instant,
    MetricComparison,
    MetricCreate,
    MetricPage,
    MetricRead,
    MetricSeries,
    MetricUpdate,
)
from app.models.enums import MetricCategory
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(prefix="/workspaces/{workspace}", route_class=TransactionalRoute)

MetricKeyFilter = Annotated[
    str | None, Query(max_length=64, description="Only datapoints of the metric with this key.")
]
SeriesStart = Annotated[
    date | None,
    Query(
        alias="from",
        description="First day (inclusive, workspace time zone). Default: the start of "
        "the 30 days, 12 weeks or 12 months that end on `to`.",
    ),
]
SeriesEnd = Annotated[
    date | None,
    Query(alias="to", description="Last day (inclusive, workspace time zone). Default: today."),
]
CampaignFilter = Annotated[uuid.UUID | None, Query(description="Only datapoints of this campaign.")]
MemberFilter = Annotated[uuid.UUID | None, Query(description="Only datapoints of this member.")]
ChannelFilter = Annotated[
    str | None, Query(max_length=64, description="Only datapoints of this channel.")
]


def _with_etag(found: tuple[MetricRead, int], response: Response) -> MetricRead:
    metric, version = found
    set_etag(response, version)
    return metric


@router.get(
    "/metrics",
    tags=["metrics"],
    summary="List metric definitions",
    responses=problem_responses(404),
)
def metrics_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    category: MetricCategory | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Matches key or name.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> MetricPage:
    metrics, next_cursor = reads.list_metrics(
        session, ctx=ctx, category=category, q=q, limit=limit, cursor=cursor
    )
    return MetricPage(items=metrics, next_cursor=next_cursor)


@router.post(
    "/metrics",
    tags=["metrics"],
    status_code=status.HTTP_201_CREATED,
    summary="Define a metric (editor)",
    responses=problem_responses(404, 409),
)
def metrics_create(
    session: SessionDep, ctx: WorkspaceDep, metric_in: MetricCreate, response: Response
) -> MetricRead:
    return _with_etag(service.create(session, ctx=ctx, metric_in=metric_in), response)


@router.get(
    "/metrics/compare",
    tags=["metrics"],
    summary="Several metrics, or channels, side by side in the same buckets",
    responses=problem_responses(404),
)
def metrics_compare(
    session: SessionDep,
    ctx: WorkspaceDep,
    metric: Annotated[
        list[Annotated[str, StringConstraints(max_length=64)]],
        Query(
            max_length=10,
            description="Metric keys to compare (repeat the parameter; 1–10).",
            examples=[["content_views", "content_likes"]],
        ),
    ],
    granularity: Annotated[Granularity, Query(description="Bucket size; weeks start on Monday.")],
    channel: Annotated[
        list[Annotated[str, StringConstraints(max_length=64)]],
        Query(
            max_length=10,
            description="Compare these channels (repeat; each metric gets one series per "
            "channel). None: one series per metric over all channels.",
        ),
    ] = [],  # noqa: B006 (FastAPI copies defaults)
    start: SeriesStart = None,
    end: SeriesEnd = None,
    campaign_id: CampaignFilter = None,
    member_id: MemberFilter = None,
) -> MetricComparison:
    return compare.compare(
        session,
        ctx=ctx,
        metric_keys=metric,
        channels=channel,
        granularity=granularity,
        start=start,
        end=end,
        campaign_id=campaign_id,
        member_id=member_id,
    )


@router.get(
    "/metrics/{metric_id}",
    tags=["metrics"],
    summary="Get a metric definition",
    responses=problem_responses(404),
)
def metrics_get(
    session: SessionDep, ctx: WorkspaceDep, metric_id: uuid.UUID, response: Response
) -> MetricRead:
    return _with_etag(reads.read_metric(session, ctx=ctx, metric_id=metric_id), response)


@router.patch(
    "/metrics/{metric_id}",
    tags=["metrics"],
    summary="Change a metric definition (editor)",
    responses=problem_responses(404, 409),
)
def metrics_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    metric_id: uuid.UUID,
    metric_in: MetricUpdate,
    if_match: IfMatch,
    response: Response,
) -> MetricRead:
    found = service.update(
        session, ctx=ctx, metric_id=metric_id, metric_in=metric_in, if_match=if_match
    )
    return _with_etag(found, response)


@router.delete(
    "/metrics/{metric_id}",
    tags=["metrics"],
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a metric with all its datapoints (editor; 409 while a ratio or goal uses it)",
    responses=problem_responses(404, 409),
)
def metrics_delete(
    session: SessionDep, ctx: WorkspaceDep, metric_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete_metric(session, ctx=ctx, metric_id=metric_id, if_match=if_match)


@router.get(
    "/metrics/{metric_id}/series",
    tags=["metrics"],
    summary="A metric's values per day, ISO week or month of the workspace's time zone",
    responses=problem_responses(404),
)
def metrics_series(
    session: SessionDep,
    ctx: WorkspaceDep,
    metric_id: uuid.UUID,
    granularity: Annotated[Granularity, Query(description="Bucket size; weeks start on Monday.")],
    start: SeriesStart = None,
    end: SeriesEnd = None,
    campaign_id: CampaignFilter = None,
    member_id: MemberFilter = None,
    channel: ChannelFilter = None,
    by_channel: Annotated[bool, Query(description="Also give each channel's own series.")] = False,
) -> MetricSeries:
    return series.series(
        session,
        ctx=ctx,
        metric_id=metric_id,
        granularity=granularity,
        start=start,
        end=end,
        campaign_id=campaign_id,
        member_id=member_id,
        channel=channel,
        by_channel=by_channel,
    )


@router.post(
    "/datapoints",
    tags=["datapoints"],
    status_code=status.HTTP_201_CREATED,
    summary="Record up to 10,000 datapoints at once, all or nothing (editor)",
    responses=problem_responses(404),
)
def datapoints_create(
    session: SessionDep, ctx: WorkspaceDep, batch: DatapointBatch
) -> DatapointsCreated:
    return DatapointsCreated(created=datapoints.create_many(session, ctx=ctx, batch=batch))


@router.get(
    "/datapoints",
    tags=["datapoints"],
    summary="List datapoints, oldest first",
    responses=problem_responses(404),
)
def datapoints_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    metric: MetricKeyFilter = None,
    campaign_id: CampaignFilter = None,
    member_id: MemberFilter = None,
    channel: ChannelFilter = None,
    start: Annotated[
        Instant | None,
        Query(alias="from", description="Observed at or after this time (with offset)."),
    ] = None,
    end: Annotated[
        Instant | None,
        Query(alias="to", description="Observed before this time (with offset)."),
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DatapointPage:
    items, next_cursor = reads.list_datapoints(
        session,
        ctx=ctx,
        metric=metric,
        campaign_id=campaign_id,
        member_id=member_id,
        channel=channel,
        start=start,
        end=end,
        limit=limit,
        cursor=cursor,
    )
    return DatapointPage(items=items, next_cursor=next_cursor)


@router.get(
    "/datapoints/export",
    tags=["datapoints"],
    summary="Export datapoints (CSV for spreadsheets or JSON Lines, streamed)",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "One datapoint per row (CSV with a header row, UTF-8 with BOM, "
            "formula-like cells neutralised) or per line (JSON Lines), oldest first.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/jsonl": {"schema": {"type": "string"}},
            },
        },
        **problem_responses(404),
    },
)
def datapoints_export(
    request: Request,
    ctx: WorkspaceDep,
    clock: ClockDep,
    metric: MetricKeyFilter = None,
    campaign_id: CampaignFilter = None,
    member_id: MemberFilter = None,
    channel: ChannelFilter = None,
    start: Annotated[
        Instant | None,
        Query(alias="from", description="Observed at or after this time (with offset)."),
    ] = None,
    end: Annotated[
        Instant | None,
        Query(alias="to", description="Observed before this time (with offset)."),
    ] = None,
    format: Annotated[
        ExportFormat, Query(description="`csv` (UTF-8 with BOM) or `jsonl`.")
    ] = ExportFormat.csv,
) -> StreamingResponse:
    reads.check_range(start, end)  # before the response starts: a 422, not a cut file
    filters = export.DatapointFilters(metric, campaign_id, member_id, channel, start, end)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    filename = f"datapoints-{ctx.slug}-{stamp}.{format.value}"
    return StreamingResponse(
        export.stream(
            request.app.state.session_factory, ctx=ctx, filters=filters, export_format=format
        ),
        media_type=export.MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/datapoints/{datapoint_id}",
    tags=["datapoints"],
    summary="Get a datapoint",
    responses=problem_responses(404),
)
def datapoints_get(
    session: SessionDep, ctx: WorkspaceDep, datapoint_id: uuid.UUID
) -> DatapointRead:
    return reads.read_datapoint(session, ctx=ctx, datapoint_id=datapoint_id)


@router.patch(
    "/datapoints/{datapoint_id}",
    tags=["datapoints"],
    summary="Correct a datapoint (editor)",
    responses=problem_responses(404),
)
def datapoints_update(
    session: SessionDep, ctx: WorkspaceDep, datapoint_id: uuid.UUID, datapoint_in: DatapointUpdate
) -> DatapointRead:
    return datapoints.update_one(session, ctx=ctx, datapoint_id=datapoint_id, change=datapoint_in)


@router.delete(
    "/datapoints/{datapoint_id}",
    tags=["datapoints"],
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a wrong datapoint (editor)",
    responses=problem_responses(404),
)
def datapoints_delete(session: SessionDep, ctx: WorkspaceDep, datapoint_id: uuid.UUID) -> None:
    datapoints.delete_one(session, ctx=ctx, datapoint_id=datapoint_id)
