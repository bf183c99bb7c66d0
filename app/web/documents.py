"""Documents on pages (contracts, licence grants, the funding round): the download passed
through from the API with only its safe headers, and an upload turned into the API's
multipart request."""

from typing import TypedDict

from fastapi.responses import StreamingResponse
from starlette.datastructures import FormData, UploadFile

from app.web.context import Page
from app.web.forms import text

KEPT_HEADERS = (
    "content-type",
    "content-disposition",
    "content-length",
    "x-content-type-options",
    "content-security-policy",
)


async def download(page: Page, api_path: str) -> StreamingResponse:
    body, headers = await page.api.download(api_path)
    return StreamingResponse(body, headers={k: v for k, v in headers.items() if k in KEPT_HEADERS})


class UploadRequest(TypedDict):
    """The keyword arguments of `ApiClient.request` for an upload: fields and the file."""

    data: dict[str, str]
    files: dict[str, tuple[str, bytes, str]]


async def upload_request(form: FormData, *, default_kind: str) -> UploadRequest | None:
    """The keyword arguments of the API's upload call; None when no file was chosen."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = {"kind": text(form, "kind") or default_kind, "title": text(form, "title")}
    if text(form, "signed"):
        data["signed"] = "true"
    content = await upload.read()
    return {"data": data, "files": {"file": (upload.filename, content, upload.content_type or "")}}
