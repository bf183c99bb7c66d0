"""Reports in the inbox: due soon → the author; overdue → the author and the reviewer;
past the grace → the campaign lead. Each arrives once, however often the job runs."""

import uuid
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, sessionmaker

from app.activity import service as activity
from app.core.clock import SettableClock
from app.jobs import runner
from app.models import Campaign
from app.models.enums import Access
from tests.api.helpers import assign, make_campaign, seeded
from tests.factories import Caller, count_statements, created, join
from tests.sharing.helpers import inbox
from tests.sharing.test_email import Sink, member_email, smtp  # noqa: F401 (a fixture)

REPORT_KINDS = ("report_due", "report_overdue", "report_escalated")


def at(local: str) -> datetime:
    """A Shanghai wall-clock time as an instant."""
    return datetime.fromisoformat(f"{local}+08:00")


@dataclass(frozen=True)
class Scene:
    campaign: dict[str, str]
    author: Caller
    reviewer: Caller
    lead: Caller
    schedule: dict[str, str]


@pytest.fixture
def scene(owner: Caller, session: Session) -> Scene:
    """Reports due Fridays 18:00 in Shanghai (2026-12-04 10:00 UTC), 72 h of grace."""
    owner.patch("", json={"timezone": "Asia/Shanghai"})
    author = join(session, owner, Access.viewer)
    reviewer = join(session, owner, Access.editor)
    lead = join(session, owner, Access.editor)
    campaign = make_campaign(owner, name="Spring launch", lead_member_id=str(lead.member_id))
    role = seeded(owner, "roles", "creator")
    created(assign(owner, {"id": str(reviewer.member_id)}, role, "accountable", campaign))
    schedule = created(
        owner.post(
            "report-schedules",
            json={"campaign_id": campaign["id"], "author_member_ids": [str(author.member_id)]},
        )
    )
    return Scene(campaign, author, reviewer, lead, schedule)


def reports_in(caller: Caller) -> list[str]:
    return sorted(n["kind"] for n in inbox(caller) if n["kind"] in REPORT_KINDS)


def escalate_twice(session_factory: sessionmaker[Session], clock: SettableClock) -> None:
    for _ in range(2):
        runner.run_due_jobs(session_factory, clock=clock, kinds=["reports.escalate"])


