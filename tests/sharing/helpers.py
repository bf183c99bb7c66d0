"""Small builders for the sharing tests (comments, notifications, announcements)."""

from typing import Any

import httpx

from app.core.richtext import mention_member
from tests.factories import Caller, created


def comment(caller: Caller, subject: tuple[str, str], body: str, **fields: Any) -> httpx.Response:
    """POST a comment on (subject type, id); the raw response, so refusals can be checked."""
    subject_type, subject_id = subject
    return caller.post(
        "comments",
        json={"subject_type": subject_type, "subject_id": subject_id, "body": body, **fields},
    )


def thread(caller: Caller, subject: tuple[str, str]) -> list[dict[str, Any]]:
    subject_type, subject_id = subject
    response = caller.get(
        "comments", params={"subject_type": subject_type, "subject_id": subject_id}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def mention(caller: Caller, name: str = "them") -> str:
    return mention_member(caller.member_id, name)


def inbox(caller: Caller, **params: Any) -> list[dict[str, Any]]:
    response = caller.get("notifications", params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def unread(caller: Caller) -> int:
    count: int = caller.get("notifications/unread-count").json()["unread"]
    return count


def announce(caller: Caller, **fields: Any) -> dict[str, Any]:
    body = {"title": "New upload schedule", "audience": {"everyone": True}, **fields}
    return created(caller.post("announcements", json=body))
