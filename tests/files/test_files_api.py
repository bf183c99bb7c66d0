"""The file helpers through a tiny test-only API: "things" with attachments.

The app is the real one (middleware, auth, one transaction per request) plus the router
below, which uses `app.files` the way a feature would.
"""

import dataclasses
import hashlib
import io
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request, Response, UploadFile, status
from fastapi.testclient import TestClient
from sqlalchemy import Connection, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.auth.bearer import actor_in_workspace
from app.core.config import Settings
from app.core.transaction import SessionDep, TransactionalRoute
from app.files import reads, service
from app.files.blobs import LocalBlobStore
from app.files.http import Files, FilesDep
from app.files.schemas import FileRead
from app.main import create_app
from app.models import FileReference, StoredFile, User
from app.models.enums import Access, Locale
from app.workspaces.dependencies import WorkspaceDep
from tests.factories import Caller, join
from tests.files import samples

MAX_FILE = 64 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
router = APIRouter(
    prefix="/workspaces/{workspace}/things/{thing_id}/files",
    tags=["things"],
    route_class=TransactionalRoute,
)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Attach a file to a thing")
def things_files_create(
    session: SessionDep, ctx: WorkspaceDep, files: FilesDep, thing_id: uuid.UUID, file: UploadFile
) -> FileRead:
    upload = files.receive(file)
    return service.attach(
        session,
        ctx=ctx,
        blobs=files.blobs,
        upload=upload,
        owner_type="thing",
        owner_id=thing_id,
        now=datetime.now(UTC),
    )


@router.get("", summary="List a thing's files")
def things_files_list(
    session: SessionDep, ctx: WorkspaceDep, thing_id: uuid.UUID
) -> list[FileRead]:
    return service.list_files(session, ctx=ctx, owner_type="thing", owner_id=thing_id)


@router.get("/{file_id}/content", summary="Download a thing's file")
def things_files_download(
    session: SessionDep,
    ctx: WorkspaceDep,
    files: FilesDep,
    request: Request,
    thing_id: uuid.UUID,
    file_id: uuid.UUID,
) -> Response:
    found = service.get(session, ctx=ctx, reference_id=file_id, owner=("thing", thing_id))
    return files.response(found, if_none_match=request.headers.get("if-none-match"))


@router.delete("/{file_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a file")
def things_files_delete(
    session: SessionDep, ctx: WorkspaceDep, files: FilesDep, thing_id: uuid.UUID, file_id: uuid.UUID
) -> None:
    service.detach(
        session, ctx=ctx, blobs=files.blobs, reference_id=file_id, owner=("thing", thing_id)
    )


