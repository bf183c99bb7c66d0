"""Prometheus `/metrics`: off by default, behind a token when one is set, and counting
requests by operationId and status, the database pool and the background jobs."""

import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.db import create_db_engine
from app.core.metrics import exposition, observe_job, set_pending_jobs_source, watch_pool
from tests.factories import make_workspace_owner

TOKEN = "scrape-secret-0123456789"


def sample(exposition: str, name: str, **labels: str) -> float | None:
    """The value of one sample in Prometheus' text format (None if it is not there)."""
    for line in exposition.splitlines():
        match = re.fullmatch(r"([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)", line)
        if not match or match[1] != name:
            continue
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match[2] or ""))
        if found == labels:
            return float(match[3])
    return None


@pytest.fixture
def scraper(make_app: Callable[..., FastAPI]) -> Iterator[TestClient]:
    with TestClient(make_app(metrics_enabled=True)) as client:
        yield client


def scrape(client: TestClient, **headers: str) -> str:
    response: httpx.Response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return response.text


def test_metrics_are_not_served_by_default(client: TestClient) -> None:
    response = client.get("/metrics")

    assert response.status_code == 404
    assert "troupe_http" not in response.text


def test_each_request_is_counted_by_operation_id_and_status(
    scraper: TestClient, session: Session
) -> None:
    owner = make_workspace_owner(scraper, session)
    ok = {"operation": "members_list", "method": "GET", "status": "200"}
    missing = {"operation": "members_get", "method": "GET", "status": "404"}
    before = scrape(scraper)

    for _ in range(3):
        assert owner.get("members").status_code == 200
    assert owner.get("members/7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928").status_code == 404
    after = scrape(scraper)

    def grew(name: str, labels: dict[str, str]) -> float:
        return (sample(after, name, **labels) or 0) - (sample(before, name, **labels) or 0)

    assert grew("troupe_http_requests_total", ok) == 3
    assert grew("troupe_http_requests_total", missing) == 1
    assert grew("troupe_http_request_duration_seconds_count", ok) == 3
    assert grew("troupe_http_request_duration_seconds_bucket", {**ok, "le": "+Inf"}) == 3
    assert grew("troupe_http_request_duration_seconds_count", missing) == 1


def test_paths_no_route_answers_share_one_label(scraper: TestClient) -> None:
    labels = {"operation": "unmatched", "method": "GET", "status": "404"}
    before = sample(scrape(scraper), "troupe_http_requests_total", **labels) or 0

    for path in ("/no-such-page-1", "/no-such-page-2", "/wp-admin.php"):
        assert scraper.get(path).status_code == 404

    after = scrape(scraper)
    assert sample(after, "troupe_http_requests_total", **labels) == before + 3
    assert "no-such-page" not in after


def test_a_metrics_token_is_required_when_one_is_set(make_app: Callable[..., FastAPI]) -> None:
    with TestClient(make_app(metrics_token=TOKEN)) as client:
        nothing = client.get("/metrics")
        wrong = client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
        basic = client.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"})
        right = scrape(client, Authorization=f"Bearer {TOKEN}")

    for refused in (nothing, wrong, basic):
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["www-authenticate"] == "Bearer"
        assert "troupe_http" not in refused.text
    assert "troupe_http_requests_total" in right


def test_metrics_are_not_in_the_api_spec(scraper: TestClient) -> None:
    assert "/metrics" not in scraper.get("/openapi.json").json()["paths"]


def test_connections_checked_out_of_the_pool_are_counted(
    scraper: TestClient, tmp_path: Path
) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'pool.db'}")
    watch_pool(engine, capacity=15)
    idle = sample(scrape(scraper), "troupe_db_connections_in_use") or 0
    try:
        with engine.connect() as first, engine.connect() as second:
            first.execute(text("SELECT 1"))
            second.execute(text("SELECT 1"))
            busy = scrape(scraper)
        done = scrape(scraper)
    finally:
        engine.dispose()

    assert sample(busy, "troupe_db_connections_in_use") == idle + 2
    assert sample(done, "troupe_db_connections_in_use") == idle
    assert sample(busy, "troupe_db_pool_capacity") == 15


def test_background_jobs_are_counted_timed_and_their_backlog_reported(
    scraper: TestClient,
) -> None:
    kind = "test.report-reminder"
    before = scrape(scraper)

    observe_job(kind, "done", 0.2)
    observe_job(kind, "done", 0.4)
    observe_job(kind, "failed", 12.0)
    set_pending_jobs_source(lambda: {kind: 7, "test.digest": 0})
    try:
        during = scrape(scraper)
    finally:
        set_pending_jobs_source(None)
    after = scrape(scraper)

    def grew(name: str, **labels: str) -> float:
        return (sample(during, name, **labels) or 0) - (sample(before, name, **labels) or 0)

    assert grew("troupe_jobs_total", kind=kind, outcome="done") == 2
    assert grew("troupe_jobs_total", kind=kind, outcome="failed") == 1
    assert grew("troupe_job_duration_seconds_count", kind=kind) == 3
    assert grew("troupe_job_duration_seconds_bucket", kind=kind, le="0.5") == 2
    assert sample(during, "troupe_jobs_pending", kind=kind) == 7
    assert sample(during, "troupe_jobs_pending", kind="test.digest") == 0
    assert sample(after, "troupe_jobs_pending", kind=kind) is None


def test_requests_of_the_web_pages_are_counted_by_route_name(scraper: TestClient) -> None:
    before = scrape(scraper)

    assert scraper.get("/signin").status_code == 200

    after = scrape(scraper)
    counted = {
        labels["operation"]
        for labels in re.findall(r"troupe_http_requests_total\{([^}]*)\}", after)
        for labels in [dict(re.findall(r'(\w+)="([^"]*)"', labels))]
        if labels["method"] == "GET"
        and labels["status"] == "200"
        and (sample(after, "troupe_http_requests_total", **labels) or 0)
        > (sample(before, "troupe_http_requests_total", **labels) or 0)
    }
    assert counted - {"metrics_scrape"} == {"signin_form"}


def test_the_backlog_is_counted_once_per_scrape_even_with_two_apps(
    make_app: Callable[..., FastAPI],
) -> None:
    calls: list[int] = []

    def pending() -> dict[str, int]:
        calls.append(1)
        return {"test.digest": 3}

    make_app(metrics_enabled=True)  # a second app in the process registers nothing again
    with TestClient(make_app(metrics_enabled=True)) as client:
        set_pending_jobs_source(pending)
        try:
            text_ = scrape(client)
        finally:
            set_pending_jobs_source(None)

    assert len(calls) == 1
    assert sample(text_, "troupe_jobs_pending", kind="test.digest") == 3


def test_concurrent_scrapes_both_answer() -> None:
    both_inside = threading.Barrier(2, timeout=10)

    def count() -> dict[str, int]:
        both_inside.wait()  # each scrape is counting while the other one is too
        return {"test.digest": 1}

    set_pending_jobs_source(count)
    try:
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda _: exposition().decode(), range(2)))
    finally:
        set_pending_jobs_source(None)

    assert [sample(a, "troupe_jobs_pending", kind="test.digest") for a in answers] == [1, 1]
