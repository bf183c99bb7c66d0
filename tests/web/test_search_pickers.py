"""Search pickers for campaigns, partners, metrics and roles (issue 9): the forms and
filters that offered every one of them make the same API calls for one as for thirty-one,
offer the first 20 before anything is typed, find the rest by typing (through
/w/<slug>/choices/<kind>, which answers only in the caller's workspace and escapes what it
shows), and keep a choice when a refused form comes back."""

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.api.division_helpers import make_role
from tests.api.helpers import make_campaign, seeded
from tests.factories import Caller, created
from tests.money.helpers import make_partner
from tests.web.conftest import Browser
from tests.web.test_member_pickers import options
from tests.web.test_page_calls import calls_before_and_after_thirty_more


def make_metric(owner: Caller, i: int) -> dict[str, Any]:
    body = {
        "key": f"extra_{i:02d}",
        "name": f"Extra {i:02d}",
        "unit": "count",
        "category": "content",
        "aggregation": "sum",
    }
    metric: dict[str, Any] = created(owner.post("metrics", json=body))
    return metric


MAKERS: dict[str, Callable[[Caller, int], dict[str, Any]]] = {
    "campaign": lambda owner, i: make_campaign(owner, name=f"Extra {i:02d}"),
    "partner": lambda owner, i: make_partner(owner, name=f"Extra {i:02d}"),
    "metric": make_metric,
    "role": lambda owner, i: make_role(owner, name=f"Extra {i:02d}"),
}


def page_path(owner: Caller, page: str) -> str:
    """The page's address, after making the one thing of each kind it needs to show."""
    campaign = make_campaign(owner, name="First campaign")
    make_partner(owner, name="First partner")
    if page == "metric":
        metric = owner.get("metrics", params={"limit": 1}).json()["items"][0]
        return f"/metrics/{metric['id']}?campaign_id={campaign['id']}"
    if page == "goal":
        body = {"title": "Grow", "starts_on": "2026-01-01", "due_on": "2026-12-31"}
        return f"/goals/{created(owner.post('goals', json=body))['id']}"
    return {"metrics": "/metrics", "goals": "/goals", "deals": "/deals", "workload": "/workload"}[
        page
    ]


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        ("metrics", "campaign"),
        ("metric", "campaign"),
        ("goals", "campaign"),
        ("goals", "metric"),
        ("goal", "campaign"),
        ("goal", "metric"),
        ("deals", "partner"),
        ("deals", "campaign"),
        ("workload", "role"),
        ("workload", "campaign"),
    ],
)
def test_a_form_with_a_picker_makes_as_many_api_calls_for_thirty_one_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, page: str, kind: str
) -> None:
    path = page_path(owner, page)

    before, after = calls_before_and_after_thirty_more(
        web, caplog, path, lambda i: MAKERS[kind](owner, i)
    )
    shown = web.get(web.page(path)).text

    assert before == after
    assert f"/choices/{kind}" in shown
    assert "Extra 29" not in shown  # the first 20 are offered, the rest found by typing


@pytest.mark.parametrize("kind", ["campaign", "partner", "metric", "role"])
def test_a_picker_offers_the_first_twenty_and_finds_the_rest_by_typing(
    web: Browser, owner: Caller, kind: str
) -> None:
    made = [MAKERS[kind](owner, i) for i in range(25)]
    field = f"{kind}_id"

    first = web.get(web.page(f"/choices/{kind}"), params={"field": field, "blank": "–"})
    found = web.get(web.page(f"/choices/{kind}"), params={"field": field, "q": "extra 24"})

    assert first.status_code == 200
    assert options(first.text, field)[0] == "–"
    assert len(options(first.text, field)) == 21  # the blank and the first 20
    assert options(found.text, field) == ["", "Extra 24"]
    assert f'<option value="{made[24]["id"]}">Extra 24</option>' in found.text
    assert "<html" not in found.text


def test_a_metric_picker_for_key_results_sends_the_metrics_key(web: Browser, owner: Caller) -> None:
    make_metric(owner, 7)

    found = web.get(web.page("/choices/metric_key"), params={"field": "kr_metric", "q": "extra"})

    assert '<option value="extra_07">Extra 07</option>' in found.text