@router.delete("", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a thing's files")
def things_files_clear(
    session: SessionDep, ctx: WorkspaceDep, files: FilesDep, thing_id: uuid.UUID
) -> None:
    service.detach_owner(session, ctx=ctx, blobs=files.blobs, owner_type="thing", owner_id=thing_id)


@pytest.fixture(scope="module")
def things_app(database_url: str) -> FastAPI:
    """One app for the module (building its OpenAPI document, as the guard does, is slow)."""
    app = create_app(Settings(database_url=database_url, max_file_bytes=MAX_FILE))
    app.include_router(router, prefix="/api/v1")
    return app


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    return tmp_path / "files"


@pytest.fixture
def things_client(
    things_app: FastAPI, session_factory: sessionmaker[Session], files_dir: Path
) -> Iterator[TestClient]:
    things_app.state.session_factory = session_factory
    things_app.state.files = Files(LocalBlobStore(files_dir), MAX_FILE)
    with TestClient(things_app) as client:
        yield client


@pytest.fixture
def lin(owner: Caller, things_client: TestClient) -> Caller:
    return dataclasses.replace(owner, client=things_client)


def upload(
    caller: Caller, thing: uuid.UUID, content: bytes, name: str = "f.bin", **kwargs: Any
) -> httpx.Response:
    return caller.post(f"things/{thing}/files", files={"file": (name, content)}, **kwargs)


def blobs_in(files_dir: Path) -> set[str]:
    return {path.name for path in files_dir.rglob("*") if path.is_file()}


def count(session: Session, model: type[StoredFile] | type[FileReference]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_an_upload_is_kept_and_described_from_its_content(lin: Caller, files_dir: Path) -> None:
    thing = uuid.uuid4()

    response = upload(lin, thing, samples.PNG, name="../avatar.pdf")

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["filename"] == "avatar.png"
    assert body["content_type"] == "image/png"
    assert body["size"] == len(samples.PNG)
    assert body["created_by_member_id"] == str(lin.member_id)
    assert blobs_in(files_dir) == {body["sha256"]}
    assert lin.get(f"things/{thing}/files").json() == [body]


def test_the_same_content_is_stored_once(lin: Caller, files_dir: Path, session: Session) -> None:
    first = upload(lin, uuid.uuid4(), samples.PDF, name="a.pdf").json()
    second = upload(lin, uuid.uuid4(), samples.PDF, name="b.pdf").json()

    assert first["id"] != second["id"]
    assert first["sha256"] == second["sha256"]
    assert count(session, StoredFile) == 1
    assert count(session, FileReference) == 2
    assert blobs_in(files_dir) == {first["sha256"]}


def test_images_and_pdf_are_shown_inline_and_safely(lin: Caller) -> None:
    thing = uuid.uuid4()
    png = upload(lin, thing, samples.PNG, name="logo.png").json()

    response = lin.get(f"things/{thing}/files/{png['id']}/content")

    assert response.status_code == 200
    assert response.content == samples.PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-length"] == str(len(samples.PNG))
    assert response.headers["content-disposition"].startswith('inline; filename="logo.png"')
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.headers["etag"] == f'"{png["sha256"]}"'


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (samples.CSV_GB18030, "成员.csv", "text/csv; charset=gb18030"),
        (b"<html><script>alert(1)</script></html>", "page.html", "text/plain; charset=utf-8"),
        (samples.XLSX, "plan.xlsx", XLSX_TYPE),
    ],
)
def test_everything_else_is_downloaded_as_an_attachment(
    lin: Caller, content: bytes, name: str, content_type: str
) -> None:
    thing = uuid.uuid4()
    stored = upload(lin, thing, content, name=name).json()

    response = lin.get(f"things/{thing}/files/{stored['id']}/content")

    assert response.content == content
    assert response.headers["content-type"] == content_type
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_download_the_browser_has_is_not_sent_again(lin: Caller) -> None:
    thing = uuid.uuid4()
    stored = upload(lin, thing, samples.PDF, name="deck.pdf").json()

    response = lin.get(
        f"things/{thing}/files/{stored['id']}/content",
        headers={"If-None-Match": f'"{stored["sha256"]}"'},
    )

    assert response.status_code == 304
    assert response.content == b""


def test_an_executable_renamed_pdf_is_refused_in_the_callers_language_and_nothing_is_kept(
    lin: Caller, files_dir: Path, session: Session
) -> None:
    session.get_one(User, lin.user_id).locale = Locale.zh_cn
    session.commit()

    response = upload(lin, uuid.uuid4(), samples.WINDOWS_EXE, name="invoice.pdf")

    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "/problems/file-type-refused"
    assert problem["errors"][0]["loc"] == ["body", "file"]
    assert problem["errors"][0]["type"] == "file_type"
    assert problem["errors"][0]["msg"].startswith("该文件是Windows 程序，不被接受。可接受：PDF")
    assert count(session, StoredFile) == 0
    assert blobs_in(files_dir) == set()


def test_an_empty_file_is_refused(lin: Caller) -> None:
    response = upload(lin, uuid.uuid4(), b"", name="empty.txt")

    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "file_empty"


def test_a_file_over_the_limit_is_413_naming_the_field(lin: Caller, files_dir: Path) -> None:
    response = upload(lin, uuid.uuid4(), b"a" * (MAX_FILE + 1), name="big.txt")

    assert response.status_code == 413
    problem = response.json()
    assert problem["type"] == "/problems/file-too-large"
    assert problem["max_bytes"] == MAX_FILE
    assert problem["errors"] == [
        {
            "loc": ["body", "file"],
            "msg": "A file may have at most 0.1 MB.",
            "type": "file_too_large",
        }
    ]
    assert blobs_in(files_dir) == set()


