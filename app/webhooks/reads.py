"""The delivery log: one Core select of the columns the reply shows, newest first."""

import uuid
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.core.pagination import paginate
from app.models import WebhookDelivery
from app.webhooks.schemas import WebhookDeliveryRead

_DELIVERIES = cast(Table, WebhookDelivery.__table__)
_COLUMNS = tuple(_DELIVERIES.c[name] for name in WebhookDeliveryRead.model_fields)


def list_deliveries(
    session: Session, *, endpoint_id: uuid.UUID, limit: int, cursor: str | None
) -> tuple[list[WebhookDeliveryRead], str | None]:
    """The endpoint's deliveries (the caller has been checked), by the `(endpoint_id, id)`
    index."""
    stmt = select(*_COLUMNS).where(_DELIVERIES.c.endpoint_id == endpoint_id)
    rows, next_cursor = paginate(
        session, stmt, order_by=(_DELIVERIES.c.id,), descending=True, limit=limit, cursor=cursor
    )
    return [WebhookDeliveryRead.model_validate(row._asdict()) for row in rows], next_cursor


def read_delivery(session: Session, *, delivery_id: uuid.UUID) -> WebhookDeliveryRead:
    row = session.execute(select(*_COLUMNS).where(_DELIVERIES.c.id == delivery_id)).one()
    return WebhookDeliveryRead.model_validate(row._asdict())
