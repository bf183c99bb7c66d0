"""A value a page puts into an API path stays in its segment (app/web/client.py): an id typed
by hand into a link ("..", "x?limit=1") never reaches another resource of the API."""

import httpx
import pytest

from app.web.client import ApiClient, ApiError
from tests.event_loop import run_alone


def calls_for(path: str) -> tuple[list[str], int]:
    """The requests the client sent for `path`, and the status it gave the page."""
    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url.raw_path, "ascii"))
        return httpx.Response(200, json={"id": "x"})

    async def get() -> int:
        transport = httpx.MockTransport(answer)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as http:
            try:
                await ApiClient(http, token=None, locale="en").get(path)
            except ApiError as refused:
                return refused.status
            return 200

    return sent, run_alone(get())


def test_an_id_in_a_path_reaches_that_path() -> None:
    assert calls_for("/workspaces/acme/campaigns/8f14e45f") == (
        ["/api/v1/workspaces/acme/campaigns/8f14e45f"],
        200,
    )


@pytest.mark.parametrize("typed", ["..", ".", "x?limit=1", "x#top", "../members"])
def test_a_value_that_would_leave_its_segment_is_not_found_without_asking(typed: str) -> None:
    assert calls_for(f"/workspaces/acme/campaigns/{typed}") == ([], 404)
