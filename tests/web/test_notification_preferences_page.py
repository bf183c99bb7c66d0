"""The notification preferences page: one choice per kind the API lists (the report kinds
included), saved through the API, in both languages."""

from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.factories import Caller, join
from tests.web.conftest import sign_in


def test_a_member_turns_overdue_reports_off_from_the_page(owner: Caller, session: Session) -> None:
    member = join(session, owner, Access.viewer)
    web = sign_in(owner.client, member)

    page = web.get(web.page("/inbox/preferences"))
    saved = web.post(
        web.page("/inbox/preferences"),
        {"kind:report_overdue": "off", "kind:report_due": "inbox"},
    )
    chosen = {
        item["kind"]: item["delivery"]
        for item in member.get("notifications/preferences").json()["items"]
    }

    assert page.status_code == 200
    for text in ("My report is due soon", "is overdue", "past its grace"):
        assert text in page.text
    assert 'name="kind:report_escalated"' in page.text
    assert saved.status_code == 303
    assert (chosen["report_overdue"], chosen["report_due"], chosen["mention"]) == (
        "off",
        "inbox",
        "immediate",
    )
    assert "Preferences saved." in web.get(saved.headers["location"]).text


def test_the_preferences_page_speaks_chinese(owner: Caller, session: Session) -> None:
    member = join(session, owner, Access.viewer)
    web = sign_in(owner.client, member)

    web.post("/language", {"locale": "zh-CN", "next": web.page("/inbox/preferences")})
    page = web.get(web.page("/inbox/preferences"))

    assert "通知偏好" in page.text
    assert "我的报告即将到期" in page.text