def test_the_choices_escape_what_people_typed(web: Browser, owner: Caller) -> None:
    make_campaign(owner, name="<script>alert(1)</script> launch")

    found = web.get(
        web.page("/choices/campaign"),
        params={
            "field": "campaign_id",
            "q": "launch",
            "blank": "<b>none</b>",
            "chosen": "x",
            "chosen_name": '"><img src=x onerror=alert(2)>',
        },
    )

    assert found.status_code == 200
    assert "<script>" not in found.text
    assert "<img" not in found.text
    assert "<b>" not in found.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; launch" in found.text
    assert "&lt;b&gt;none&lt;/b&gt;" in found.text


@pytest.mark.parametrize("kind", ["member", "campaign", "partner", "metric", "role"])
def test_the_choices_of_another_workspace_are_not_found(
    web: Browser, outsider: Caller, kind: str
) -> None:
    make_campaign(outsider, name="Their secret launch")

    answer = web.get(
        f"/w/{outsider.workspace}/choices/{kind}", params={"field": "campaign_id", "q": "secret"}
    )

    assert answer.status_code == 404
    assert "Their secret launch" not in answer.text


def test_the_choices_refuse_an_unknown_kind_and_a_field_name_that_is_not_one(
    web: Browser,
) -> None:
    unknown = web.get(web.page("/choices/deal"), params={"field": "deal_id"})
    odd = web.get(web.page("/choices/campaign"), params={"field": '"><script>'})

    assert unknown.status_code in (404, 422)
    assert odd.status_code in (404, 422)
    assert "<script>" not in odd.text


def selected(html: str, select_id: str) -> str | None:
    """The name of the option chosen in the <select> `select_id`, if any."""
    select = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, html
    chosen = re.search(r"<option [^>]*selected>([^<]*)</option>", select.group(1))
    return chosen.group(1) if chosen else None


def twenty_fifth(owner: Caller, kind: str) -> dict[str, Any]:
    """The last of 25 of a kind: one a picker does not offer before typing."""
    return [MAKERS[kind](owner, i) for i in range(25)][-1]


def test_a_refused_datapoint_keeps_its_campaign(web: Browser, owner: Caller) -> None:
    campaign = twenty_fifth(owner, "campaign")
    metric = owner.get("metrics", params={"limit": 1}).json()["items"][0]
    form = {"metric": metric["key"], "value": "", "observed_at": "2026-11-30T09:00"}

    refused = web.post(web.page("/datapoints"), {**form, "campaign_id": campaign["id"]})

    assert refused.status_code == 422
    assert selected(refused.text, "entry-campaign") == "Extra 24"


def test_a_refused_goal_keeps_its_campaign_and_metric(web: Browser, owner: Caller) -> None:
    campaign = twenty_fifth(owner, "campaign")
    metric = twenty_fifth(owner, "metric")
    form = {
        "title": "Grow",
        "starts_on": "2026-12-31",
        "due_on": "2026-01-01",
        "campaign_id": campaign["id"],
        "kr_metric": metric["key"],
        "kr_start_value": "0",
        "kr_target_value": "10",
        "kr_aggregation": "sum",
    }

    refused = web.post(web.page("/goals"), form)

    assert refused.status_code == 422
    assert selected(refused.text, "f-campaign_id") == "Extra 24"
    assert selected(refused.text, "f-kr_metric") == "Extra 24"


def test_a_refused_deal_keeps_its_partner_and_campaign(web: Browser, owner: Caller) -> None:
    partner = twenty_fifth(owner, "partner")
    campaign = twenty_fifth(owner, "campaign")
    form = {"title": "Season 2", "value": "not money", "partner_id": partner["id"]}

    refused = web.post(web.page("/deals"), {**form, "campaign_id": campaign["id"]})

    assert refused.status_code == 422
    assert selected(refused.text, "f-partner_id") == "Extra 24"
    assert selected(refused.text, "f-campaign_id") == "Extra 24"


