"""FastAPI helpers for files: receive an upload with its limits, answer a download safely.

    @router.post("/contracts/{contract_id}/documents", ...)
    def contracts_documents_create(file: UploadFile, files: FilesDep, ...) -> FileRead:
        upload = files.receive(file)              # 413 / 422 naming the field
        return service.attach(session, ctx=ctx, blobs=files.blobs, upload=upload, ...)

    def contracts_documents_download(...) -> Response:
        return files.response(service.get(...), if_none_match=request.headers.get(...))

Downloads stream from the store with `X-Content-Type-Options: nosniff`, a sandboxing
Content-Security-Policy, the digest as ETag, and `Content-Disposition: attachment`
for everything but images and PDF (shown inline), with a safe file name.
"""

import hashlib
import re
import unicodedata
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Annotated

from fastapi import Depends, Request, UploadFile
from fastapi.responses import Response, StreamingResponse

from app.core.config import Settings
from app.core.errors import NotFound
from app.core.i18n import N_, Message
from app.files.blobs import CHUNK, BlobStore, blob_store_from_settings
from app.files.detect import Kind, Refused, detect
from app.files.errors import ACCEPTED, FILE_NOT_FOUND, FileRefused, FileTooLarge
from app.files.schemas import FileRead
from app.files.service import Upload

MAX_FILENAME_BYTES = 200
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|]+')
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")
_INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})
# Nothing in a served file may run, load or frame anything; PDF viewers need a plugin.
_SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
_PDF_POLICY = "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'"


def safe_filename(name: str | None, kind: Kind) -> str:
    """The client's name without paths or control characters, its extension made true.

    `../../etc/passwd` → `passwd.txt`; `invoice.pdf` holding a PNG → `invoice.png`.
    """
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/")).split("/")[-1]
    path = PurePosixPath(_UNSAFE_NAME.sub("_", base) or "file")
    stem = (path.stem if path.suffix else path.name).strip(" ._") or "file"
    if kind.extension == ".jpg" and path.suffix.lower() == ".jpeg":
        return _fit(stem, ".jpeg")
    return _fit(stem, kind.extension)


def _fit(stem: str, extension: str) -> str:
    while len((stem + extension).encode("utf-8")) > MAX_FILENAME_BYTES:
        stem = stem[:-1]
    return stem + extension


def content_disposition(filename: str, *, inline: bool) -> str:
    """RFC 6266: an ASCII fallback and the UTF-8 name (`filename*`)."""
    path = PurePosixPath(filename)
    ascii_stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode()
    ascii_suffix = _ASCII_UNSAFE.sub("_", path.suffix.encode("ascii", "ignore").decode())
    fallback = (_ASCII_UNSAFE.sub("_", ascii_stem).strip("_ ") or "file") + ascii_suffix
    quoted = urllib.parse.quote(filename, safe="")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quoted}"


@dataclass(frozen=True)
class Files:
    """The app's file store and upload limit (the `FilesDep` dependency)."""

    blobs: BlobStore
    max_bytes: int

    def receive(self, upload: UploadFile, *, field: str = "file") -> Upload:
        """Hash, size and check an uploaded file: 413 over the limit, 422 if not allowed."""
        source = upload.file
        source.seek(0)
        hasher, size = hashlib.sha256(), 0
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise FileTooLarge(max_bytes=self.max_bytes, field=field)
            hasher.update(chunk)
        if size == 0:
            raise FileRefused(N_("The file is empty."), field=field, code="file_empty")
        try:
            kind = detect(source, name=upload.filename, declared=upload.content_type)
        except Refused as refused:
            raise FileRefused(
                N_("This file is {found}, which is not accepted. {accepted}"),
                field=field,
                code="file_type",
                found=Message(refused.found),
                accepted=Message(ACCEPTED),
            ) from None
        return Upload(
            file=source,
            sha256=hasher.hexdigest(),
            size=size,
            kind=kind,
            filename=safe_filename(upload.filename, kind),
        )

    def response(self, file: FileRead, *, if_none_match: str | None = None) -> Response:
        """The file's bytes, streamed, with headers that keep the browser safe."""
        etag = f'"{file.sha256}"'
        media_type = file.content_type.partition(";")[0]
        inline = media_type in _INLINE_TYPES
        headers = {
            "ETag": etag,
            "Cache-Control": "private, no-cache",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": _PDF_POLICY if media_type == "application/pdf" else _SANDBOX,
            "Content-Disposition": content_disposition(file.filename, inline=inline),
        }
        if if_none_match and etag in {tag.strip() for tag in if_none_match.split(",")}:
            return Response(status_code=304, headers=headers)
        if not self.blobs.exists(file.sha256):
            raise NotFound(FILE_NOT_FOUND)
        headers["Content-Length"] = str(file.size)
        return StreamingResponse(
            _chunks(self.blobs, file.sha256), media_type=file.content_type, headers=headers
        )


def _chunks(blobs: BlobStore, digest: str) -> Iterator[bytes]:
    yield from blobs.read(digest)


def files(request: Request) -> Files:
    """The app's `Files`, made once from its settings (tests may set `app.state.files`)."""
    state = request.app.state
    made: Files | None = getattr(state, "files", None)
    if made is None:
        settings: Settings = state.settings
        made = state.files = Files(blob_store_from_settings(settings), settings.max_file_bytes)
    return made


FilesDep = Annotated[Files, Depends(files)]