def test_a_body_far_over_the_upload_limit_is_refused_before_any_route(lin: Caller) -> None:
    response = upload(lin, uuid.uuid4(), b"a" * (MAX_FILE + 1024 * 1024 + 1), name="huge.txt")

    assert response.status_code == 413
    assert response.json()["type"] == "/problems/payload-too-large"


def test_uploads_may_be_larger_than_json_bodies(
    make_app: Callable[..., FastAPI], owner: Caller, files_dir: Path
) -> None:
    app = make_app(files_dir=str(files_dir), max_file_bytes=3 * 1024 * 1024)
    app.include_router(router, prefix="/api/v1")
    content = b"x," * (1024 * 1024)  # 2 MB of text, twice the JSON body limit
    with TestClient(app) as client:
        caller = dataclasses.replace(owner, client=client)

        response = upload(caller, uuid.uuid4(), content, name="wide.csv")

    assert response.status_code == 201, response.text
    assert response.json()["size"] == len(content)


def test_another_workspaces_file_does_not_exist(lin: Caller, outsider: Caller) -> None:
    thing = uuid.uuid4()
    stored = upload(lin, thing, samples.PDF, name="secret.pdf").json()
    stranger = dataclasses.replace(outsider, client=lin.client)

    own_workspace = stranger.get(f"things/{thing}/files/{stored['id']}/content")
    their_workspace = stranger.get(f"/api/v1/workspaces/{lin.workspace}/things/{thing}/files")
    deleting = stranger.delete(f"things/{thing}/files/{stored['id']}")

    assert own_workspace.status_code == 404
    assert their_workspace.status_code == 404
    assert deleting.status_code == 404
    assert stranger.get(f"things/{thing}/files").json() == []


def test_a_file_of_another_object_is_not_found_through_this_one(lin: Caller) -> None:
    stored = upload(lin, uuid.uuid4(), samples.PDF, name="a.pdf").json()

    response = lin.get(f"things/{uuid.uuid4()}/files/{stored['id']}/content")

    assert response.status_code == 404


def test_a_viewer_reads_files_but_cannot_attach_or_remove(lin: Caller, session: Session) -> None:
    thing = uuid.uuid4()
    stored = upload(lin, thing, samples.PDF, name="a.pdf").json()
    viewer = dataclasses.replace(join(session, lin, Access.viewer), client=lin.client)

    assert viewer.get(f"things/{thing}/files/{stored['id']}/content").status_code == 200
    assert upload(viewer, thing, samples.PNG).status_code == 403
    assert viewer.delete(f"things/{thing}/files/{stored['id']}").status_code == 403


def test_a_read_only_token_cannot_attach(lin: Caller, session: Session) -> None:
    editor = dataclasses.replace(join(session, lin, Access.editor, write=False), client=lin.client)

    assert upload(editor, uuid.uuid4(), samples.PNG).status_code == 403


# The last reference takes the content with it ------------------------------------------------


def test_removing_the_last_reference_deletes_the_file(
    lin: Caller, files_dir: Path, session: Session
) -> None:
    first_thing, second_thing = uuid.uuid4(), uuid.uuid4()
    first = upload(lin, first_thing, samples.PDF, name="a.pdf").json()
    second = upload(lin, second_thing, samples.PDF, name="b.pdf").json()

    assert lin.delete(f"things/{first_thing}/files/{first['id']}").status_code == 204
    assert blobs_in(files_dir) == {first["sha256"]}  # still used by the second thing

    assert lin.delete(f"things/{second_thing}/files/{second['id']}").status_code == 204
    assert blobs_in(files_dir) == set()
    assert count(session, StoredFile) == 0


