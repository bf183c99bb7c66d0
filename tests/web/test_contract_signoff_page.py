"""The contract page says who is accountable for the sign-off (the Legal role by default),
or that nobody is, in both languages."""

from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller
from tests.money.test_contracts import make_contract
from tests.web.conftest import Browser


def test_the_page_names_the_legal_role_holder_accountable_for_the_sign_off(
    web: Browser, owner: Caller
) -> None:
    counsel = make_member(owner, display_name="Counsel Lin")
    assign(owner, counsel, seeded(owner, "roles", "legal_affairs"), "accountable")
    campaign = make_campaign(owner)
    contract = make_contract(owner, campaign_id=campaign["id"])

    page = web.get(web.page(f"/contracts/{contract['id']}"))

    assert page.status_code == 200
    assert "Counsel Lin is accountable (Legal affairs)" in page.text
    assert f"/campaigns/{campaign['id']}" in page.text


def test_without_legal_the_page_says_nobody_signs_off_in_both_languages(
    web: Browser, owner: Caller
) -> None:
    contract = make_contract(owner, title="Stage rights", campaign_id=make_campaign(owner)["id"])
    path = web.page(f"/contracts/{contract['id']}")

    assert "Nobody holds the Legal role" in web.get(path).text
    web.post("/language", {"locale": "zh-CN", "next": path})
    page = web.get(path).text
    assert "没有人担任法律事务角色" in page
    assert "签署" in page


def test_a_contract_without_a_sign_off_scope_shows_no_sign_off(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner)
    contract = make_contract(owner, title="Stage rights", campaign_id=campaign["id"])
    scope = contract["signoff_scope_id"]
    assert owner.delete(f"campaigns/{campaign['id']}/scopes/{scope}").status_code == 204

    page = web.get(web.page(f"/contracts/{contract['id']}"))

    assert page.status_code == 200
    assert "Nobody holds the Legal role" not in page.text
