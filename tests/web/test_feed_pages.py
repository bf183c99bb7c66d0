"""The activity feed pages: what changed in the workspace or one campaign, in the reader's
language, filtered by topic, paged, and downloadable for an audit."""

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.models import User
from app.models.enums import Access, Locale
from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller, join
from tests.web.conftest import Browser, sign_in


def test_the_workspace_feed_tells_who_changed_what(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, "Script", status="planning")
    owner.patch(f"campaigns/{campaign['id']}", json={"status": "active"})
    make_member(owner, display_name="<script>alert(1)</script>")

    page = web.get(web.page("/feed"))

    assert page.status_code == 200
    assert f"created the campaign “{campaign['name']}”" in page.text
    assert f"changed the campaign “{campaign['name']}”" in page.text
    assert "<code>status</code>: planning → active" in page.text
    assert "<script>alert(1)</script>" not in page.text  # escaped
    assert 'href="/w/' + owner.workspace + '/feed" aria-current="page"' in page.text


def test_a_campaign_feed_shows_only_that_campaign_and_a_topic_filter_narrows_it(
    web: Browser, owner: Caller
) -> None:
    mine = make_campaign(owner, "Script")
    other = make_campaign(owner, "Shoot")
    owner.post(f"campaigns/{mine['id']}/scopes", json={"name": "Editing"})
    make_member(owner, display_name="Lin")

    page = web.get(web.page(f"/campaigns/{mine['id']}/feed"))
    scopes_only = web.get(web.page(f"/campaigns/{mine['id']}/feed?topic=campaigns"))
    members_only = web.get(web.page("/feed?topic=people"))

    assert mine["name"] in page.text
    assert other["name"] not in page.text
    assert "created the scope “Editing”" in scopes_only.text
    assert "created the member" in members_only.text
    assert "created the campaign" not in members_only.text


def test_the_feed_pages_back_in_time(web: Browser, owner: Caller) -> None:
    for n in range(55):
        owner.post("skills", json={"key": f"k{n}", "name": f"Skill {n}", "category": "creative"})

    first = web.get(web.page("/feed?topic=setup"))
    cursor = first.text.split("cursor=", 1)[1].split('"', 1)[0].replace("&amp;", "&")
    older = web.get(web.page(f"/feed?topic=setup&cursor={cursor}"))

    assert "Skill 54" in first.text
    assert "Skill 0”" not in first.text
    assert "Skill 0”" in older.text
    assert 'rel="next"' not in older.text


def test_a_chinese_reader_gets_chinese_sentences(owner: Caller, session: Session) -> None:
    make_campaign(owner, "Script")
    reader = join(session, owner, Access.viewer)
    session.execute(update(User).where(User.id == reader.user_id).values(locale=Locale.zh_cn))
    session.commit()
    web = sign_in(owner.client, reader)

    page = web.get(web.page("/feed"))

    assert "创建了项目" in page.text


def test_the_export_downloads_through_the_page(web: Browser, owner: Caller) -> None:
    make_member(owner, display_name="=1+1")

    csv = web.get(web.page("/feed/export?format=csv&topic=people"))
    jsonl = web.get(web.page("/feed/export?format=jsonl"))

    assert csv.status_code == 200
    assert csv.headers["content-disposition"].startswith("attachment;")
    assert csv.content.startswith("\ufeff".encode())
    assert "'=1+1" in csv.content.decode("utf-8-sig")
    assert jsonl.headers["content-type"].startswith("application/jsonl")
    assert '"verb":"workspace.created"' in jsonl.text
