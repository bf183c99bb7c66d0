import uuid

from fastapi import APIRouter, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.webhooks import delivery, reads, service
from app.webhooks.schemas import (
    WebhookDeliveryPage,
    WebhookDeliveryRead,
    WebhookEndpointCreate,
    WebhookEndpointPage,
    WebhookEndpointRead,
    WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
)
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/webhook-endpoints",
    tags=["webhooks"],
    route_class=TransactionalRoute,
)
SENDER = delivery.KIND  # importing delivery registers the outbox sender of the messages


@router.get("", summary="List webhook endpoints (admin)", responses=problem_responses(404))
def webhook_endpoints_list(
    session: SessionDep, ctx: WorkspaceDep, limit: Limit = 50, cursor: Cursor = None
) -> WebhookEndpointPage:
    endpoints, next_cursor = service.list_endpoints(session, ctx=ctx, limit=limit, cursor=cursor)
    return WebhookEndpointPage(
        items=[WebhookEndpointRead.model_validate(e) for e in endpoints], next_cursor=next_cursor
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Register a webhook endpoint; the answer carries its signing secret (admin)",
    responses=problem_responses(404),
)
def webhook_endpoints_create(
    session: SessionDep, ctx: WorkspaceDep, endpoint_in: WebhookEndpointCreate, response: Response
) -> WebhookEndpointWithSecret:
    endpoint = service.create(session, ctx=ctx, endpoint_in=endpoint_in)
    set_etag(response, endpoint.version)
    return WebhookEndpointWithSecret.model_validate(endpoint)


@router.get(
    "/{endpoint_id}", summary="Get a webhook endpoint (admin)", responses=problem_responses(404)
)
def webhook_endpoints_get(
    session: SessionDep, ctx: WorkspaceDep, endpoint_id: uuid.UUID, response: Response
) -> WebhookEndpointRead:
    endpoint = service.get(session, ctx=ctx, endpoint_id=endpoint_id)
    set_etag(response, endpoint.version)
    return WebhookEndpointRead.model_validate(endpoint)


@router.patch(
    "/{endpoint_id}",
    summary="Change a webhook endpoint, or enable / disable it with a reason (admin)",
    responses=problem_responses(404, 409),
)
def webhook_endpoints_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    endpoint_id: uuid.UUID,
    endpoint_in: WebhookEndpointUpdate,
    if_match: IfMatch,
    response: Response,
) -> WebhookEndpointRead:
    endpoint = service.update(
        session, ctx=ctx, endpoint_id=endpoint_id, endpoint_in=endpoint_in, if_match=if_match
    )
    set_etag(response, endpoint.version)
    return WebhookEndpointRead.model_validate(endpoint)


@router.delete(
    "/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a webhook endpoint and its delivery log (admin)",
    responses=problem_responses(404),
)
def webhook_endpoints_delete(
    session: SessionDep, ctx: WorkspaceDep, endpoint_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, endpoint_id=endpoint_id, if_match=if_match)


@router.post(
    "/{endpoint_id}/rotate-secret",
    summary="Give the endpoint a new secret; the old one also signs for 24 hours (admin)",
    responses=problem_responses(404),
)
def webhook_endpoints_rotate_secret(
    session: SessionDep, ctx: WorkspaceDep, endpoint_id: uuid.UUID, response: Response
) -> WebhookEndpointWithSecret:
    endpoint = service.rotate_secret(session, ctx=ctx, endpoint_id=endpoint_id)
    set_etag(response, endpoint.version)
    return WebhookEndpointWithSecret.model_validate(endpoint)


@router.post(
    "/{endpoint_id}/test",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a `webhook.test` message to the endpoint now (admin)",
    responses=problem_responses(404, 409),
)
def webhook_endpoints_test(
    session: SessionDep, ctx: WorkspaceDep, endpoint_id: uuid.UUID
) -> WebhookDeliveryRead:
    delivery = service.send_test(session, ctx=ctx, endpoint_id=endpoint_id)
    return reads.read_delivery(session, delivery_id=delivery.id)


@router.get(
    "/{endpoint_id}/deliveries",
    summary="The endpoint's delivery log, newest first (admin)",
    responses=problem_responses(404),
)
def webhook_deliveries_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    endpoint_id: uuid.UUID,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> WebhookDeliveryPage:
    service.get(session, ctx=ctx, endpoint_id=endpoint_id)
    items, next_cursor = reads.list_deliveries(
        session, endpoint_id=endpoint_id, limit=limit, cursor=cursor
    )
    return WebhookDeliveryPage(items=items, next_cursor=next_cursor)


@router.post(
    "/{endpoint_id}/deliveries/{delivery_id}/resend",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a delivery's message again, with the same webhook-id (admin)",
    responses=problem_responses(404, 409),
)
def webhook_deliveries_resend(
    session: SessionDep, ctx: WorkspaceDep, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDeliveryRead:
    again = service.resend(session, ctx=ctx, endpoint_id=endpoint_id, delivery_id=delivery_id)
    return reads.read_delivery(session, delivery_id=again.id)
