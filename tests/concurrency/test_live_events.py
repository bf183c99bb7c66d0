"""GET /workspaces/{workspace}/events: live activities over Server-Sent Events.

Against a real server (a write commits for real, then fans out): in this process on
SQLite and PostgreSQL, and on PostgreSQL also through `troupe serve --workers 2`.
"""

import json
import threading
import uuid
from collections.abc import Iterator

import pytest

from app.activity import service as activity
from app.live.broker import MAX_STREAMS_PER_USER
from app.live.stream import REPLAY_LIMIT, RETRY_MILLISECONDS
from app.models import User
from app.models.enums import Access
from tests.concurrency.conftest import Live
from tests.factories import Caller, join, make_token, unique
from tests.security.test_authorization_matrix import EXPECTED, ROLES
from tests.sse import open_stream

pytestmark = pytest.mark.concurrency


@pytest.fixture(scope="module", autouse=True)
def quick_heartbeats() -> Iterator[None]:
    """A heartbeat a second: a closed test client is noticed at the next one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TROUPE_LIVE_HEARTBEAT_SECONDS", "1")
        yield


def events_path(caller: Caller) -> str:
    return f"/api/v1/workspaces/{caller.workspace}/events"


def new_campaign(caller: Caller) -> dict[str, str]:
    response = caller.post("campaigns", json={"name": unique("Launch"), "kind": "content"})
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


def test_a_write_reaches_a_subscribed_member_as_an_activity_event(live: Live) -> None:
    owner = live.owner()
    with live.session() as session:
        viewer = join(session, owner, Access.viewer)
    with open_stream(live.base_url, events_path(viewer), token=viewer.token) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.retry == RETRY_MILLISECONDS
        campaign = new_campaign(owner)

        event = stream.next_of("activity")

    data = json.loads(event.data)
    assert data["verb"] == "campaign.created"
    assert data["subject_id"] == campaign["id"]
    assert event.id == data["id"]


def test_nobody_receives_an_event_about_what_they_may_not_read(live: Live) -> None:
    owner = live.owner()
    with live.session() as session:
        viewer = join(session, owner, Access.viewer)
    with open_stream(live.base_url, events_path(viewer), token=viewer.token) as stream:
        invited = owner.post("invites", json={"email": f"{unique('x')}@example.com"})
        assert invited.status_code == 201, invited.text
        campaign = new_campaign(owner)

        event = stream.next_of("activity")

    assert json.loads(event.data)["subject_id"] == campaign["id"]  # not the invite before it


def test_another_workspace_s_events_are_not_sent(live: Live) -> None:
    owner, stranger = live.owner(), live.owner()
    with open_stream(live.base_url, events_path(owner), token=owner.token) as stream:
        new_campaign(stranger)
        mine = new_campaign(owner)

        event = stream.next_of("activity")

    assert json.loads(event.data)["subject_id"] == mine["id"]


def test_last_event_id_replays_what_was_missed_in_order(live: Live) -> None:
    owner = live.owner()
    first = new_campaign(owner)
    seen = owner.get("activities", params={"subject_id": first["id"]}).json()["items"][0]
    missed = [new_campaign(owner)["id"] for _ in range(3)]

    with open_stream(
        live.base_url, events_path(owner), token=owner.token, last_event_id=seen["id"]
    ) as stream:
        replayed = [json.loads(stream.next_of("activity").data) for _ in missed]

    assert [item["subject_id"] for item in replayed] == missed


def test_a_gap_longer_than_the_replay_gets_resync(live: Live) -> None:
    owner = live.owner()
    seen = owner.get("activities", params={"limit": 1}).json()["items"][0]
    with live.session() as session:
        workspace_id = live.scalar(
            "SELECT id FROM workspaces WHERE slug = :slug", slug=owner.workspace
        )
        origin = activity.Origin(workspace_id=uuid.UUID(str(workspace_id)))
        for _ in range(REPLAY_LIMIT + 1):
            activity.record(session, ctx=origin, verb="campaign.updated", subject_id=uuid.uuid4())
        session.commit()

    with open_stream(
        live.base_url, events_path(owner), token=owner.token, last_event_id=seen["id"]
    ) as stream:
        assert stream.next().event == "resync"


def test_a_user_may_hold_five_streams_and_a_closed_one_is_released(live: Live) -> None:
    owner = live.owner()
    path = events_path(owner)
    streams = [open_stream(live.base_url, path, token=owner.token) for _ in range(5)]
    opened = [stream.__enter__() for stream in streams]
    try:
        assert all(stream.status_code == 200 for stream in opened)
        with open_stream(live.base_url, path, token=owner.token) as sixth:
            if live.app is None:  # several workers: the cap is per process
                pytest.skip("the per-user cap is per server process")
            assert sixth.status_code == 429
        streams.pop().__exit__(None, None, None)
        released = False
        for _ in range(50):
            with open_stream(live.base_url, path, token=owner.token) as again:
                if again.status_code == 200:
                    released = True
                    break
            threading.Event().wait(0.05)  # the server notices the disconnect
        assert released, "a closed stream still counts"
    finally:
        for stream in streams:
            stream.__exit__(None, None, None)
    assert MAX_STREAMS_PER_USER == 5


def test_a_malformed_last_event_id_is_a_422_naming_the_header(live: Live) -> None:
    owner = live.owner()
    response = owner.get("events", headers={"Last-Event-ID": "not-an-id"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["header", "Last-Event-ID"]


def test_an_outsider_gets_404(live: Live) -> None:
    owner, stranger = live.owner(), live.owner()
    with open_stream(live.base_url, events_path(owner), token=stranger.token) as stream:
        assert stream.status_code == 404


def test_the_stream_answers_every_caller_as_the_authorization_matrix_says(live: Live) -> None:
    owner, stranger = live.owner(), live.owner()
    with live.session() as session:
        user = session.get_one(User, owner.user_id)
        tokens: dict[str, str | None] = {
            "anon": None,
            "ro": make_token(session, user, write=False),
            "viewer": join(session, owner, Access.viewer).token,
            "editor": join(session, owner, Access.editor).token,
            "admin": join(session, owner, Access.admin).token,
            "owner": owner.token,
            "other": stranger.token,
        }
        session.commit()
    answers = {}
    for role, token in tokens.items():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with live.client.stream("GET", events_path(owner), headers=headers) as response:
            answers[role] = response.status_code

    assert tuple(answers[role] for role in ROLES) == EXPECTED["events_stream"]
