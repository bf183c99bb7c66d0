"""Work plan pages (plan with a schedule, preview, edit, templates from the campaign and the
role pages, offered on campaign creation) and the weekly campaign digest page."""

import html

from app.core.clock import SettableClock
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created
from tests.web.conftest import Browser


def plan_form(**fields: str) -> dict[str, str]:
    return {
        "title": "Friday wrap-up",
        "rrule": "FREQ=WEEKLY;BYDAY=FR",
        "due_time": "18:00",
        "lead_days": "3",
        "checklist": "Collect numbers\nWrite the summary",
        **fields,
    }


def test_a_weekly_plan_is_created_from_its_page_and_previews_its_next_fridays(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    campaign = make_campaign(owner)
    form = plan_form(owner_member_id=str(owner.member_id), start_on="2026-11-30", lead_days="5")

    created_page = web.post(web.page(f"/campaigns/{campaign['id']}/plans"), form)

    assert created_page.status_code == 303
    plan = owner.get("work-plans", params={"campaign_id": campaign["id"]}).json()["items"][0]
    assert created_page.headers["location"] == web.page(f"/plans/{plan['id']}")
    assert (plan["rrule"], plan["lead_days"], plan["checklist"]) == (
        "FREQ=WEEKLY;BYDAY=FR",
        5,
        ["Collect numbers", "Write the summary"],
    )
    page = web.get(web.page(f"/plans/{plan['id']}")).text
    assert "Next occurrences" in page
    assert page.count("Skip this one") == 8
    assert "Dec 4, 2026" in page
    assert "Dec 11, 2026" in page
    assert "Its task" in page  # Friday's occurrence already appeared (5 lead days)
    listing = web.get(web.page(f"/campaigns/{campaign['id']}/plans")).text
    assert "Friday wrap-up" in listing


def test_a_bad_rule_is_shown_next_to_its_field(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner)
    form = plan_form(owner_member_id=str(owner.member_id), rrule_custom="FREQ=HOURLY")

    refused = web.post(web.page(f"/campaigns/{campaign['id']}/plans"), form)

    assert refused.status_code == 422
    assert 'id="e-rrule"' in refused.text
    assert owner.get("work-plans").json()["items"] == []


def test_editing_a_plan_changes_its_schedule_and_pausing_says_so(
    web: Browser, owner: Caller
) -> None:
    campaign = make_campaign(owner)
    web.post(
        web.page(f"/campaigns/{campaign['id']}/plans"),
        plan_form(owner_member_id=str(owner.member_id)),
    )
    plan = owner.get("work-plans").json()["items"][0]
    page = web.get(web.page(f"/plans/{plan['id']}")).text
    etag = html.unescape(page.split('name="etag" value="', 1)[1].split('"', 1)[0])

    saved = web.post(
        web.page(f"/plans/{plan['id']}"),
        plan_form(
            owner_member_id=str(owner.member_id),
            rrule="FREQ=WEEKLY;BYDAY=MO",
            etag=etag,
            start_on_current=plan["start_on"],
        ),
    )

    assert saved.status_code == 303
    after = owner.get(f"work-plans/{plan['id']}").json()
    assert (after["rrule"], after["enabled"]) == ("FREQ=WEEKLY;BYDAY=MO", False)
    assert "Paused" in web.get(web.page(f"/plans/{plan['id']}")).text


def test_a_template_becomes_the_campaigns_plan_for_its_role(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner)
    role = seeded(owner, "roles", "data_analysis")
    analyst = make_member(owner, display_name="Analyst Li")
    created(assign(owner, analyst, role, "responsible", campaign))

    listing = web.get(web.page(f"/campaigns/{campaign['id']}/plans")).text
    added = web.post(
        web.page(f"/campaigns/{campaign['id']}/plans/from-template"),
        {"template": "metrics_review"},
    )

    assert "Add this plan to the campaign" in listing
    assert added.status_code == 303
    (plan,) = owner.get("work-plans", params={"campaign_id": campaign["id"]}).json()["items"]
    assert (plan["title"], plan["role_id"], plan["rotation"]) == (
        "Weekly metrics review",
        role["id"],
        "round_robin",
    )


def test_the_role_page_adds_its_templates_to_a_chosen_campaign(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, name="Spring tour")

    roles = web.get(web.page("/roles")).text
    added = web.post(
        web.page("/plans/from-template"),
        {"campaign_id": campaign["id"], "template": "content_calendar", "back": web.page("/roles")},
    )

    assert "Weekly content calendar" in roles
    assert "Spring tour" in roles
    assert added.headers["location"] == web.page("/roles")
    (plan,) = owner.get("work-plans", params={"campaign_id": campaign["id"]}).json()["items"]
    assert plan["title"] == "Weekly content calendar"


def test_templates_are_offered_when_a_campaign_is_created(web: Browser, owner: Caller) -> None:
    form = web.get(web.page("/campaigns/new")).text
    response = web.post(
        web.page("/campaigns"),
        {
            "name": "Winter live",
            "kind": "content",
            "status": "planning",
            "plan_templates": "reply_and_moderate",
        },
    )

    assert "Reply to fans and moderate" in form
    assert response.status_code == 303
    (campaign,) = [c for c in owner.get("campaigns").json()["items"] if c["name"] == "Winter live"]
    (plan,) = owner.get("work-plans", params={"campaign_id": campaign["id"]}).json()["items"]
    assert plan["rrule"] == "FREQ=DAILY"


def test_the_digest_page_shows_the_week_in_chinese_too(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    campaign = make_campaign(owner)
    task = created(
        owner.post(
            "tasks",
            json={"title": "Cut the teaser", "campaign_id": campaign["id"], "due_at": "2026-11-30"},
        )
    )
    owner.patch(f"tasks/{task['id']}", json={"status": "done"})

    page = web.get(web.page(f"/campaigns/{campaign['id']}/digest")).text
    web.post("/language", {"locale": "zh-CN", "next": web.page("/my-week")})
    chinese = web.get(web.page(f"/campaigns/{campaign['id']}/digest")).text

    assert "Cut the teaser" in page
    assert "Nothing slipped." in page
    assert "没有延误的任务。" in chinese
    assert "未解决的风险" in chinese


def test_the_digest_page_lists_the_campaigns_goals_and_key_results(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    campaign = make_campaign(owner)
    empty = web.get(web.page(f"/campaigns/{campaign['id']}/digest")).text
    created(
        owner.post(
            "goals",
            json={
                "title": "Grow the fan base",
                "campaign_id": campaign["id"],
                "starts_on": "2026-11-01",
                "due_on": "2026-12-31",
                "key_results": [{"metric": "followers", "start_value": 0, "target_value": 500}],
            },
        )
    )

    page = web.get(web.page(f"/campaigns/{campaign['id']}/digest")).text
    web.post("/language", {"locale": "zh-CN", "next": web.page("/my-week")})
    chinese = web.get(web.page(f"/campaigns/{campaign['id']}/digest")).text

    assert "This campaign has no active goals." in empty
    assert "Grow the fan base" in page
    assert "Week&#39;s end" in page or "Week's end" in page
    assert "关键结果" in chinese
