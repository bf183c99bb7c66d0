"""List pages offer their list as CSV or Excel; admins download the whole workspace."""

import io
import zipfile

import openpyxl

from tests.api.helpers import make_member
from tests.factories import Caller
from tests.web.conftest import Browser


def test_the_members_page_links_its_filtered_list_as_csv_and_excel(
    web: Browser, owner: Caller
) -> None:
    make_member(owner, display_name="Lin Xiaoyu", title="=cmd")
    make_member(owner, display_name="Wang Lei")

    page = web.get(web.page("/members?q=lin"))
    assert f'href="/w/{owner.workspace}/export/members?q=lin&amp;format=csv"' in page.text

    csv = web.get(web.page("/export/members?q=lin&format=csv"))
    assert csv.status_code == 200
    assert csv.headers["content-disposition"].startswith('attachment; filename="members-')
    text = csv.content.decode("utf-8-sig")
    assert "Lin Xiaoyu" in text
    assert "'=cmd" in text
    assert "Wang Lei" not in text

    xlsx = web.get(web.page("/export/members?format=xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("display_name")
    assert len(rows) == 4  # the header, the owner and two members
    assert {"Lin Xiaoyu", "Wang Lei"} <= {row[column] for row in rows[1:]}


def test_only_lists_and_files_are_proxied(web: Browser) -> None:
    assert web.get(web.page("/export/members?format=pdf")).status_code == 404
    assert web.get(web.page("/export/dashboard?format=csv")).status_code == 404
    assert web.get(web.page("/export/..%2Fsettings?format=csv")).status_code == 404


def test_admins_download_the_whole_workspace_from_settings(web: Browser, owner: Caller) -> None:
    settings = web.get(web.page("/settings"))
    assert f'href="/w/{owner.workspace}/settings/export?format=zip"' in settings.text

    download = web.get(web.page("/settings/export?format=zip"))

    assert download.status_code == 200
    lines = zipfile.ZipFile(io.BytesIO(download.content)).read("workspace.jsonl").splitlines()
    assert b'"format":"troupe-workspace"' in lines[0]
