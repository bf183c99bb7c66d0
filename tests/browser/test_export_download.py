"""A list page's CSV link in a real browser: the file downloads with the BOM Excel needs,
the list's header and rows, and a cell that looks like a formula neutralised."""

import csv
import io
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.test_live_pages import api_as
from tests.browser.test_workflow import DEMO, sign_in

pytestmark = pytest.mark.browser


def test_the_csv_link_of_a_task_board_downloads_its_tasks(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    api = api_as(base_url, *DEMO)
    campaign = api.post("campaigns", json={"name": f"Export {uuid.uuid4().hex[:6]}"})
    assert campaign.status_code == 201, campaign.text
    campaign_id = campaign.json()["id"]
    for title in ("Book the hall", '=HYPERLINK("http://x")', "预订场地"):
        made = api.post("tasks", json={"title": title, "campaign_id": campaign_id})
        assert made.status_code == 201, made.text
    api.close()

    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo/campaigns/{campaign_id}/tasks")
    with page.expect_download() as download_info:
        page.click(".export-links a:text('CSV')")
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    content = target.read_bytes()

    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header = rows[0]
    assert {"title", "campaign_id", "status"} <= set(header)
    titles = sorted(row[header.index("title")] for row in rows[1:])
    assert titles == sorted(["Book the hall", '\'=HYPERLINK("http://x")', "预订场地"])
    assert {row[header.index("campaign_id")] for row in rows[1:]} == {campaign_id}
