"""The people of periodic reports are active members: a reviewer or an author who has left
the workspace (an inactive member) is refused with 422 naming the field; an id that is not
a member of this workspace at all stays a 404 (as everywhere else)."""

from typing import Any

import pytest

from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller, created

Json = dict[str, Any]
NOBODY = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def people(owner: Caller) -> dict[str, Json]:
    """An active author, and a reviewer who has since left (deactivated)."""
    author = make_member(owner, display_name="Author Li")
    gone = make_member(owner, display_name="Former Reviewer")
    left = owner.patch(f"members/{gone['id']}", json={"status": "inactive"})
    assert left.status_code == 200, left.text
    return {"author": author, "gone": gone, "campaign": make_campaign(owner)}


def schedule_body(people: dict[str, Json], **fields: Any) -> Json:
    return {
        "campaign_id": people["campaign"]["id"],
        "author_member_ids": [people["author"]["id"]],
        **fields,
    }


def refusal(response: Any, status: int) -> Json:
    assert response.status_code == status, response.text
    error: Json = response.json()["errors"][0]
    return error


def test_a_reviewer_who_left_is_refused_naming_the_field(
    owner: Caller, people: dict[str, Json]
) -> None:
    body = schedule_body(people, reviewer_member_id=people["gone"]["id"])

    error = refusal(owner.post("report-schedules", json=body), 422)

    assert error["loc"] == ["body", "reviewer_member_id"]
    assert error["type"] == "member_inactive"


def test_an_author_who_left_is_refused_at_their_place_in_the_list(
    owner: Caller, people: dict[str, Json]
) -> None:
    authors = [people["author"]["id"], people["gone"]["id"]]

    error = refusal(
        owner.post("report-schedules", json=schedule_body(people, author_member_ids=authors)), 422
    )

    assert error["loc"] == ["body", "author_member_ids", 1]
    assert error["type"] == "member_inactive"


def test_a_reviewer_of_another_workspace_or_nobody_stays_not_found(
    owner: Caller, outsider: Caller, people: dict[str, Json]
) -> None:
    stranger = outsider.get("members").json()["items"][0]["id"]

    for reviewer in (stranger, NOBODY):
        body = schedule_body(people, reviewer_member_id=reviewer)
        error = refusal(owner.post("report-schedules", json=body), 404)
        assert error["loc"] == ["body", "reviewer_member_id"]


def test_changing_a_schedule_to_a_reviewer_or_author_who_left_is_refused(
    owner: Caller, people: dict[str, Json]
) -> None:
    schedule = created(owner.post("report-schedules", json=schedule_body(people)))
    path = f"report-schedules/{schedule['id']}"

    reviewer = refusal(owner.patch(path, json={"reviewer_member_id": people["gone"]["id"]}), 422)
    authors = refusal(owner.patch(path, json={"author_member_ids": [people["gone"]["id"]]}), 422)
    kept = owner.get(path).json()

    assert reviewer["loc"] == ["body", "reviewer_member_id"]
    assert authors["loc"] == ["body", "author_member_ids", 0]
    assert kept["reviewer_member_id"] == schedule["reviewer_member_id"]
    assert kept["author_member_ids"] == [people["author"]["id"]]


def test_a_report_for_an_author_who_left_is_refused(owner: Caller, people: dict[str, Json]) -> None:
    body = {
        "campaign_id": people["campaign"]["id"],
        "author_member_id": people["gone"]["id"],
        "health": "on_track",
    }

    error = refusal(owner.post("reports", json=body), 422)

    assert error["loc"] == ["body", "author_member_id"]
    assert error["type"] == "member_inactive"


def test_a_lead_who_left_is_not_made_the_default_reviewer(
    owner: Caller, people: dict[str, Json]
) -> None:
    active_lead = make_member(owner, display_name="Lead Active")
    led_by_gone = make_campaign(owner, lead_member_id=people["gone"]["id"])
    led_by_active = make_campaign(owner, lead_member_id=active_lead["id"])

    def reviewer_of(campaign: Json) -> Any:
        body = {"campaign_id": campaign["id"], "author_member_ids": [people["author"]["id"]]}
        return created(owner.post("report-schedules", json=body))["reviewer_member_id"]

    assert reviewer_of(led_by_gone) is None
    assert reviewer_of(led_by_active) == active_lead["id"]
