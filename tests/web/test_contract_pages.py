"""Contract and IP pages: the register, a contract's page (sign, decide, documents,
obligations), obligations in My week, the IP register and licence grants."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from app.files.blobs import LocalBlobStore
from app.files.http import Files
from app.models.enums import Access
from tests.factories import Caller, created, join
from tests.files import samples
from tests.web.conftest import Browser, sign_in


@pytest.fixture
def files_dir(app: FastAPI, tmp_path: Path) -> Iterator[Path]:
    before = getattr(app.state, "files", None)
    app.state.files = Files(LocalBlobStore(tmp_path), 64 * 1024)
    yield tmp_path
    app.state.files = before


def contract(owner: Caller, **fields: Any) -> dict[str, Any]:
    body = {
        "title": "Lumen sponsorship",
        "type": "sponsorship",
        "end_on": "2027-06-30",
        "renewal": "manual",
        "notice_period": 2,
        "notice_period_unit": "months",
        **fields,
    }
    return created(owner.post("contracts", json=body))


def test_register_lists_contracts_with_their_notice_deadline(web: Browser, owner: Caller) -> None:
    contract(owner)

    page = web.get(web.page("/contracts"))

    assert page.status_code == 200
    assert "Lumen sponsorship" in page.text
    assert "Apr 30, 2027" in page.text  # 30 June − 2 months


def test_a_contract_is_added_and_bad_terms_are_explained_next_to_the_field(
    web: Browser, owner: Caller
) -> None:
    refused = web.post(
        web.page("/contracts"),
        {"title": "Venue", "type": "service", "renewal": "manual", "notice_period": "30"},
    )
    added = web.post(
        web.page("/contracts"), {"title": "Venue", "type": "service", "end_on": "2027-01-31"}
    )

    assert refused.status_code == 422
    assert 'id="e-end_on"' in refused.text
    assert added.status_code == 303
    assert [c["title"] for c in owner.get("contracts").json()["items"]] == ["Venue"]


def test_a_contract_is_signed_and_its_renewal_decided_from_its_page(
    web: Browser, owner: Caller
) -> None:
    c = contract(owner)
    base = web.page(f"/contracts/{c['id']}")

    signed = web.post(f"{base}/status", {"status": "signed"})
    decided = web.post(f"{base}/decision", {"decision": "renegotiate", "note": "Ask for more"})
    page = web.get(base)

    assert signed.status_code == decided.status_code == 303
    after = owner.get(f"contracts/{c['id']}").json()
    assert (after["status"], after["decision"]) == ("signed", "renegotiate")
    assert "Renegotiate" in page.text
    assert "Ask for more" in page.text


def test_a_refused_move_is_explained_on_the_contract_page(web: Browser, owner: Caller) -> None:
    c = contract(owner)

    refused = web.post(web.page(f"/contracts/{c['id']}/status"), {"status": "expired"})

    assert refused.status_code == 409
    assert "cannot become expired" in refused.text


def test_documents_are_uploaded_as_versions_and_downloaded_from_the_page(
    web: Browser, owner: Caller, files_dir: Path
) -> None:
    c = contract(owner)
    base = web.page(f"/contracts/{c['id']}")
    web.get(base)

    for content in (samples.PDF, samples.PDF + b"%v2"):
        answer = web.client.post(
            f"{base}/documents",
            data={"csrf_token": web.csrf, "kind": "contract", "title": "Agreement"},
            files={"file": ("agreement.pdf", content, "application/pdf")},
            follow_redirects=False,
        )
        assert answer.status_code == 303
    refused = web.client.post(
        f"{base}/documents",
        data={"csrf_token": web.csrf, "title": "Evil"},
        files={"file": ("evil.pdf", samples.WINDOWS_EXE, "application/pdf")},
    )
    documents = owner.get(f"contracts/{c['id']}/documents").json()["items"]
    download = web.get(f"{base}/documents/{documents[1]['id']}")

    assert [d["version"] for d in documents] == [1, 2]
    assert refused.status_code == 422
    assert "not accepted" in refused.text
    assert download.content == samples.PDF + b"%v2"
    assert download.headers["content-disposition"].startswith("inline")
    assert "version 2" in web.get(base).text


def test_an_obligation_added_on_the_contract_shows_in_the_owners_week(
    web: Browser, owner: Caller, clock: Any
) -> None:
    c = contract(owner, owner_member_id=str(owner.member_id))
    web.post(
        web.page(f"/contracts/{c['id']}/obligations"),
        {"description": "Send the sponsor report", "due_on": "2026-12-02"},
    )

    week = web.get(web.page("/my-week"))
    obligation = owner.get("obligations").json()["items"][0]
    done = web.post(
        web.page(f"/obligations/{obligation['id']}/complete"), {"next": web.page("/my-week")}
    )

    assert 'id="my-obligations"' in week.text
    assert "Send the sponsor report" in week.text
    assert done.status_code == 303
    assert "Send the sponsor report" not in web.get(web.page("/my-week")).text


def test_a_viewer_sees_a_contract_without_controls(
    client: Any, owner: Caller, session: Session
) -> None:
    c = contract(owner)
    viewer = sign_in(client, join(session, owner, Access.viewer))

    page = viewer.get(viewer.page(f"/contracts/{c['id']}"))

    assert page.status_code == 200
    assert "Record decision" not in page.text
    assert 'enctype="multipart/form-data"' not in page.text


def test_ip_assets_are_registered_with_shares_and_licensed(web: Browser, owner: Caller) -> None:
    refused = web.post(
        web.page("/ip"),
        {"title": "Theme song", "kind": "work", "owner_name_0": "Studio", "owner_share_0": "90"},
    )
    added = web.post(
        web.page("/ip"),
        {
            "title": "Theme song",
            "kind": "work",
            "owner_name_0": "Studio",
            "owner_share_0": "60",
            "owner_name_1": "Chen Hao",
            "owner_share_1": "40%",
        },
    )
    asset = owner.get("ip-assets").json()["items"][0]
    granted = web.post(
        web.page(f"/ip/{asset['id']}/grants"),
        {"licensee": "Lumen Audio", "territory": "Mainland China", "royalty_percent": "8.5"},
    )

    assert refused.status_code == 422
    assert "add up to 90" in refused.text
    assert added.status_code == granted.status_code == 303
    page = web.get(web.page(f"/ip/{asset['id']}")).text
    assert "Lumen Audio" in page
    assert "Chen Hao 40%" in page


def test_contract_pages_speak_chinese(web: Browser, owner: Caller) -> None:
    c = contract(owner)
    web.post("/language", {"locale": "zh-CN", "next": web.page("/contracts")})

    listing = web.get(web.page("/contracts")).text
    detail = web.get(web.page(f"/contracts/{c['id']}")).text

    assert "合同" in listing
    assert "通知截止日" in detail
    assert "赞助" in listing


def test_a_licence_grant_page_keeps_its_chain_of_title(
    web: Browser, owner: Caller, files_dir: Path
) -> None:
    asset = created(
        owner.post(
            "ip-assets",
            json={
                "title": "Hidden Crafts",
                "kind": "work",
                "owners": [{"name": "Lantern Studio", "share_percent": 100}],
            },
        )
    )
    grant = created(
        owner.post("licence-grants", json={"ip_asset_id": asset["id"], "licensee": "River Films"})
    )
    base = web.page(f"/ip/{asset['id']}/grants/{grant['id']}")
    assert base in web.get(web.page(f"/ip/{asset['id']}")).text

    uploaded = web.client.post(
        f"{base}/documents",
        data={"csrf_token": web.csrf, "kind": "chain_of_title", "title": "Assignment"},
        files={"file": ("assignment.pdf", samples.PDF, "application/pdf")},
        follow_redirects=False,
    )
    [document] = owner.get(f"licence-grants/{grant['id']}/documents").json()["items"]
    signed = web.post(f"{base}/documents/{document['id']}/sign")
    page = web.get(base)
    download = web.get(f"{base}/documents/{document['id']}")

    assert uploaded.status_code == signed.status_code == 303
    assert document["kind"] == "chain_of_title"
    assert "Licence to River Films" in page.text
    assert "Assignment" in page.text
    assert "Signed copy" in page.text
    assert download.content == samples.PDF
    web.post("/language", {"locale": "zh-CN", "next": base})
    assert "授权给River Films" in web.get(base).text
