"""Page benchmark: each page's server time against the sum of the API calls it makes.

A page is a client of the JSON API (app/web/client.py). For each page this seeds a
workspace (bench/seed.py), opens the page in process with a signed-in session, records
the API calls it makes (the access log of the in-process API), then times the page and,
separately, each of those calls made directly with the same token. It reports

- `calls`: API calls per page; it must not grow with the size of the workspace;
- `page ms` and `API ms` (medians), and `ratio` = page / sum of its calls (target ≤ 1.5);
- the same in CPU time of this process (`CPU ratio`): steadier than the wall time when other
  programs share the cores, where every thread hop of a page waits for a core.

    python -m bench.pages --size S,M          # SQLite
    python -m bench.pages --size M --db postgresql --pg-url postgresql+psycopg://…/troupe_bench_pages
"""

import argparse
import logging
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from app.web.session import COOKIE, WebSession, _serializer
from bench.common import fresh_database
from bench.seed import Fixture, seed
from bench.sizes import SIZES

TARGET_RATIO = 1.5


@dataclass(frozen=True)
class Timing:
    """Median wall time and median CPU time of this process, in ms."""

    wall_ms: float
    cpu_ms: float

    def __add__(self, other: "Timing") -> "Timing":
        return Timing(self.wall_ms + other.wall_ms, self.cpu_ms + other.cpu_ms)


@dataclass(frozen=True)
class Measured:
    name: str
    calls: list[str]
    page: Timing
    api: Timing

    @property
    def ratio(self) -> float:
        return self.page.wall_ms / self.api.wall_ms if self.api.wall_ms else float("inf")

    @property
    def cpu_ratio(self) -> float:
        return self.page.cpu_ms / self.api.cpu_ms if self.api.cpu_ms else float("inf")


def pages(fixture: Fixture) -> dict[str, str]:
    """The pages the issues name: home, a campaign, members, the division's health, skills."""
    base = f"/w/{fixture.slug}"
    return {
        "home": base,
        "campaign": f"{base}/campaigns/{fixture.campaign_ids[0]}",
        "members": f"{base}/members",
        "division": f"{base}/health",
        "skills": f"{base}/skills",
    }


class _ApiCalls(logging.Handler):
    """Collects `GET /api/v1/...` lines of the access log while a page is served."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        fields = getattr(record, "fields", {})
        path = str(fields.get("path", ""))
        if path.startswith("/api/"):
            query = fields.get("query", "")
            self.paths.append(f"{path}?{query}" if query else path)


@contextmanager
def recording_api_calls() -> Iterator[_ApiCalls]:
    handler = _ApiCalls()
    access = logging.getLogger("troupe.access")
    level = access.level
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        access.removeHandler(handler)
        access.setLevel(level)


def median_ms(action: Callable[[], object], rounds: int) -> Timing:
    action()  # warm
    walls, cpus = [], []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return Timing(statistics.median(walls), statistics.median(cpus))


def measure(url: str, fixture: Fixture, rounds: int) -> list[Measured]:
    settings = Settings(
        database_url=url, secret_key=secrets.token_hex(32), log_level="warning", request_log=True
    )
    app = create_app(settings)
    session = WebSession(token=fixture.token, locale="en")
    cookie = _serializer(settings.secret_key).dumps(
        {"csrf": session.csrf, "token": session.token, "locale": "en", "flash": []}
    )
    results = []
    with TestClient(app) as client:
        client.cookies.set(COOKIE, cookie)
        api = {"Authorization": f"Bearer {fixture.token}", "Accept-Language": "en"}
        for name, path in pages(fixture).items():
            with recording_api_calls() as calls:
                first = client.get(path)
            assert first.status_code == 200, (name, first.status_code)
            page = median_ms(partial(client.get, path), rounds)
            alone = sum(
                (median_ms(partial(client.get, call, headers=api), rounds) for call in calls.paths),
                Timing(0.0, 0.0),
            )
            results.append(Measured(name, calls.paths, page, alone))
    return results


def report(size: str, db: str, results: list[Measured]) -> None:
    print(f"\n## Pages, size {size}, {db}\n")
    print(
        "| page | API calls | page ms | sum of its API calls ms | ratio | target ≤ 1.5 "
        "| page CPU ms | API CPU ms | CPU ratio |"
    )
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    for r in results:
        verdict = "ok" if r.ratio <= TARGET_RATIO else "MISSED"
        print(
            f"| {r.name} | {len(r.calls)} | {r.page.wall_ms:.1f} | {r.api.wall_ms:.1f} | "
            f"{r.ratio:.2f} | {verdict} | {r.page.cpu_ms:.1f} | {r.api.cpu_ms:.1f} | "
            f"{r.cpu_ratio:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", help="XS, S, M or L; several: S,M")
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument(
        "--pg-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_pages",
        help="its database is dropped and created",
    )
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    calls_by_size: dict[str, dict[str, int]] = {}
    for size in args.size.split(","):
        with tempfile.TemporaryDirectory() as folder:
            url = fresh_database(args.db, args.pg_url, Path(folder))
            fixture = seed(url, SIZES[size], today=date.today(), creates=1)
            results = measure(url, fixture, args.rounds)
        report(size, args.db, results)
        calls_by_size[size] = {r.name: len(r.calls) for r in results}
    counts = {tuple(sorted(c.items())) for c in calls_by_size.values()}
    if len(counts) > 1:
        raise SystemExit(f"API calls per page grow with the workspace: {calls_by_size}")


if __name__ == "__main__":
    main()
