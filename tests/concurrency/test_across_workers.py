"""What only several server processes can show (PostgreSQL, `troupe serve --workers 2`).

The races of `test_races.py` run against the two workers too; here: the sign-in limit
is one budget for all processes, requests are spread over both processes, and a scrape of
`/metrics` by either process counts the requests of both.
"""

import re
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.concurrency.conftest import Live, all_at_once
from tests.factories import Caller

pytestmark = pytest.mark.concurrency

TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture
def metrics_dir(live: Live) -> Path:
    if live.metrics_dir is None:
        pytest.skip("needs several worker processes (PostgreSQL: `troupe serve --workers 2`)")
    return live.metrics_dir


def fresh_connection(live: Live, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """One request on a new connection: either process may accept it."""
    with httpx.Client(base_url=live.base_url, timeout=60) as client:
        return client.request(method, path, **kwargs)


def processes_that_served(metrics_dir: Path) -> set[str]:
    return {
        match[1]
        for p in metrics_dir.glob("counter_*.db")
        if (match := re.search(r"_(\d+)", p.name))
    }


def health_checks_counted(live: Live) -> float:
    text = fresh_connection(live, "GET", "/metrics").text
    found = re.search(
        r'^troupe_http_requests_total\{method="GET",operation="health_check",status="200"\} (\S+)$',
        text,
        re.MULTILINE,
    )
    return float(found[1]) if found else 0.0


def test_requests_are_spread_over_both_processes_and_counted_by_either(
    live: Live, metrics_dir: Path
) -> None:
    before = health_checks_counted(live)

    responses = all_at_once(40, lambda _: fresh_connection(live, "GET", "/healthz"))

    assert Counter(r.status_code for r in responses) == {200: 40}
    assert len(processes_that_served(metrics_dir)) == 2
    assert [health_checks_counted(live) for _ in range(6)] == [before + 40] * 6


def test_the_sign_in_limit_is_one_budget_for_all_processes(
    live: Live, metrics_dir: Path, owner: Caller
) -> None:
    email = owner.get("/api/v1/users/me").json()["email"]

    statuses = all_at_once(
        16,
        lambda _: (
            fresh_connection(
                live, "POST", TOKEN_URL, data={"username": email, "password": "wrong password"}
            ).status_code
        ),
    )

    assert Counter(statuses) == {401: 10, 429: 6}
    assert len(processes_that_served(metrics_dir)) == 2
