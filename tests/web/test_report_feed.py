"""Reports in the feed: each step of a report (filed, acknowledged, due, overdue, escalated)
reads as a sentence of its own in the reader's language, not as a raw verb."""

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock
from app.jobs import runner
from app.models import User
from app.models.enums import Access, Locale
from tests.api.helpers import make_campaign
from tests.factories import Caller, created, join
from tests.web.conftest import sign_in


def test_report_steps_read_as_sentences_in_both_languages(
    owner: Caller,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: SettableClock,
) -> None:
    owner.patch("", json={"timezone": "Asia/Shanghai"})
    author = join(session, owner, Access.viewer)
    name = owner.get(f"members/{author.member_id}").json()["display_name"]
    campaign = make_campaign(owner, lead_member_id=str(owner.member_id))
    schedule = created(
        owner.post(
            "report-schedules",
            json={"campaign_id": campaign["id"], "author_member_ids": [str(author.member_id)]},
        )
    )
    for moment in ("2026-12-03T19:00:00+08:00", "2026-12-07T18:10:00+08:00"):
        clock.set(datetime.fromisoformat(moment))  # due soon; then overdue and past the grace
        runner.run_due_jobs(session_factory, clock=clock, kinds=["reports.escalate"])
    report = created(
        author.post(
            "reports",
            json={"schedule_id": schedule["id"], "health": "at_risk", "submit": True},
        )
    )
    owner.post(f"reports/{report['id']}/acknowledge", json={})

    english = sign_in(owner.client, owner).get(f"/w/{owner.workspace}/feed?topic=reports").text
    session.get_one(User, author.user_id).locale = Locale.zh_cn
    session.commit()
    chinese = sign_in(owner.client, author).get(f"/w/{owner.workspace}/feed?topic=reports").text

    for sentence in (
        f"The report of {name} is due soon",
        f"The report of {name} is overdue; the reviewer was told",
        f"The report of {name} is past its grace; the campaign lead was told",
        f"{name} submitted a report (At risk)",
        "acknowledged a report (At risk)",
    ):
        assert sentence in english
    assert "report.due" not in english
    for sentence in (
        f"{name} 的汇报即将到期",
        f"{name} 的汇报已逾期，已告知审核人",
        f"{name} 的汇报已超过宽限期，已告知项目负责人",
        f"{name} 提交了一份汇报（",
        "确认了一份汇报（",
    ):
        assert sentence in chinese
