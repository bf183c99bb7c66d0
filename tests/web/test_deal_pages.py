"""The deal pipeline board, a deal's page and the partners page."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.models.enums import Access
from tests.factories import Caller, join
from tests.money.helpers import cny, make_deal, make_partner, stages
from tests.web.conftest import Browser, sign_in


def test_board_shows_a_column_per_stage_with_cards_and_money(web: Browser, owner: Caller) -> None:
    make_deal(owner, title="Lumen spring tour", value=cny(5_000_000))

    page = web.get(web.page("/deals"))

    assert page.status_code == 200
    assert page.text.count('class="column"') == 8
    assert "Lumen spring tour" in page.text
    assert "¥50,000.00" in page.text


def test_moving_a_card_answers_htmx_with_the_board(web: Browser, owner: Caller) -> None:
    deal = make_deal(owner)
    negotiating = stages(owner)["Negotiating"]["id"]

    moved = web.htmx_post(web.page(f"/deals/{deal['id']}/move"), {"stage_id": negotiating})

    assert moved.status_code == 200
    assert 'id="board"' in moved.text
    assert owner.get(f"deals/{deal['id']}").json()["stage_name"] == "Negotiating"


def test_a_refused_move_is_explained_on_the_card(web: Browser, owner: Caller) -> None:
    deal = make_deal(owner)
    lost = stages(owner)["Lost"]["id"]

    refused = web.htmx_post(web.page(f"/deals/{deal['id']}/move"), {"stage_id": lost})
    accepted = web.htmx_post(
        web.page(f"/deals/{deal['id']}/move"), {"stage_id": lost, "lost_reason": "No budget"}
    )

    assert "Say why the deal was lost" in refused.text
    assert 'name="lost_reason"' in refused.text
    assert accepted.status_code == 200
    assert owner.get(f"deals/{deal['id']}").json()["lost_reason"] == "No budget"


def test_a_deal_is_added_with_an_amount_typed_in_wan(web: Browser, owner: Caller) -> None:
    partner = make_partner(owner)

    response = web.post(
        web.page("/deals"),
        {"title": "Tea brand", "partner_id": partner["id"], "value": "5万", "currency": "CNY"},
    )

    assert response.status_code == 303
    deal = owner.get("deals").json()["items"][0]
    assert deal["value"] == cny(5_000_000)
    assert web.get(response.headers["location"]).status_code == 200


def test_an_amount_that_is_not_one_stays_on_the_form(web: Browser, owner: Caller) -> None:
    partner = make_partner(owner)

    response = web.post(
        web.page("/deals"), {"title": "x", "partner_id": partner["id"], "value": "lots"}
    )

    assert response.status_code == 422
    assert "is not an amount" in response.text


def test_deal_page_shows_the_stage_history(web: Browser, owner: Caller) -> None:
    deal = make_deal(owner, title="Camera loan")
    web.post(web.page(f"/deals/{deal['id']}/move"), {"stage_id": stages(owner)["Pitched"]["id"]})

    page = web.get(web.page(f"/deals/{deal['id']}"))

    assert "Camera loan" in page.text
    assert "Lead → Pitched" in page.text


def test_partner_is_added_with_a_contact(web: Browser, owner: Caller) -> None:
    response = web.post(
        web.page("/partners"),
        {"name": "Lumen", "kind": "brand", "contact_name": "Wang Fang", "contact_wechat": "wf88"},
    )

    assert response.status_code == 303
    partner = owner.get("partners").json()["items"][0]
    assert partner["contacts"][0]["wechat"] == "wf88"


def test_viewer_sees_the_board_without_move_controls(
    client: TestClient, owner: Caller, session: Session
) -> None:
    make_deal(owner)
    viewer = sign_in(client, join(session, owner, Access.viewer))

    page = viewer.get(viewer.page("/deals"))

    assert page.status_code == 200
    assert 'name="stage_id"' not in page.text


def test_board_speaks_chinese(web: Browser, owner: Caller) -> None:
    web.post("/language", {"locale": "zh-CN", "next": web.page("/deals")})

    page = web.get(web.page("/deals"))

    assert "商务管道" in page.text


def test_a_deals_contract_is_drafted_and_signed_from_the_deal_page(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    deal = make_deal(owner, title="Tea brand")

    drafted = web.post(web.page(f"/deals/{deal['id']}/contracts"), {"title": "Tea brand contract"})
    contract = owner.get("contracts", params={"deal_id": deal["id"]}).json()["items"][0]
    signed = web.post(
        web.page(f"/contracts/{contract['id']}/sign"), {"next": web.page(f"/deals/{deal['id']}")}
    )

    assert drafted.status_code == 303
    assert signed.status_code == 303
    assert owner.get(f"contracts/{contract['id']}").json()["status"] == "signed"
    assert "Signed" in web.get(web.page(f"/deals/{deal['id']}")).text
