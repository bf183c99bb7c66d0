"""Which parts of the pages update themselves on live events (app/web/routes/live.py):
one connection per workspace page, the unread count everywhere, the task board."""

import re

from tests.api.helpers import make_campaign
from tests.factories import Caller
from tests.web.conftest import Browser


def test_every_workspace_page_holds_exactly_one_live_connection(
    web: Browser, owner: Caller
) -> None:
    campaign = make_campaign(owner)
    pages = ["", "/members", "/campaigns/board", f"/campaigns/{campaign['id']}", "/feed"]

    for path in pages:
        html = web.get(web.page(path)).text
        assert html.count("hx-sse:connect=") == 1, path
        assert f'hx-sse:connect="/w/{owner.workspace}/live"' in html, path
        assert 'id="unread-count"' in html, path


def test_the_task_board_fetches_itself_again_when_a_task_changes(
    web: Browser, owner: Caller
) -> None:
    campaign = make_campaign(owner)
    base = web.page(f"/campaigns/{campaign['id']}/tasks")
    web.post(web.page("/tasks"), {"title": "Cut the trailer", "campaign_id": campaign["id"]})

    for view in ("board", "list"):
        html = web.get(f"{base}?view={view}").text
        live = re.search(r'<div id="tasks-live" ([^>]*)>', html)
        assert live is not None, view
        assert f'hx-get="{base}?view={view}"' in live.group(1)
        assert "live-task from:body" in live.group(1)
        assert 'hx-select="#tasks-live"' in live.group(1)
        inside = html[live.end() :]
        assert "Cut the trailer" in inside
