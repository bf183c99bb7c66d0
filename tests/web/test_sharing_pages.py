"""The pages of sharing: the unread count in the top bar, the inbox, announcements with
receipts and acknowledging, and comments with replies on an announcement's page."""

from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.api.helpers import make_campaign
from tests.factories import Caller, created, join
from tests.sharing.helpers import announce, comment, mention
from tests.web.conftest import Browser, sign_in


def test_the_top_bar_counts_unread_notifications_and_the_inbox_marks_them_read(
    owner: Caller, session: Session
) -> None:
    member = join(session, owner, Access.viewer)
    created(comment(owner, ("campaign", make_campaign(owner)["id"]), f"{mention(member)} hi"))
    web = sign_in(owner.client, member)

    home = web.get(web.page(""))
    inbox = web.get(web.page("/inbox"))
    marked = web.post(web.page("/inbox/read"), {})
    after = web.get(web.page("/inbox"))

    assert 'aria-label="1 unread">1</span>' in home.text
    assert "mentioned you" in inbox.text
    assert marked.status_code == 303
    assert 'aria-label="0 unread"></span>' in after.text


def test_the_unread_count_alone_is_what_live_pages_fetch_again(
    owner: Caller, session: Session
) -> None:
    member = join(session, owner, Access.viewer)
    web = sign_in(owner.client, member)
    home = web.get(web.page(""))
    before = web.get(web.page("/inbox/unread"))
    created(comment(owner, ("campaign", make_campaign(owner)["id"]), f"{mention(member)} hi"))
    after = web.get(web.page("/inbox/unread"))

    badge = f'hx-get="/w/{owner.workspace}/inbox/unread"'
    assert badge in home.text
    assert "live-activity from:body" in home.text
    assert 'hx-sse:connect="/w/' + owner.workspace + '/live"' in home.text
    assert before.text.strip().startswith('<span id="unread-count"')
    assert 'aria-label="0 unread"></span>' in before.text
    assert 'aria-label="1 unread">1</span>' in after.text
    assert "<html" not in after.text


def test_an_editor_publishes_and_a_member_acknowledges_then_the_author_sees_receipts(
    web: Browser, owner: Caller, session: Session
) -> None:
    member = join(session, owner, Access.viewer)
    published = web.post(
        web.page("/announcements"),
        {
            "title": "Filming day",
            "body": "Bring **lights**",
            "requires_ack": "1",
            "ack_due_at": "2026-12-04T18:00",
        },
    )
    assert published.status_code == 303
    url = published.headers["location"]
    reader = sign_in(owner.client, member)  # the same cookie jar: now the member

    seen = reader.get(url)
    acked = reader.post(f"{url}/acknowledge", {})
    receipts = sign_in(owner.client, owner).get(url)

    assert "<strong>lights</strong>" in seen.text
    assert "Acknowledge</button>" in seen.text
    assert acked.status_code == 303
    assert "seen 1/1, acknowledged 1/1" in receipts.text


def test_a_comment_and_a_reply_on_an_announcements_page(web: Browser, owner: Caller) -> None:
    made = announce(owner)
    url = web.page(f"/announcements/{made['id']}")
    fields = {"subject_type": "announcement", "subject_id": made["id"], "back": url}

    web.post(web.page("/comments"), {**fields, "body": "First *thought*"})
    first = created(comment(owner, ("announcement", made["id"]), "Second"))
    web.post(web.page("/comments"), {**fields, "parent_id": first["id"], "body": "A reply"})
    refused = web.post(web.page("/comments"), {**fields, "body": "@role:nobody_has_it"})
    page = web.get(url)

    assert "<em>thought</em>" in page.text
    assert "A reply" in page.text
    assert refused.status_code == 303
    assert "No role has the key nobody_has_it." in page.text


def test_a_meeting_page_plans_reorders_takes_notes_records_outcomes_and_closes(
    web: Browser, owner: Caller
) -> None:
    planned = web.post(
        web.page("/meetings"), {"title": "Weekly sync", "starts_at": "2026-12-07T10:00"}
    )
    url = planned.headers["location"]
    meeting_id = url.rsplit("/", 1)[1]
    for title in ("Numbers", "Sponsor"):
        web.post(f"{url}/agenda", {"title": title})
    sponsor = owner.get(f"meetings/{meeting_id}").json()["agenda"][1]

    web.post(f"{url}/agenda/{sponsor['id']}/move", {"position": "0"})
    web.post(url, {"state": "in_progress"})
    web.post(url, {"notes": "We agreed on **Tuesdays**"})
    web.post(f"{url}/outcomes", {"kind": "decision", "text": "Publish on Tuesdays"})
    web.post(url, {"state": "closed"})
    page = web.get(url)
    log = web.get(web.page("/decisions?q=tuesday"))

    assert planned.status_code == 303
    agenda = page.text.split('id="agenda"', 1)[1]
    assert agenda.index("Sponsor") < agenda.index("Numbers")
    assert "<strong>Tuesdays</strong>" in page.text
    assert 'id="meeting-state">closed<' in page.text
    assert "Publish on Tuesdays" in log.text
    assert (
        owner.get(f"meetings/{meeting_id}").json()["starts_at"] == "2026-12-07T10:00:00Z"
    )  # UTC studio


def test_the_feed_tells_of_comments_and_announcements(web: Browser, owner: Caller) -> None:
    made = announce(owner, title="Filming day")
    created(comment(owner, ("announcement", made["id"]), "Ready"))

    page = web.get(web.page("/feed?topic=sharing"))

    assert "published the announcement “Filming day”" in page.text
    assert "created a comment on “Filming day”" in page.text
