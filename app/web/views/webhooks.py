"""What the webhook pages show: an endpoint and its delivery log."""

from datetime import datetime

from app.vocabulary import DeliveryState
from app.web.views import View


class Endpoint(View):
    id: str
    url: str
    description: str
    event_types: list[str]
    headers: dict[str, str]
    enabled: bool
    disabled_reason: str
    failing_since: datetime | None
    previous_secret_until: datetime | None


class Delivery(View):
    id: str
    message_id: str
    event_type: str
    state: DeliveryState
    attempts: int
    status_code: int | None
    latency_ms: int | None
    response_excerpt: str
    error: str
    created_at: datetime
    last_attempt_at: datetime | None


class Secret(View):
    """The reply to a new endpoint or a rotation: its signing secret, shown once."""

    id: str
    secret: str
