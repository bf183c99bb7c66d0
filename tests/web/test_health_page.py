"""The /health page at a realistic size: counts first, grouped by campaign and code,
narrowed by filters, each group's findings on demand and a page at a time (issue 15)."""

import re

from tests.api.division_helpers import TODAY, day, make_scene
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller
from tests.web.conftest import Browser


def test_counts_come_first_grouped_by_campaign_and_code(web: Browser, owner: Caller) -> None:
    for name in ("Idle Iris", "Idle Ivan"):
        make_member(owner, display_name=name)
    make_campaign(owner, "Script", "Posts", name="Unstaffed", status="active")

    page = web.get(web.page("/health")).text

    assert "2 problems" in page  # nobody accountable for two scopes
    assert "1 problem" not in page.replace("2 problems", "")
    assert "Idle Iris has no active assignment." not in page  # only counts until expanded
    sections = re.findall(r'<section class="card health-section">(.*?)</section>', page, re.S)
    assert "Across the workspace" in sections[0]
    assert "Unstaffed" in sections[1]
    assert re.search(r"Nobody accountable\s*<strong>2</strong>", sections[1])


def test_a_group_expands_into_its_findings_a_page_at_a_time(web: Browser, owner: Caller) -> None:
    idle = [make_member(owner, display_name=f"Idle {i:02d}") for i in range(30)]
    page = web.get(web.page("/health")).text
    link = re.search(r'hx-get="(/w/[^"]+/health/findings\?[^"]*code=idle_member[^"]*)"', page)
    assert link is not None

    first = web.get(link.group(1).replace("&amp;", "&"), headers={"HX-Request": "true"}).text
    more = re.search(r'hx-get="([^"]+cursor=[^"]+)"', first)
    assert more is not None
    rest = web.get(more.group(1).replace("&amp;", "&"), headers={"HX-Request": "true"}).text

    names = re.findall(r"(Idle \d\d) has no active assignment", first + rest)
    assert sorted(names) == sorted(m["display_name"] for m in idle)
    assert first.count("has no active assignment") == 25
    assert "<html" not in first


def test_filters_narrow_the_counts(web: Browser, owner: Caller) -> None:
    scene = make_scene(owner)
    make_member(owner, display_name="Idle Iris")
    make_campaign(owner, "Script", name="Unstaffed", status="active")

    only_errors = web.get(web.page("/health?severity=error")).text
    about_lin = web.get(web.page(f"/health?member_id={scene.lin['id']}")).text
    nothing = web.get(web.page(f"/health?code=overlap&campaign_id={scene.campaign['id']}")).text

    assert "Idle" not in re.sub(r"<select.*?</select>", "", only_errors, flags=re.S)
    assert "1 problem" in only_errors
    assert "0 problems" in about_lin
    assert "No findings match these filters." in nothing


def test_health_page_speaks_chinese_plurals(web: Browser, owner: Caller) -> None:
    make_campaign(owner, "Script", name="Unstaffed", status="active")
    web.post("/language", {"locale": "zh-CN", "next": web.page("/health")})

    page = web.get(web.page("/health")).text

    assert "1 个问题" in page
    assert "无人负责（A）" in page


def test_the_campaign_panel_says_which_days_it_judged(web: Browser, owner: Caller) -> None:
    later = make_campaign(
        owner, "Venue", name="Later", status="planning", starts_on=day(30), ends_on=day(40)
    )

    panel = web.get(
        web.page(f"/campaigns/{later['id']}/division"), headers={"HX-Request": "true"}
    ).text

    assert (
        "Judged over the campaign&#39;s dates" in panel
        or "Judged over the campaign's dates" in panel
    )
    assert "it does not run on the day asked" in panel
    assert "1 problem" in panel


def test_the_suggestions_panel_labels_candidates_below_the_required_level(
    web: Browser, owner: Caller
) -> None:
    creator = seeded(owner, "roles", "creator")
    campaign = make_campaign(owner, "Script", required_role_ids=[creator["id"]], status="active")
    make_member(owner, display_name="Novice Nora")

    panel = web.get(
        web.page(f"/campaigns/{campaign['id']}/division"), headers={"HX-Request": "true"}
    ).text

    nora = panel.split("Novice Nora", 1)[1].split("</li>", 1)[0]
    assert "Below the required level" in nora
    assert "<details" in nora  # the reason folds away: a compact panel


def test_a_members_task_findings_are_in_their_filtered_page_and_their_campaign(
    web: Browser, owner: Caller
) -> None:
    campaign = make_campaign(owner, name="Launch", status="active")
    member = make_member(owner, display_name="Owner Olga")
    body = {"title": "Cut", "campaign_id": campaign["id"], "owner_member_id": member["id"]}
    owner.post("tasks", json=body).raise_for_status()

    about_olga = web.get(web.page(f"/health?member_id={member['id']}")).text
    all_of_it = web.get(web.page("/health")).text

    sections = re.findall(r'<section class="card health-section">(.*?)</section>', about_olga, re.S)
    launch = next(s for s in sections if "Launch" in s)
    assert re.search(r"Task owner without an assignment\s*<strong>1</strong>", launch)
    summary = owner.get("health").json()["campaigns"]
    alone = owner.get(f"campaigns/{campaign['id']}/health").json()
    assert alone["summary"]["warnings"] >= 1
    assert [c["summary"] for c in summary if c["campaign_id"] == campaign["id"]] == [
        alone["summary"]
    ]
    assert "Task owner without an assignment" in all_of_it


def test_an_over_allocation_names_its_weeks_once(web: Browser, owner: Caller) -> None:
    scene = make_scene(owner)
    busy = make_member(owner, display_name="Busy Bo")
    other = make_campaign(owner, "Edit", status="active")
    for campaign, scope in ((scene.campaign, scene.scope), (other, other["scopes"][0])):
        assign(owner, busy, scene.role, "consulted", campaign, scope, allocation_percent=70)

    panel = web.get(
        web.page(f"/campaigns/{scene.campaign['id']}/division"), headers={"HX-Request": "true"}
    ).text
    page = web.get(web.page("/health?code=over_allocated")).text
    link = re.search(r'hx-get="(/w/[^"]+/health/findings\?[^"]*code=over_allocated[^"]*)"', page)
    assert link is not None
    group = web.get(link.group(1).replace("&amp;", "&"), headers={"HX-Request": "true"}).text

    for shown in (panel, group):
        finding = shown.split("Busy Bo", 1)[1].split("</li>", 1)[0]
        assert finding.count("Weeks:") == 1, finding
        assert finding.count(f"{TODAY.isocalendar()[0]}-W{TODAY.isocalendar()[1]:02d}") == 1