def test_a_refused_workload_period_keeps_the_role_and_campaign_filters(
    web: Browser, owner: Caller
) -> None:
    role = twenty_fifth(owner, "role")
    campaign = twenty_fifth(owner, "campaign")
    filters = {"start": "2026-12-31", "end": "2026-01-01", "role_id": role["id"]}

    refused = web.get(web.page("/workload"), params={**filters, "campaign_id": campaign["id"]})

    assert refused.status_code == 422
    assert selected(refused.text, "w-role") == "Extra 24"
    assert selected(refused.text, "w-campaign") == "Extra 24"


@pytest.mark.parametrize("kind", ["role", "metric"])
@pytest.mark.parametrize("form", ["new", "edit"])
def test_the_campaign_form_makes_as_many_api_calls_for_thirty_one_roles_or_metrics_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, kind: str, form: str
) -> None:
    path = "/campaigns/new" if form == "new" else f"/campaigns/{make_campaign(owner)['id']}/edit"

    before, after = calls_before_and_after_thirty_more(
        web, caplog, path, lambda i: MAKERS[kind](owner, i)
    )
    shown = web.get(web.page(path)).text

    assert before == after
    assert f"/choices/{kind}" in shown
    assert "Extra 29" not in shown


def test_a_campaigns_roles_and_goal_metrics_are_shown_chosen_on_its_form(
    web: Browser, owner: Caller
) -> None:
    role = twenty_fifth(owner, "role")
    metric = twenty_fifth(owner, "metric")
    body = {"required_role_ids": [role["id"]], "goals": [{"metric_id": metric["id"], "target": 10}]}
    campaign = make_campaign(owner, **body)

    form = web.get(web.page(f"/campaigns/{campaign['id']}/edit")).text

    chosen = re.search(r'<div [^>]*id="chosen-role_ids">(.*?)</div>', form, re.S)
    assert chosen is not None
    assert f'value="{role["id"]}" checked> Extra 24' in chosen.group(1)
    assert selected(form, "goal-0-metric") == "Extra 24"
    assert selected(form, "goal-1-metric") is None


def test_a_refused_campaign_keeps_its_roles_and_goal_metrics(web: Browser, owner: Caller) -> None:
    role = twenty_fifth(owner, "role")
    metric = twenty_fifth(owner, "metric")
    form = {
        "name": "Dates backwards",
        "kind": "content",
        "starts_on": "2027-03-01",
        "ends_on": "2027-02-01",
        "role_ids": role["id"],
        "goal-0-metric": metric["id"],
    }

    refused = web.post(web.page("/campaigns"), form)

    assert refused.status_code == 422
    assert f'value="{role["id"]}" checked> Extra 24' in refused.text
    assert selected(refused.text, "goal-0-metric") == "Extra 24"


def test_searching_roles_leaves_out_those_already_ticked(web: Browser, owner: Caller) -> None:
    ticked = MAKERS["role"](owner, 1)
    MAKERS["role"](owner, 2)

    found = web.get(
        web.page("/choices/role"),
        params={"field": "role_ids", "many": "true", "q": "extra", "role_ids": ticked["id"]},
    ).text

    assert 'type="checkbox" name="role_ids"' in found
    assert "Extra 02" in found
    assert "Extra 01" not in found
    assert "<select" not in found


def test_a_plan_template_is_offered_on_a_new_campaign_only_while_its_role_is_here(
    web: Browser, owner: Caller
) -> None:
    community = seeded(owner, "roles", "community_operations")
    assert owner.delete(f"roles/{community['id']}").status_code == 204
    without = web.get(web.page("/campaigns/new")).text
    for i in range(25):
        MAKERS["role"](owner, i)
    make_role(owner, key="community_operations", name="Community")  # not among the first 20

    again = web.get(web.page("/campaigns/new")).text

    assert "Reply to fans and moderate" not in without
    assert "Reply to fans and moderate" in again


def test_a_refused_form_whose_choice_is_no_id_shows_nothing_chosen(
    web: Browser, owner: Caller
) -> None:
    workspace = owner.get("").json()
    form = {"title": "Grow", "starts_on": "2026-12-31", "due_on": "2026-01-01"}

    refused = web.post(web.page("/goals"), {**form, "campaign_id": ".."})

    assert refused.status_code == 422
    assert selected(refused.text, "f-campaign_id") is None  # ".." once read the workspace
    assert workspace["name"] not in options(refused.text, "campaign_id")
