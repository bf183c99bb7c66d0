"""Downloads of the list pages (CSV, Excel) and of a whole workspace, through the API.

`/w/<slug>/export/<list>?format=csv|xlsx&<the page's filters>` asks the list operation
for its file (`?format=` on any list, app/core/exports.py) and streams it on; the
workspace's own export (`workspaces_export`) is on the settings page, for admins.
"""

import re

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from app.web.client import ApiError
from app.web.context import PageDep

router = APIRouter()
# A workspace's list, or a list under one of its objects (`campaigns/<id>/scopes`).
_LIST_PATH = re.compile(r"^[a-z][a-z_-]{1,40}(/[0-9a-f-]{36}/[a-z][a-z_-]{1,40})?$")
_FORMATS = frozenset({"csv", "xlsx"})
_KEPT_HEADERS = ("content-type", "content-disposition")
_FILE_TYPES = ("text/csv", "application/vnd.openxmlformats", "application/jsonl", "application/zip")


@router.get("/w/{slug}/export/{resource:path}")
async def list_export(page: PageDep, request: Request, slug: str, resource: str) -> Response:
    query = request.query_params
    # A repeated parameter (`status=todo&status=doing`) stays a list.
    params: dict[str, str | list[str]] = {
        key: values if len(values) > 1 else values[0]
        for key in query
        for values in [query.getlist(key)]
    }
    if not _LIST_PATH.match(resource) or params.get("format") not in _FORMATS:
        raise ApiError(404, {"title": "Not found"})
    return await _stream(page, f"/workspaces/{slug}/{resource}", params)


@router.get("/w/{slug}/settings/export")
async def workspace_export(page: PageDep, slug: str, format: str = "zip") -> Response:
    return await _stream(page, f"/workspaces/{slug}/export", {"format": format})


async def _stream(page: PageDep, path: str, params: dict[str, str | list[str]]) -> Response:
    body, headers = await page.api.download(path, params=params)
    if not headers.get("content-type", "").startswith(_FILE_TYPES):
        async for _chunk in body:  # not a list (a JSON object): read it to close it
            pass
        raise ApiError(404, {"title": "Not found"})
    kept = {k: v for k, v in headers.items() if k in _KEPT_HEADERS}
    return StreamingResponse(body, headers=kept)
