"""Documents of contracts, licence grants and the funding round: versions, the signed
mark, type from content, who may see them, and the file going with its last use."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.files.blobs import LocalBlobStore
from app.files.http import Files
from app.models import StoredFile
from app.models.enums import Access
from tests.factories import Caller, created, join
from tests.files import samples


@pytest.fixture
def files_dir(app: FastAPI, tmp_path: Path) -> Iterator[Path]:
    """The app keeps files in a scratch directory during the test."""
    before = getattr(app.state, "files", None)
    app.state.files = Files(LocalBlobStore(tmp_path), 64 * 1024)
    yield tmp_path
    app.state.files = before


def blobs(files_dir: Path) -> set[str]:
    return {path.name for path in files_dir.rglob("*") if path.is_file()}


def contract(caller: Caller) -> dict[str, Any]:
    body = {"title": "Lumen sponsorship", "type": "sponsorship", "end_on": "2027-12-31"}
    return created(caller.post("contracts", json=body))


def upload(
    caller: Caller, path: str, content: bytes, name: str = "contract.pdf", **form: Any
) -> httpx.Response:
    return caller.post(path, files={"file": (name, content)}, data=form)


def test_uploads_of_one_document_are_its_versions_and_one_is_marked_signed(
    owner: Caller, files_dir: Path
) -> None:
    docs = f"contracts/{contract(owner)['id']}/documents"

    first = created(upload(owner, docs, samples.PDF, kind="contract", title="Agreement"))
    second = created(upload(owner, docs, samples.PDF + b"%v2", kind="contract", title="Agreement"))
    signed = owner.post(f"{docs}/{second['id']}/sign", json={"signed": True})

    assert (first["version"], second["version"]) == (1, 2)
    assert signed.status_code == 200
    assert signed.json()["signed"] is True
    listed = owner.get(docs).json()["items"]
    assert [(d["version"], d["latest"], d["signed"]) for d in listed] == [
        (1, False, False),
        (2, True, True),
    ]
    assert first["file"]["content_type"] == "application/pdf"


def test_type_comes_from_the_content_and_an_executable_named_pdf_is_refused(
    owner: Caller, files_dir: Path
) -> None:
    docs = f"contracts/{contract(owner)['id']}/documents"

    refused = upload(owner, docs, samples.WINDOWS_EXE, name="contract.pdf")
    png = created(upload(owner, docs, samples.PNG, name="scan.pdf"))

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"][-1] == "file"
    assert png["file"]["content_type"] == "image/png"
    assert png["file"]["filename"] == "scan.png"
    assert [d["id"] for d in owner.get(docs).json()["items"]] == [png["id"]]


def test_downloads_are_inline_only_for_images_and_pdf(owner: Caller, files_dir: Path) -> None:
    docs = f"contracts/{contract(owner)['id']}/documents"
    pdf = created(upload(owner, docs, samples.PDF))
    docx = created(upload(owner, docs, samples.DOCX, name="annex.docx"))

    pdf_body = owner.get(f"{docs}/{pdf['id']}/content")
    docx_body = owner.get(f"{docs}/{docx['id']}/content")

    assert pdf_body.content == samples.PDF
    assert pdf_body.headers["content-disposition"].startswith("inline")
    assert docx_body.headers["content-disposition"].startswith("attachment")
    assert docx_body.headers["x-content-type-options"] == "nosniff"


def test_another_workspace_gets_404_and_a_viewer_reads_but_cannot_change(
    owner: Caller, outsider: Caller, session: Session, files_dir: Path
) -> None:
    the_contract = contract(owner)
    docs = f"contracts/{the_contract['id']}/documents"
    doc = created(upload(owner, docs, samples.PDF))
    viewer = join(session, owner, Access.viewer)
    theirs = f"/api/v1/workspaces/{owner.workspace}/{docs}/{doc['id']}/content"
    mine = f"{docs}/{doc['id']}/content"

    assert outsider.get(theirs).status_code == 404
    assert outsider.get(mine).status_code == 404
    assert outsider.get(docs).status_code == 404
    assert viewer.get(mine).content == samples.PDF
    assert upload(viewer, docs, samples.PDF).status_code == 403
    assert viewer.post(f"{docs}/{doc['id']}/sign", json={"signed": True}).status_code == 403
    assert viewer.delete(f"{docs}/{doc['id']}").status_code == 403


def test_a_document_of_one_contract_is_not_found_under_another(
    owner: Caller, files_dir: Path
) -> None:
    first, second = contract(owner), contract(owner)
    doc = created(upload(owner, f"contracts/{first['id']}/documents", samples.PDF))

    answer = owner.get(f"contracts/{second['id']}/documents/{doc['id']}/content")

    assert answer.status_code == 404


def test_the_file_goes_with_its_last_reference(
    owner: Caller, session: Session, files_dir: Path
) -> None:
    first, second = contract(owner), contract(owner)
    a = created(upload(owner, f"contracts/{first['id']}/documents", samples.PDF))
    b = created(upload(owner, f"contracts/{second['id']}/documents", samples.PDF))
    stored = select(func.count()).select_from(StoredFile)

    assert blobs(files_dir) == {a["file"]["sha256"]}
    assert owner.delete(f"contracts/{first['id']}/documents/{a['id']}").status_code == 204
    assert session.scalar(stored) == 1
    assert blobs(files_dir) == {a["file"]["sha256"]}
    etag = owner.get(f"contracts/{second['id']}").headers["etag"]
    assert owner.delete(f"contracts/{second['id']}", headers={"If-Match": etag}).status_code == 204

    assert session.scalar(stored) == 0
    assert blobs(files_dir) == set()
    assert b["file"]["sha256"] == a["file"]["sha256"]


def test_a_licence_grant_keeps_its_chain_of_title(owner: Caller, files_dir: Path) -> None:
    asset = created(
        owner.post(
            "ip-assets",
            json={
                "title": "Theme song",
                "kind": "work",
                "owners": [{"name": "Studio", "share_percent": 100}],
            },
        )
    )
    grant = created(
        owner.post(
            "licence-grants",
            json={
                "ip_asset_id": asset["id"],
                "licensee": "Lumen Audio",
                "territory": "Mainland China",
                "media": "Online video",
                "exclusive": True,
                "royalty_percent": 8.5,
            },
        )
    )

    doc = created(
        upload(
            owner,
            f"licence-grants/{grant['id']}/documents",
            samples.PDF,
            kind="chain_of_title",
            title="Composer assignment",
        )
    )

    assert float(grant["royalty_percent"]) == 8.5
    assert doc["kind"] == "chain_of_title"
    assert doc["version"] == 1
    listed = owner.get("licence-grants", params={"ip_asset_id": asset["id"]}).json()["items"]
    assert [g["id"] for g in listed] == [grant["id"]]


def test_a_licence_ending_before_it_starts_is_refused(owner: Caller) -> None:
    asset = created(
        owner.post(
            "ip-assets",
            json={
                "title": "Logo",
                "kind": "trademark",
                "owners": [{"name": "S", "share_percent": 100}],
            },
        )
    )

    answer = owner.post(
        "licence-grants",
        json={
            "ip_asset_id": asset["id"],
            "licensee": "X",
            "starts_on": "2027-02-01",
            "ends_on": "2027-01-01",
        },
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "ends_on"]


def test_funding_documents_have_versions_per_kind(owner: Caller, files_dir: Path) -> None:
    created(upload(owner, "funding-documents", samples.PPTX, name="deck.pptx", kind="pitch_deck"))
    created(
        upload(
            owner,
            "funding-documents",
            samples.PDF,
            name="deck.pdf",
            kind="pitch_deck",
            title="deck.pptx",
        )
    )
    created(
        upload(owner, "funding-documents", samples.XLSX, name="model.xlsx", kind="financial_model")
    )

    listed = owner.get("funding-documents").json()["items"]

    assert [(d["kind"], d["version"], d["latest"]) for d in listed] == [
        ("financial_model", 1, True),
        ("pitch_deck", 1, False),
        ("pitch_deck", 2, True),
    ]
