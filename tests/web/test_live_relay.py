"""The page relay turns the API's events into named events parts of a page listen to."""

import json
from collections.abc import AsyncIterator

from fastapi.testclient import TestClient

from app.web.routes.live import relay
from tests.sse import in_own_loop


async def chunks(*parts: str) -> AsyncIterator[bytes]:
    for part in parts:
        yield part.encode()


def relayed(*parts: str, own_member_id: str = "") -> str:
    async def collect() -> str:
        relayed = relay(chunks(*parts), own_member_id=own_member_id)
        return "".join([message async for message in relayed])

    return in_own_loop(collect())


def test_an_activity_becomes_live_activity_and_live_subject_events() -> None:
    activity = {"verb": "assignment.created", "subject_type": "assignment", "subject_id": "s1"}
    data = json.dumps(activity)

    text = relayed(
        ": connected\r\nretry: 3000\r\n\r\n",
        f"event: activity\r\nid: a1\r\ndata: {data}",
        "\r\n\r\n",
    )

    assert text == (
        ":\n\nretry: 3000\n\n"
        "id: a1\nevent: live-activity\ndata: assignment.created\n\n"
        "event: live-assignment\ndata: s1\n\n"
    )


def test_the_readers_own_changes_are_not_relayed_to_their_page() -> None:
    mine = json.dumps(
        {
            "verb": "assignment.created",
            "subject_type": "assignment",
            "subject_id": "s1",
            "actor_member_id": "me",
        }
    )
    theirs = json.dumps(
        {
            "verb": "assignment.created",
            "subject_type": "assignment",
            "subject_id": "s2",
            "actor_member_id": "them",
        }
    )

    text = relayed(
        f"event: activity\nid: a1\ndata: {mine}\n\n",
        f"event: activity\nid: a2\ndata: {theirs}\n\n",
        own_member_id="me",
    )

    assert (
        text == "id: a2\nevent: live-activity\ndata: assignment.created\n\n"
        "event: live-assignment\ndata: s2\n\n"
    )


def test_resync_passes_and_an_odd_subject_type_does_not() -> None:
    odd = json.dumps({"verb": "x.y", "subject_type": "x\ndata: injected", "subject_id": "1"})

    text = relayed("event: resync\ndata: {}\n\n", f"event: activity\ndata: {odd}\n\n")

    assert text == "event: live-resync\ndata: {}\n\n"


def test_the_live_stream_needs_a_signed_in_session(client: TestClient) -> None:
    response = client.get("/w/demo/live", follow_redirects=False)

    assert response.status_code in (302, 303, 401)