def test_each_report_step_reaches_the_right_people_once(
    scene: Scene, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    clock.set(at("2026-12-03T17:00:00"))  # 25 h before it is due: nothing yet
    escalate_twice(session_factory, clock)
    assert reports_in(scene.author) == []

    clock.set(at("2026-12-03T19:00:00"))
    escalate_twice(session_factory, clock)
    assert reports_in(scene.author) == ["report_due"]
    assert reports_in(scene.reviewer) == reports_in(scene.lead) == []

    clock.set(at("2026-12-04T18:10:00"))
    escalate_twice(session_factory, clock)
    assert reports_in(scene.author) == ["report_due", "report_overdue"]
    assert reports_in(scene.reviewer) == ["report_overdue"]
    assert reports_in(scene.lead) == []

    clock.set(at("2026-12-07T18:10:00"))  # Friday 18:00 + 72 h has passed
    escalate_twice(session_factory, clock)
    assert reports_in(scene.lead) == ["report_escalated"]
    assert reports_in(scene.author) == ["report_due", "report_overdue"]
    assert reports_in(scene.reviewer) == ["report_overdue"]
    (escalated,) = inbox(scene.lead)
    assert escalated["title"] == "Spring launch"
    assert escalated["subject_id"] == scene.schedule["id"]
    assert escalated["excerpt"].endswith("2026-12-04 18:00")  # Friday 18:00 in Shanghai


def test_a_report_filed_early_is_not_reminded_nor_escalated(
    scene: Scene, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    clock.set(at("2026-12-02T12:00:00"))
    created(
        scene.author.post(
            "reports",
            json={
                "schedule_id": scene.schedule["id"],
                "period_at": "2026-12-04T10:00:00Z",
                "health": "on_track",
                "submit": True,
            },
        )
    )
    for moment in ("2026-12-03T19:00:00", "2026-12-04T18:10:00", "2026-12-07T18:10:00"):
        clock.set(at(moment))
        escalate_twice(session_factory, clock)

    assert reports_in(scene.author) == reports_in(scene.reviewer) == reports_in(scene.lead) == []


def test_report_kinds_have_preferences_and_off_keeps_them_out(
    scene: Scene, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    defaults = {
        item["kind"]: item["default"]
        for item in scene.reviewer.get("notifications/preferences").json()["items"]
    }
    assert {kind: defaults[kind] for kind in REPORT_KINDS} == {
        "report_due": "digest",
        "report_overdue": "immediate",
        "report_escalated": "immediate",
    }
    turned_off = scene.reviewer.patch(
        "notifications/preferences",
        json={"items": [{"kind": "report_overdue", "delivery": "off"}]},
    )
    assert turned_off.status_code == 200, turned_off.text

    clock.set(at("2026-12-04T18:10:00"))
    escalate_twice(session_factory, clock)

    assert reports_in(scene.reviewer) == []
    assert reports_in(scene.author) == ["report_overdue"]


def test_due_soon_waits_for_the_digest_and_overdue_is_emailed_at_once(
    owner: Caller,
    scene: Scene,
    clock: SettableClock,
    session_factory: sessionmaker[Session],
    smtp: Sink,  # noqa: F811 (the fixture)
) -> None:
    mail = ["notifications.email", "notifications.digest"]
    author, reviewer = member_email(owner, scene.author), member_email(owner, scene.reviewer)

    def to(address: str) -> list[str]:
        return [str(m["Subject"]) for m in smtp.messages if m["To"] == address]

    clock.set(at("2026-12-03T19:00:00"))
    escalate_twice(session_factory, clock)
    runner.run_due_jobs(session_factory, clock=clock, kinds=mail)
    assert to(author) == ["Troupe: your daily digest (1)"]
    assert "Spring launch" in next(m for m in smtp.messages if m["To"] == author).get_payload()

    clock.set(at("2026-12-04T18:10:00"))
    escalate_twice(session_factory, clock)
    runner.run_due_jobs(session_factory, clock=clock, kinds=mail)

    (overdue,) = to(author)[1:]  # at once, not waiting for tomorrow's digest
    assert "digest" not in overdue
    assert len([s for s in to(reviewer) if "digest" not in s]) == 1


def test_a_flush_of_many_report_steps_takes_the_statements_of_one(
    owner: Caller, scene: Scene, session: Session, connection: Connection
) -> None:
    """The campaigns' names (and the workspace's time zone) and the recipients' preferences
    are read once per flush, whatever the number of report steps in it."""
    other = make_campaign(owner, name="Autumn launch")
    campaign_ids = [uuid.UUID(scene.campaign["id"]), uuid.UUID(other["id"])]
    workspace_id = session.scalar(
        select(Campaign.workspace_id).where(Campaign.id == campaign_ids[0])
    )
    steps = [
        ("report.due", None),
        ("report.overdue", scene.reviewer.member_id),
        ("report.escalated", scene.lead.member_id),
    ]

    def flush(count: int) -> int:
        for n in range(count):
            verb, told = steps[n % len(steps)]
            activity.record(
                session,
                ctx=activity.Origin(workspace_id=workspace_id),
                verb=verb,
                subject_id=uuid.UUID(scene.schedule["id"]),
                subject_name="Author",
                campaign_id=campaign_ids[n % 2],
                member_id=scene.author.member_id,
                related_member_id=told,
                after={"period_at": at(f"2026-12-{4 + n:02d}T18:00:00")},
            )
        statements = count_statements(connection)
        session.flush()
        return len(statements)

    one, six = flush(1), flush(6)

    assert one == six
    titles = {n["title"] for n in inbox(scene.author) if n["kind"] in REPORT_KINDS}
    assert titles == {"Spring launch", "Autumn launch"}
