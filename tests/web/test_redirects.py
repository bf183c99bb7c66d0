"""No page sends the browser off site: every `next`/`back` a form or query carries is
checked (a path on this site, or the page's own default)."""

import pytest

from app.web.forms import safe_next
from tests.api.helpers import seeded
from tests.factories import Caller, created
from tests.money.helpers import make_deal, stages
from tests.web.conftest import Browser

EVIL = ["https://evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example"]


@pytest.mark.parametrize("target", [*EVIL, "", None, "evil.example", "javascript:alert(1)"])
def test_safe_next_refuses_anything_but_a_path_on_this_site(target: str | None) -> None:
    assert safe_next(target, "/home") == "/home"


def test_safe_next_keeps_a_path_and_its_query() -> None:
    assert safe_next("/w/acme/deals?view=list", "/") == "/w/acme/deals?view=list"
    assert safe_next("/w/other/deals", "/w/acme", within="/w/acme/") == "/w/acme"


def _off_site(location: str) -> bool:
    return not location.startswith("/") or location.startswith("//") or "\\" in location


@pytest.mark.parametrize("target", EVIL)
def test_moving_a_deal_stays_on_site(web: Browser, owner: Caller, target: str) -> None:
    deal = make_deal(owner)
    pitched = stages(owner)["Pitched"]["id"]

    moved = web.post(web.page(f"/deals/{deal['id']}/move"), {"stage_id": pitched, "next": target})

    assert moved.status_code == 303
    assert moved.headers["location"] == web.page("/deals")


@pytest.mark.parametrize("target", EVIL)
def test_signing_a_contract_stays_on_site(web: Browser, owner: Caller, target: str) -> None:
    deal = make_deal(owner)
    web.post(web.page(f"/deals/{deal['id']}/contracts"), {"title": "Tea brand contract"})
    contract = owner.get("contracts", params={"deal_id": deal["id"]}).json()["items"][0]

    signed = web.post(web.page(f"/contracts/{contract['id']}/sign"), {"next": target})

    assert signed.headers["location"] == web.page("/deals")


@pytest.mark.parametrize("target", EVIL)
def test_datapoint_forms_stay_on_site(web: Browser, owner: Caller, target: str) -> None:
    seeded(owner, "metrics", "followers")
    point = {"metric": "followers", "value": 10, "observed_at": "2026-11-20T08:00:00Z"}
    created(owner.post("datapoints", json={"items": [point]}))
    point_id = owner.get("datapoints", params={"metric": "followers"}).json()["items"][0]["id"]

    recorded = web.post(
        web.page("/datapoints"),
        {"metric": "followers", "value": "12", "observed_at": "2026-11-21T08:00", "next": target},
    )
    corrected = web.post(
        web.page(f"/datapoints/{point_id}"),
        {"value": "11", "observed_at": "2026-11-20T08:00", "next": target},
    )
    deleted = web.post(web.page(f"/datapoints/{point_id}/delete"), {"next": target})

    for response in (recorded, corrected, deleted):
        assert response.status_code == 303, response.text
        assert response.headers["location"] == web.page("/metrics")


@pytest.mark.parametrize("target", EVIL)
def test_campaign_board_move_stays_on_site(web: Browser, owner: Caller, target: str) -> None:
    campaign = created(owner.post("campaigns", json={"name": "Spring", "kind": "content"}))

    moved = web.post(
        web.page(f"/campaigns/{campaign['id']}/status"), {"status": "planning", "next": target}
    )

    assert moved.headers["location"] == web.page("/campaigns/board")


@pytest.mark.parametrize("target", EVIL)
def test_task_and_comment_forms_stay_on_site(web: Browser, owner: Caller, target: str) -> None:
    added = web.post(web.page("/tasks"), {"title": "Draft the script", "back": target})
    task = owner.get("tasks").json()["items"][0]
    status = web.post(web.page(f"/tasks/{task['id']}/status"), {"status": "doing", "back": target})
    comment = web.post(
        web.page("/comments"),
        {"subject_type": "task", "subject_id": task["id"], "body": "Hi", "back": target},
    )

    assert added.headers["location"] == web.page("/my-week")
    assert status.headers["location"] == web.page(f"/tasks/{task['id']}")
    assert comment.headers["location"] == f"/w/{owner.workspace}"


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_stays_on_site(web: Browser, target: str) -> None:
    already = web.get("/signin", params={"next": target}, follow_redirects=False)

    assert already.status_code == 303
    assert not _off_site(already.headers["location"])
    assert already.headers["location"] == "/"
