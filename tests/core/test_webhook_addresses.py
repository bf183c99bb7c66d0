"""The SSRF guard: webhooks reach public addresses only, and connect to the one checked."""

from datetime import UTC, datetime

import httpx
import pytest

from app.webhooks import sending
from app.webhooks.addresses import RefusedAddress, checked_address
from tests.webhook_receiver import webhook_receiver

SENT_AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
REFUSED = [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback block"),
    ("0.0.0.0", "unspecified"),  # noqa: S104 (refused, not bound)
    ("10.1.2.3", "private 10/8"),
    ("172.16.5.4", "private 172.16/12"),
    ("192.168.1.1", "private 192.168/16"),
    ("169.254.169.254", "link-local / cloud metadata"),
    ("100.64.0.1", "CGNAT"),
    ("224.0.0.251", "multicast"),
    ("255.255.255.255", "broadcast"),
    ("198.18.0.1", "benchmarking"),
    ("192.0.2.10", "documentation"),
    ("::1", "IPv6 loopback"),
    ("::", "IPv6 unspecified"),
    ("fe80::1", "IPv6 link-local"),
    ("fc00::1", "IPv6 unique local"),
    ("fd00:ec2::254", "AWS IPv6 metadata"),
    ("ff02::1", "IPv6 multicast"),
    ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
    ("::ffff:169.254.169.254", "IPv4-mapped metadata"),
    ("::ffff:a9fe:a9fe", "IPv4-mapped metadata, hex"),
    ("64:ff9b::a00:1", "NAT64 of 10.0.0.1"),
    ("2002:7f00:1::", "6to4 of 127.0.0.1"),
    ("::7f00:1", "IPv4-compatible 127.0.0.1"),
]


@pytest.mark.parametrize(("address", "kind"), REFUSED, ids=[kind for _, kind in REFUSED])
def test_a_host_resolving_to_a_non_public_address_is_refused(address: str, kind: str) -> None:
    with pytest.raises(RefusedAddress):
        checked_address(
            "hooks.example.com", 443, allow_private=False, resolve=lambda h, p: [address]
        )


@pytest.mark.parametrize("address", ["127.0.0.1", "[::1]", "169.254.169.254"])
def test_a_literal_non_public_address_is_refused(address: str) -> None:
    with pytest.raises(RefusedAddress):
        checked_address(address, 443, allow_private=False, resolve=lambda h, p: [])


def test_one_private_answer_among_public_ones_refuses_the_host() -> None:
    answers = ["93.184.215.14", "10.0.0.7"]
    with pytest.raises(RefusedAddress):
        checked_address("hooks.example.com", 443, allow_private=False, resolve=lambda h, p: answers)


def test_a_public_address_is_the_one_to_connect_to() -> None:
    for public in ("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"):

        def resolve(host: str, port: int, answer: str = public) -> list[str]:
            return [answer]

        assert (
            checked_address("hooks.example.com", 443, allow_private=False, resolve=resolve)
            == public
        )


def test_an_unresolvable_host_is_refused() -> None:
    def fails(host: str, port: int) -> list[str]:
        raise OSError("no such host")

    with pytest.raises(RefusedAddress):
        checked_address("nowhere.invalid", 443, allow_private=False, resolve=fails)


def test_a_lan_deployment_may_allow_private_addresses() -> None:
    def resolve(host: str, port: int) -> list[str]:
        return ["192.168.1.20"]

    assert checked_address("nas.lan", 80, allow_private=True, resolve=resolve) == "192.168.1.20"


def test_plain_http_is_refused_unless_private_addresses_are_allowed() -> None:
    message = sending.Message(
        url="http://hooks.example.com/x",
        message_id="msg_1",
        at=SENT_AT,
        body="{}",
        signing_secrets=("whsec_" + "A" * 43 + "=",),
        headers={},
    )
    with pytest.raises(httpx.UnsupportedProtocol):
        sending.send(message, allow_private=False, resolve=lambda h, p: ["93.184.215.14"])


def test_the_request_goes_to_the_checked_address_with_the_url_s_host_header() -> None:
    """DNS is asked once: the connection is made to what the guard approved."""
    with webhook_receiver() as receiver:
        asked: list[str] = []

        def resolve(host: str, port: int) -> list[str]:
            asked.append(host)
            return ["127.0.0.1"]

        message = sending.Message(
            url=f"http://hooks.example.test:{receiver.port}/in",
            message_id="msg_1",
            at=SENT_AT,
            body="{}",
            signing_secrets=("whsec_" + "A" * 43 + "=",),
            headers={},
        )
        answer = sending.send(message, allow_private=True, resolve=resolve)

    assert answer.status_code == 200
    assert asked == ["hooks.example.test"]
    assert receiver.received[0].headers["Host"] == f"hooks.example.test:{receiver.port}"


def test_retry_after_is_read_as_seconds_or_as_an_http_date() -> None:
    assert sending.retry_after_seconds("120", now=SENT_AT) == 120
    assert sending.retry_after_seconds("Mon, 30 Nov 2026 09:10:00 GMT", now=SENT_AT) == 600
    assert sending.retry_after_seconds("soon", now=SENT_AT) is None
    assert sending.retry_after_seconds(None, now=SENT_AT) is None