def test_deleting_an_objects_files_removes_each(lin: Caller, files_dir: Path) -> None:
    thing = uuid.uuid4()
    upload(lin, thing, samples.PDF, name="a.pdf")
    upload(lin, thing, samples.PNG, name="b.png")

    assert lin.delete(f"things/{thing}/files").status_code == 204

    assert lin.get(f"things/{thing}/files").json() == []
    assert blobs_in(files_dir) == set()


def test_a_content_another_workspace_holds_stays_when_one_lets_go(
    lin: Caller, outsider: Caller, files_dir: Path
) -> None:
    theirs = dataclasses.replace(outsider, client=lin.client)
    mine, their_thing = uuid.uuid4(), uuid.uuid4()
    stored = upload(lin, mine, samples.PDF, name="a.pdf").json()
    upload(theirs, their_thing, samples.PDF, name="same.pdf")

    lin.delete(f"things/{mine}/files/{stored['id']}")

    assert blobs_in(files_dir) == {stored["sha256"]}
    assert theirs.get(f"things/{their_thing}/files").json()[0]["sha256"] == stored["sha256"]


def test_the_blob_goes_only_after_the_commit(
    lin: Caller, things_app: FastAPI, files_dir: Path, session: Session
) -> None:
    session.commit()  # the fixtures' reads: the rollback below must not reach the upload
    stored = upload(lin, uuid.uuid4(), samples.PDF, name="a.pdf").json()
    blobs = things_app.state.files.blobs
    ctx = actor_in_workspace(session, secret=lin.token, slug=lin.workspace)

    service.detach(session, ctx=ctx, blobs=blobs, reference_id=uuid.UUID(stored["id"]))
    assert blobs_in(files_dir) == {stored["sha256"]}  # flushed, not committed
    session.rollback()
    assert blobs_in(files_dir) == {stored["sha256"]}  # rolled back: still used
    assert count(session, FileReference) == 1

    service.detach(session, ctx=ctx, blobs=blobs, reference_id=uuid.UUID(stored["id"]))
    session.commit()
    assert blobs_in(files_dir) == set()


def test_garbage_is_rows_without_references_and_blobs_without_rows(
    lin: Caller, things_app: FastAPI, files_dir: Path, session: Session, connection: Connection
) -> None:
    blobs = things_app.state.files.blobs
    kept = upload(lin, uuid.uuid4(), samples.PNG, name="kept.png").json()
    left = upload(lin, uuid.uuid4(), samples.PDF, name="left.pdf").json()
    # What a workspace's deletion or a crash leaves: a row without references, a lone blob.
    session.execute(delete(FileReference).where(FileReference.id == uuid.UUID(left["id"])))
    session.commit()
    blobs.put(hashlib.sha256(b"lone").hexdigest(), io.BytesIO(b"lone"))

    garbage = service.collect_garbage(connection, blobs)

    assert garbage == service.Garbage(rows=1, blobs=2)
    assert blobs_in(files_dir) == {kept["sha256"]}
    assert count(session, StoredFile) == 1
    assert service.collect_garbage(connection, blobs) == service.Garbage(rows=0, blobs=0)


def test_a_file_can_be_shared_with_another_object_and_read_per_object(
    lin: Caller, session: Session
) -> None:
    first, second, empty = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    original = upload(lin, first, samples.PDF, name="brief.pdf").json()
    session.commit()
    ctx = actor_in_workspace(session, secret=lin.token, slug=lin.workspace)

    shared = service.attach_copy(
        session,
        ctx=ctx,
        reference_id=uuid.UUID(original["id"]),
        owner_type="thing",
        owner_id=second,
        now=datetime.now(UTC),
    )
    by_owner = reads.read_for_owners(
        session, workspace_id=ctx.workspace_id, owner_type="thing", owner_ids=[first, second, empty]
    )

    assert (shared.filename, shared.sha256) == ("brief.pdf", original["sha256"])
    assert count(session, StoredFile) == 1
    assert [f.id for f in by_owner[first]] == [uuid.UUID(original["id"])]
    assert [f.id for f in by_owner[second]] == [shared.id]
    assert by_owner[empty] == []
