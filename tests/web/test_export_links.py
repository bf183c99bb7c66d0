"""The tasks, meetings, reports, announcements and deals pages link their lists as CSV and
Excel, with the page's filters, and the links answer the files."""

import pytest

from tests.api.helpers import make_campaign
from tests.factories import Caller, created
from tests.web.conftest import Browser


@pytest.mark.parametrize(
    ("page", "resource"),
    [
        ("/meetings", "meetings"),
        ("/announcements", "announcements"),
        ("/deals", "deals"),
        ("/reports", "reports"),
    ],
)
def test_list_pages_link_their_list(web: Browser, owner: Caller, page: str, resource: str) -> None:
    answer = web.get(web.page(page))
    assert answer.status_code == 200
    for file_format in ("csv", "xlsx"):
        href = f'href="/w/{owner.workspace}/export/{resource}?format={file_format}"'
        assert href in answer.text
    download = web.get(web.page(f"/export/{resource}?format=csv"))
    assert download.status_code == 200
    assert download.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs


def test_campaign_tasks_page_links_only_that_campaigns_tasks(web: Browser, owner: Caller) -> None:
    tour, other = make_campaign(owner, name="Tour"), make_campaign(owner, name="Other")
    created(owner.post("tasks", json={"title": "Book the hall", "campaign_id": tour["id"]}))
    created(owner.post("tasks", json={"title": "=HYPERLINK()", "campaign_id": tour["id"]}))
    created(owner.post("tasks", json={"title": "Elsewhere", "campaign_id": other["id"]}))
    page = web.get(web.page(f"/campaigns/{tour['id']}/tasks"))
    link = f"/w/{owner.workspace}/export/tasks?campaign_id={tour['id']}&amp;format=csv"
    assert f'href="{link}"' in page.text

    text = web.get(link.replace("&amp;", "&")).content.decode("utf-8-sig")
    assert "Book the hall" in text
    assert "'=HYPERLINK()" in text
    assert "Elsewhere" not in text


def test_my_week_links_my_open_tasks_with_every_status_of_the_filter(
    web: Browser, owner: Caller
) -> None:
    created(owner.post("tasks", json={"title": "Mine open", "due_at": "2026-12-01"}))
    created(owner.post("tasks", json={"title": "Mine done", "due_at": "2026-12-01"}))
    done = owner.get("tasks", params={"q": "Mine done"}).json()["items"][0]
    owner.patch(f"tasks/{done['id']}", json={"status": "done"})
    page = web.get(web.page("/my-week"))
    start = page.text.index(f"/w/{owner.workspace}/export/tasks?")
    link = page.text[start : page.text.index('"', start)].replace("&amp;", "&")
    assert "status=todo&status=doing&status=blocked" in link
    assert f"owner_member_id={owner.member_id}" in link

    text = web.get(link).content.decode("utf-8-sig")
    assert "Mine open" in text
    assert "Mine done" not in text
