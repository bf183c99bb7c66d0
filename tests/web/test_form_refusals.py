"""Task and report forms show only the user's own mistakes next to the form: an expired
session goes to sign-in, a server failure to the error page (never a flash that hides it)."""

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.models import AccessToken
from app.web.client import ApiClient, ApiError
from tests.factories import Caller, created
from tests.web.conftest import Browser

FORMS = {
    "quick add": ("/tasks", {"title": "Cut the trailer"}),
    "task status": ("/tasks/{task}/status", {"status": "doing"}),
    "file report": ("/reports", {"schedule_id": "{task}", "health": "on_track"}),
    "acknowledge": ("/reports/{task}/acknowledge", {"comment": "OK"}),
}


def _task(owner: Caller) -> dict[str, Any]:
    body = {"title": "Mix", "owner_member_id": str(owner.member_id), "due_at": "2026-12-01"}
    return created(owner.post("tasks", json=body))


def _failing(status: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write the pages send answers `status`."""

    async def refuse(self: ApiClient, path: str, json: Any = None, **kwargs: Any) -> Any:
        raise ApiError(status, {"title": "Internal Server Error", "detail": "boom"})

    monkeypatch.setattr(ApiClient, "post", refuse)
    monkeypatch.setattr(ApiClient, "patch", refuse)


@pytest.mark.parametrize("form", FORMS)
def test_a_server_failure_shows_the_error_page(
    web: Browser, owner: Caller, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = _task(owner)
    _failing(500, monkeypatch)
    path, data = FORMS[form]
    data = {key: value.format(task=task["id"]) for key, value in data.items()}

    response = web.post(web.page(path.format(task=task["id"])), data)

    assert response.status_code == 502
    assert "Something went wrong" in response.text
    assert "boom" not in web.get(web.page("/my-week")).text  # not left as a flash either


@pytest.mark.parametrize("form", FORMS)
def test_an_expired_session_goes_to_sign_in(
    web: Browser, owner: Caller, form: str, session: Session
) -> None:
    task = _task(owner)
    path, data = FORMS[form]
    data = {key: value.format(task=task["id"]) for key, value in data.items()}
    session.execute(  # the session's sign-in token is revoked behind the page's back
        update(AccessToken)
        .where(AccessToken.user_id == owner.user_id, AccessToken.name == "sign-in")
        .values(revoked_at=datetime.now(UTC))
    )
    session.commit()

    response = web.post(web.page(path.format(task=task["id"])), data)

    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=")


def test_a_refused_status_change_is_still_explained_on_the_task(
    web: Browser, owner: Caller
) -> None:
    task = _task(owner)

    response = web.post(web.page(f"/tasks/{task['id']}/status"), {"status": "blocked"})

    assert response.headers["location"] == web.page(f"/tasks/{task['id']}")
    page = web.get(web.page(f"/tasks/{task['id']}"))
    assert "Say why the task is blocked." in page.text
