"""Webhook endpoints and deliveries as the API shows them."""

import re
import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from app.core.i18n import N_
from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import invalid, omittable
from app.models import DeliveryState

_GLOB = re.compile(r"^(\*|[a-z_]{1,32}(\.[a-z_*]{1,32})?|\*\.[a-z_]{1,32})$")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
# Set by Troupe on every message, or by HTTP itself: a custom header may not replace them.
RESERVED_HEADERS = frozenset(
    {
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "content-type",
        "content-length",
        "host",
        "connection",
        "transfer-encoding",
        "user-agent",
    }
)


def _url(value: str) -> str:
    if not re.match(r"^https?://[^\s/?#@]+(/[^\s]*)?$", value):
        raise invalid("url", N_("Give an https:// URL."))
    return value


def _event_glob(value: str) -> str:
    if not _GLOB.match(value):
        raise invalid(
            "event_type",
            N_("An event type is `subject.action`, `subject.*`, `*.action` or `*`."),
        )
    return value


def _headers(value: dict[str, str]) -> dict[str, str]:
    for name, header in value.items():
        if not _HEADER_NAME.match(name) or name.lower() in RESERVED_HEADERS:
            raise invalid("header", N_("The header {name} cannot be set."), name=name[:64])
        if any(ch in header for ch in "\r\n\0"):
            raise invalid("header", N_("The header {name} has a line break."), name=name)
    return value


WebhookUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=8, max_length=2000),
    AfterValidator(_url),
    Field(
        description="`https://` (plain `http://` only where private addresses are allowed). "
        "It must resolve to a public address."
    ),
]
EventGlob = Annotated[str, StringConstraints(max_length=65), AfterValidator(_event_glob)]
EventTypes = Annotated[
    list[EventGlob],
    Field(
        min_length=1,
        max_length=50,
        description="Activity verbs to send: `task.created`, `task.*`, `*.deleted`, `*`.",
    ),
]
Headers = Annotated[
    dict[Annotated[str, StringConstraints(max_length=64)], Annotated[str, Field(max_length=1000)]],
    Field(max_length=20, description="Extra headers sent with every message."),
    AfterValidator(_headers),
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class WebhookEndpointCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "https://hooks.example.com/troupe",
                    "description": "Chat notifications",
                    "event_types": ["assignment.*", "campaign.created"],
                    "headers": {"X-Team": "community"},
                }
            ]
        },
    )

    url: WebhookUrl
    description: Reason = ""
    event_types: EventTypes = Field(default_factory=lambda: ["*"])
    headers: Headers = Field(default_factory=dict)


class WebhookEndpointUpdate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"enabled": False, "disabled_reason": "Migrating"}]},
    )

    url: WebhookUrl = omittable()
    description: Reason = omittable()
    event_types: EventTypes = omittable()
    headers: Headers = omittable()
    enabled: bool = omittable()
    disabled_reason: Reason = omittable(description="Why it is off (kept until re-enabled).")


class WebhookEndpointRead(ReadModel):
    id: uuid.UUID
    url: str
    description: str
    event_types: list[str]
    headers: dict[str, str]
    enabled: bool
    disabled_reason: str
    failing_since: datetime | None = Field(
        description="The first failure since the last success; after 5 days it is disabled."
    )
    previous_secret_until: datetime | None = Field(
        description="Until then the secret before the last rotation signs too."
    )
    created_at: datetime
    updated_at: datetime


class WebhookEndpointWithSecret(WebhookEndpointRead):
    """Given once, when created or rotated: keep it to verify the signatures."""

    secret: str = Field(description="`whsec_…` (Standard Webhooks).")


class WebhookEndpointPage(Page[WebhookEndpointRead]):
    pass


class WebhookDeliveryRead(ReadModel):
    id: uuid.UUID
    endpoint_id: uuid.UUID
    message_id: str = Field(description="The `webhook-id` header: the same on every attempt.")
    event_type: str
    activity_id: uuid.UUID | None
    state: DeliveryState
    attempts: int
    status_code: int | None = Field(description="The last attempt's HTTP status.")
    latency_ms: int | None
    response_excerpt: str = Field(description="The first 1 KB of the last answer.")
    error: str
    created_at: datetime
    last_attempt_at: datetime | None
    payload: dict[str, Any] = Field(description="The body sent: `type`, `timestamp`, `data`.")


class WebhookDeliveryPage(Page[WebhookDeliveryRead]):
    pass
