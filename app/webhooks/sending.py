"""One HTTP attempt of a message: signed, to a checked address, bounded in every way.

Standard Webhooks 1.0: `webhook-id` (stable across retries), `webhook-timestamp` (Unix
seconds), `webhook-signature` (`v1,<base64 HMAC-SHA256>` of `id.timestamp.body`, one per
secret in force, space-separated — during a rotation the old and the new secret both
sign). Signing is the `standardwebhooks` package's.

The request goes to the address `addresses.checked_address` approved (the Host header
and TLS name stay the URL's host), never follows a redirect, gives up after 5 s to
connect and 15 s in all, and reads at most 64 KB of the answer.
"""

import base64
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx
from standardwebhooks.webhooks import Webhook

from app.webhooks.addresses import Resolver, checked_address, system_resolver

CONNECT_SECONDS = 5.0
TOTAL_SECONDS = 15.0
MAX_ANSWER_BYTES = 64 * 1024
EXCERPT_BYTES = 1024
USER_AGENT = "Troupe-Webhooks/1"


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(signing_secrets: Sequence[str], *, message_id: str, at: datetime, body: str) -> str:
    return " ".join(Webhook(secret).sign(message_id, at, body) for secret in signing_secrets)


@dataclass(frozen=True)
class Message:
    url: str
    message_id: str
    at: datetime
    body: str
    signing_secrets: tuple[str, ...]
    headers: Mapping[str, str]

    def signed_headers(self) -> dict[str, str]:
        return {
            **self.headers,
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "webhook-id": self.message_id,
            "webhook-timestamp": str(int(self.at.timestamp())),
            "webhook-signature": signature(
                self.signing_secrets, message_id=self.message_id, at=self.at, body=self.body
            ),
        }


@dataclass(frozen=True)
class Answer:
    status_code: int
    latency_ms: int
    excerpt: str
    retry_after: str | None


def send(
    message: Message,
    *,
    allow_private: bool,
    resolve: Resolver = system_resolver,
    transport: httpx.BaseTransport | None = None,
) -> Answer:
    """POST the message once. `RefusedAddress` for a forbidden destination,
    `httpx.HTTPError` when the receiver cannot be reached in time."""
    url = httpx.URL(message.url)
    if url.scheme != "https" and not allow_private:
        raise httpx.UnsupportedProtocol("webhooks go to https:// URLs")
    port = url.port or (443 if url.scheme == "https" else 80)
    address = checked_address(url.host, port, allow_private=allow_private, resolve=resolve)
    headers = message.signed_headers()
    headers["Host"] = url.netloc.decode("ascii")
    started = time.perf_counter()
    deadline = started + TOTAL_SECONDS
    timeout = httpx.Timeout(TOTAL_SECONDS, connect=CONNECT_SECONDS)
    with httpx.Client(
        transport=transport, timeout=timeout, follow_redirects=False, trust_env=False
    ) as client:
        request = client.build_request(
            "POST",
            url.copy_with(host=address),
            content=message.body.encode(),
            headers=headers,
            extensions={"sni_hostname": url.host},
        )
        response = client.send(request, stream=True)
        body = bytearray()
        try:
            for chunk in response.iter_raw():
                body.extend(chunk)
                if len(body) >= MAX_ANSWER_BYTES or time.perf_counter() > deadline:
                    break
        finally:
            response.close()
    latency_ms = round((time.perf_counter() - started) * 1000)
    return Answer(
        status_code=response.status_code,
        latency_ms=latency_ms,
        excerpt=bytes(body[:EXCERPT_BYTES]).decode("utf-8", errors="replace"),
        retry_after=response.headers.get("Retry-After"),
    )


def retry_after_seconds(value: str | None, *, now: datetime) -> float | None:
    """`Retry-After` as seconds from now (a number, or an HTTP date); `None` if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())
