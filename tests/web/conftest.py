import re
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, Caller

CSRF = re.compile(r'data-csrf="([^"]+)"')


@dataclass
class Browser:
    """A signed-in person using the pages, as a web would (cookies, CSRF tokens)."""

    client: TestClient
    workspace: str
    csrf: str = ""

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = self.client.get(path, **kwargs)
        if match := CSRF.search(response.text):
            self.csrf = match.group(1)
        return response

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        if not self.csrf:
            self.get("/signin")
        body = {"csrf_token": self.csrf, **(data or {})}
        kwargs.setdefault("follow_redirects", False)
        response: httpx.Response = self.client.post(path, data=body, **kwargs)
        return response

    def htmx_post(self, path: str, data: dict[str, Any]) -> httpx.Response:
        return self.post(path, data, headers={"HX-Request": "true"})

    def page(self, path: str) -> str:
        return f"/w/{self.workspace}{path}"


def sign_in(client: TestClient, caller: Caller) -> Browser:
    email = caller.get("/api/v1/users/me").json()["email"]
    web = Browser(client, caller.workspace)
    web.get("/signin")
    response = web.post("/signin", {"email": email, "password": PASSWORD, "next": "/"})
    assert response.status_code == 303, response.text
    web.get(f"/w/{caller.workspace}")  # a signed-in page: the session's new CSRF token
    return web


@pytest.fixture
def web(client: TestClient, owner: Caller) -> Browser:
    return sign_in(client, owner)
