"""The funding page: goals each with their own progress, investors moved along the
pipeline, the round's documents with versions."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.files.blobs import LocalBlobStore
from app.files.http import Files
from app.models.enums import Access
from tests.factories import Caller, created, join
from tests.files import samples
from tests.money.helpers import cny
from tests.web.conftest import Browser, sign_in


@pytest.fixture
def files_dir(app: FastAPI, tmp_path: Path) -> Iterator[Path]:
    before = getattr(app.state, "files", None)
    app.state.files = Files(LocalBlobStore(tmp_path), 64 * 1024)
    yield tmp_path
    app.state.files = before


def test_each_goal_kind_has_its_own_bar(web: Browser, owner: Caller) -> None:
    created(
        owner.post(
            "funding-goals", json={"name": "Film", "kind": "one_off", "target": cny(1_000_000)}
        )
    )
    created(
        owner.post(
            "funding-goals",
            json={"name": "Rent", "kind": "monthly_recurring", "target": cny(300_000)},
        )
    )

    page = web.get(web.page("/funding")).text

    assert page.count("<progress") == 2
    assert "One-off" in page
    assert "Monthly recurring" in page


def test_an_investor_is_added_with_a_ticket_in_wan_and_moved(web: Browser, owner: Caller) -> None:
    added = web.post(
        web.page("/investors"),
        {"name": "Riverbank Angels", "stage": "meeting", "ticket": "50万", "currency": "CNY"},
    )
    investor = owner.get("investors").json()["items"][0]
    moved = web.post(web.page(f"/investors/{investor['id']}/stage"), {"stage": "term_sheet"})
    refused = web.post(web.page("/investors"), {"name": "X", "ticket": "lots"})

    assert added.status_code == moved.status_code == 303
    assert investor["ticket"] == cny(50_000_000)
    assert owner.get(f"investors/{investor['id']}").json()["stage"] == "term_sheet"
    assert refused.status_code == 422
    assert 'id="e-ticket"' in refused.text
    assert "Riverbank Angels" in web.get(web.page("/funding")).text


def test_the_rounds_documents_are_uploaded_with_versions(
    web: Browser, owner: Caller, files_dir: Path
) -> None:
    web.get(web.page("/funding"))
    for content in (samples.PPTX, samples.PDF):
        answer = web.client.post(
            web.page("/funding/documents"),
            data={"csrf_token": web.csrf, "kind": "pitch_deck", "title": "Deck"},
            files={"file": ("deck.bin", content)},
            follow_redirects=False,
        )
        assert answer.status_code == 303

    documents = owner.get("funding-documents").json()["items"]
    download = web.get(web.page(f"/funding/documents/{documents[0]['id']}"))

    assert [(d["version"], d["latest"]) for d in documents] == [(1, False), (2, True)]
    assert download.content == samples.PPTX
    assert download.headers["content-disposition"].startswith("attachment")
    assert "version 2" in web.get(web.page("/funding")).text


def test_funding_page_speaks_chinese(web: Browser, owner: Caller) -> None:
    web.post("/language", {"locale": "zh-CN", "next": web.page("/funding")})

    page = web.get(web.page("/funding")).text

    assert "投资方" in page
    assert "融资文件" in page


def investor_column(page: str, investor: str) -> int:
    """Where the board column holding this investor's card starts (its data-status)."""
    card = page.index(f'id="investor-{investor}"')
    return page.rindex("data-status=", 0, card)


def test_a_move_on_the_investor_board_answers_the_board_with_the_card_moved(
    web: Browser, owner: Caller
) -> None:
    investor = created(owner.post("investors", json={"name": "Riverbank", "stage": "meeting"}))

    moved = web.htmx_post(web.page(f"/investors/{investor['id']}/stage"), {"stage": "committed"})

    assert moved.status_code == 200
    assert moved.text.lstrip().startswith('<div id="investor-board"')
    column = moved.text[investor_column(moved.text, investor["id"]) :]
    assert column.startswith('data-status="committed"')
    assert owner.get(f"investors/{investor['id']}").json()["stage"] == "committed"


def test_a_refused_move_is_explained_on_the_card(
    client: TestClient, session: Session, web: Browser, owner: Caller
) -> None:
    investor = created(owner.post("investors", json={"name": "Riverbank", "stage": "meeting"}))
    gone = created(owner.post("investors", json={"name": "Gone", "stage": "prospect"}))
    owner.delete(f"investors/{gone['id']}")
    missing = web.htmx_post(web.page(f"/investors/{gone['id']}/stage"), {"stage": "closed"})
    viewer = sign_in(client, join(session, owner, Access.viewer))  # the same client, signed in anew

    refused = viewer.htmx_post(
        viewer.page(f"/investors/{investor['id']}/stage"), {"stage": "closed"}
    )

    assert refused.status_code == 200
    card = refused.text[refused.text.index(f'id="investor-{investor["id"]}"') :]
    assert 'role="alert"' in card.split("</article>")[0]
    assert "editor access" in card.split("</article>")[0]
    assert owner.get(f"investors/{investor['id']}").json()["stage"] == "meeting"
    assert "Investor not found." in missing.text
