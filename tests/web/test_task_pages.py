"""My day / My week, the task page with its checklist ticked in place, the campaign board."""

from datetime import timedelta

from app.core.clock import SettableClock
from tests.api.helpers import make_campaign
from tests.factories import Caller, created
from tests.web.conftest import Browser


def mine(owner: Caller, **fields: object) -> dict[str, object]:
    body = {"title": "Task", "owner_member_id": str(owner.member_id), **fields}
    return created(owner.post("tasks", json=body))


def test_my_week_shows_what_i_own_overdue_first_then_by_day(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    mine(owner, title="Late edit", due_at=(clock.now() - timedelta(days=1)).isoformat())
    mine(owner, title="Friday post", due_at="2026-12-04")
    mine(owner, title="Next month", due_at="2027-01-04")
    created(owner.post("tasks", json={"title": "Someone else's", "due_at": "2026-12-01"}))

    page = web.get(web.page("/my-week"))

    assert page.status_code == 200
    text = page.text
    assert text.index("Late edit") < text.index("Friday post")
    assert "Next month" not in text
    assert 'aria-current="page">My week' in text


def test_my_day_shows_only_today_and_overdue(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    mine(owner, title="Reply today", due_at="2026-11-30")
    mine(owner, title="Cut tomorrow", due_at="2026-12-01")

    page = web.get(web.page("/my-day"))

    assert "Reply today" in page.text
    assert "Cut tomorrow" not in page.text


def test_quick_add_with_enter_creates_a_task_of_mine_due_today(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    response = web.post(
        web.page("/tasks"), {"title": "Call the venue", "back": web.page("/my-day")}
    )

    assert response.status_code == 303
    assert response.headers["location"] == web.page("/my-day")
    assert "Call the venue" in web.get(web.page("/my-day")).text


def test_a_checklist_step_is_ticked_in_place(web: Browser, owner: Caller) -> None:
    task = mine(owner, title="Publish", checklist=[{"text": "Cover"}, {"text": "Caption"}])

    page = web.get(web.page(f"/tasks/{task['id']}"))
    fragment = web.htmx_post(web.page(f"/tasks/{task['id']}/steps/1"), {})

    assert 'aria-checked="false"' in page.text
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<ul id="checklist"')
    assert fragment.text.count('aria-checked="true"') == 1
    steps = owner.get(f"tasks/{task['id']}").json()["checklist"]
    assert [s["done"] for s in steps] == [False, True]


def test_the_campaign_board_moves_a_task_between_columns(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, "Script")
    task = mine(owner, title="Storyboard", campaign_id=campaign["id"])

    board = web.get(web.page(f"/campaigns/{campaign['id']}/tasks"))
    moved = web.post(
        web.page(f"/tasks/{task['id']}/status"),
        {"status": "doing", "back": web.page(f"/campaigns/{campaign['id']}/tasks")},
    )

    assert "Storyboard" in board.text
    assert 'data-status="doing"' in board.text
    assert moved.status_code == 303
    assert owner.get(f"tasks/{task['id']}").json()["status"] == "doing"
    listed = web.get(web.page(f"/campaigns/{campaign['id']}/tasks?view=list"))
    assert "Storyboard" in listed.text


def test_blocking_without_a_reason_says_why_it_failed(web: Browser, owner: Caller) -> None:
    task = mine(owner, title="Mix")

    web.post(web.page(f"/tasks/{task['id']}/status"), {"status": "blocked"})
    page = web.get(web.page(f"/tasks/{task['id']}"))

    assert "Say why the task is blocked." in page.text or "Invalid input" in page.text
    assert owner.get(f"tasks/{task['id']}").json()["status"] == "todo"


def test_the_pages_speak_chinese(web: Browser, owner: Caller) -> None:
    mine(owner, title="剪辑", due_at="2026-11-30")
    web.post("/language", {"locale": "zh-CN", "next": web.page("/my-week")})

    page = web.get(web.page("/my-week"))

    assert "我的一周" in page.text
