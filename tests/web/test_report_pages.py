"""The reports page: file the Friday report, the reviewer acknowledges it from the inbox."""

from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.models.enums import Access
from tests.api.helpers import make_campaign
from tests.factories import Caller, created, join
from tests.web.conftest import Browser, sign_in


def test_file_the_friday_report_and_the_reviewer_acknowledges_it(
    owner: Caller, session: Session, clock: SettableClock
) -> None:
    author = join(session, owner, Access.viewer)
    campaign = make_campaign(owner, lead_member_id=str(owner.member_id))
    schedule = created(
        owner.post(
            "report-schedules",
            json={"campaign_id": campaign["id"], "author_member_ids": [str(author.member_id)]},
        )
    )
    writer = sign_in(owner.client, author)

    page = writer.get(writer.page("/reports"))
    assert campaign["name"] in page.text
    filed = writer.post(
        writer.page("/reports"),
        {
            "schedule_id": schedule["id"],
            "health": "at_risk",
            "progress": "Two **videos** cut",
            "difficulties": "Sponsor silent",
            "next_plan": "Publish",
        },
    )
    assert filed.status_code == 303

    reviewer = sign_in(owner.client, owner)
    inbox = reviewer.get(reviewer.page("/reports"))
    assert "Waiting for your acknowledgement" in inbox.text
    assert "<strong>videos</strong>" in inbox.text
    report = owner.get("reports").json()["items"][0]
    done = reviewer.post(reviewer.page(f"/reports/{report['id']}/acknowledge"), {"comment": "OK"})
    assert done.status_code == 303
    assert owner.get(f"reports/{report['id']}").json()["status"] == "acknowledged"
    assert "Waiting for your acknowledgement" not in reviewer.get(reviewer.page("/reports")).text


def test_the_reports_page_without_schedules_says_so(web: Browser) -> None:
    page = web.get(web.page("/reports"))

    assert "Nobody expects a report from you yet." in page.text
