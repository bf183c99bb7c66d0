"""Email is optional: with `TROUPE_SMTP_URL` a mention goes out at once (through the
outbox, after commit), digest kinds go in one email a day; without it, only the inbox.
A local SMTP sink (aiosmtpd) receives them."""

import socket
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SMTPSession
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock
from app.core.config import get_settings
from app.jobs.runner import run_due_jobs
from app.models import Job
from app.models.enums import Access
from tests.api.helpers import assign, make_campaign, seeded
from tests.factories import Caller, created, join
from tests.sharing.helpers import comment, mention

KINDS = ["notifications.email", "notifications.digest"]


class Sink:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: SMTPSession, envelope: Envelope
    ) -> str:
        content = envelope.content or b""
        assert isinstance(content, bytes), "the server keeps the data as bytes (decode_data off)"
        self.messages.append(message_from_bytes(content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sink]:
    sink = Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("TROUPE_SMTP_URL", f"smtp://127.0.0.1:{port}")
    get_settings.cache_clear()
    try:
        yield sink
    finally:
        controller.stop()
        monkeypatch.delenv("TROUPE_SMTP_URL")
        get_settings.cache_clear()


def test_a_mention_is_emailed_once_after_commit(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: SettableClock,
    smtp: Sink,
) -> None:
    member = join(session, owner, Access.viewer)
    created(comment(owner, ("campaign", make_campaign(owner)["id"]), f"{mention(member)} look"))

    run_due_jobs(session_factory, clock=clock, kinds=KINDS)
    run_due_jobs(session_factory, clock=clock, kinds=KINDS)

    (sent,) = smtp.messages
    assert sent["To"] == member_email(owner, member)
    assert sent["Subject"].startswith("Troupe: ")
    assert "look" in sent.get_payload()


def test_digest_kinds_arrive_in_one_email_a_day(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: SettableClock,
    smtp: Sink,
) -> None:
    member = join(session, owner, Access.viewer)
    role = seeded(owner, "roles", "creator")
    for _ in range(2):
        created(
            assign(owner, {"id": str(member.member_id)}, role, "consulted", make_campaign(owner))
        )

    run_due_jobs(session_factory, clock=clock, kinds=KINDS)
    created(assign(owner, {"id": str(member.member_id)}, role, "informed", make_campaign(owner)))
    clock.advance(timedelta(hours=1))
    run_due_jobs(session_factory, clock=clock, kinds=KINDS)
    assert len(smtp.messages) == 1
    clock.advance(timedelta(days=1))
    run_due_jobs(session_factory, clock=clock, kinds=KINDS)

    first, second = smtp.messages
    assert first["Subject"] == "Troupe: your daily digest (2)"
    assert second["Subject"] == "Troupe: your daily digest (1)"


def test_without_smtp_no_email_is_queued_and_the_inbox_is_the_channel(
    owner: Caller, session: Session
) -> None:
    member = join(session, owner, Access.viewer)
    created(comment(owner, ("campaign", make_campaign(owner)["id"]), mention(member)))

    emails = select(func.count()).select_from(Job).where(Job.kind == "notifications.email")
    assert session.scalar(emails) == 0
    assert member.get("notifications/unread-count").json()["unread"] == 1


def member_email(owner: Caller, member: Caller) -> str:
    members = owner.get("members", params={"limit": 200}).json()["items"]
    email: str = next(m["email"] for m in members if m["id"] == str(member.member_id))
    return email
