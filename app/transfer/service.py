"""Who may export a workspace and import one, and how an upload becomes a document.

An export holds everything, emails included: admins and owners only. An import makes a
NEW workspace (as `workspaces_create` does): any user with a write token, who becomes its
owner; the document's other users are not linked (they can be invited again)."""

import hashlib
import re
import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.errors import AlreadyExists
from app.core.i18n import N_
from app.core.permissions import Actor, WorkspaceContext
from app.files.blobs import CHUNK, BlobStore
from app.models import Member, User, Workspace
from app.models.enums import Access
from app.transfer import restore, scan
from app.transfer.document import ENTRY, FILES

MAX_UNPACKED_BYTES = 2 * 1024**3  # a zip bomb stops here
ZIP_MAGIC = b"PK\x03\x04"
_DIGEST = re.compile(r"[0-9a-f]{64}")


def check_export(ctx: WorkspaceContext) -> None:
    ctx.require(Access.admin, writing=False)


def import_document(
    session: Session,
    *,
    actor: Actor,
    file: IO[bytes],
    slug: str,
    name: str | None,
    blobs: BlobStore | None = None,
    max_file_bytes: int = 0,
) -> tuple[Workspace, uuid.UUID, restore.Restored]:
    """The new workspace, your member in it, and what was restored."""
    actor.require_write()
    ensure_slug_free(session, slug)
    owner = session.get_one(User, actor.user_id)
    restored = restore.restore(
        session,
        open_document=opener(file),
        slug=slug,
        name=name,
        owner=owner,
        link_all_users=False,
    )
    if blobs is not None:
        restore_files(file, blobs, max_bytes=max_file_bytes)
    workspace = session.get_one(Workspace, restored.workspace_id)
    activity.record(  # in the importer's own account log
        session,
        ctx=actor,
        verb="workspace.imported",
        subject_id=workspace.id,
        subject_name=workspace.name,
        after={"slug": workspace.slug, "rows": sum(restored.rows.values())},
    )
    member_id = session.scalars(
        select(Member.id).where(Member.workspace_id == workspace.id, Member.user_id == owner.id)
    ).one()
    return workspace, member_id, restored


def ensure_slug_free(session: Session, slug: str) -> None:
    if session.scalar(select(Workspace.id).where(Workspace.slug == slug)):
        raise AlreadyExists(N_("The slug {slug} is taken; choose another."), params={"slug": slug})


def opener(file: IO[bytes]) -> scan.Opener:
    """Opens the document afresh for each pass: the file itself, or its zip's entry."""
    file.seek(0)
    zipped = file.read(len(ZIP_MAGIC)) == ZIP_MAGIC

    @contextmanager
    def open_document() -> Iterator[Iterable[bytes]]:
        file.seek(0)
        if not zipped:
            yield iter(file.readline, b"")
            return
        try:
            archive = zipfile.ZipFile(file)
            entry = archive.getinfo(ENTRY)
        except (zipfile.BadZipFile, KeyError):
            raise scan.refused(N_("The zip holds no workspace.jsonl.")) from None
        if entry.file_size > MAX_UNPACKED_BYTES:
            raise scan.refused(N_("The document is too large once unpacked."))
        with archive.open(entry) as unpacked:
            yield _capped(unpacked, MAX_UNPACKED_BYTES)

    return open_document


def _capped(lines: IO[bytes], limit: int) -> Iterator[bytes]:
    """A zip entry that may not unpack beyond `limit` bytes, whatever its header says."""
    left = limit
    for line in iter(lambda: lines.readline(limit + 1), b""):
        left -= len(line)
        if left < 0:
            raise scan.refused(N_("The document is too large once unpacked."))
        yield line


def restore_files(file: IO[bytes], blobs: BlobStore, *, max_bytes: int) -> int:
    """Keep the files of a zipped export (`files/<sha256>`) whose content matches its
    name and is not kept yet; anything else in the zip is ignored. Returns how many."""
    file.seek(0)
    if file.read(len(ZIP_MAGIC)) != ZIP_MAGIC:
        return 0
    kept = 0
    with zipfile.ZipFile(file) as archive:
        for info in archive.infolist():
            digest = info.filename.removeprefix(FILES)
            if not info.filename.startswith(FILES) or not _DIGEST.fullmatch(digest):
                continue
            if info.file_size > max_bytes or blobs.exists(digest):
                continue
            with tempfile.TemporaryFile() as copy, archive.open(info) as content:
                hasher, size = hashlib.sha256(), 0
                while chunk := content.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        break
                    hasher.update(chunk)
                    copy.write(chunk)
                if size > max_bytes or hasher.hexdigest() != digest:
                    continue
                blobs.put(digest, copy)
                kept += 1
    return kept
