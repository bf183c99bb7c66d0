"""Page benchmark of /health and /skills at a realistic team size (issue 15).

Seeds a team of 45 members, 67 campaigns (5 scopes each) and ~700 assignments with
`bench.division_data.seed`, signs in through the sign-in form, and times each page
in process (median), next to the sum of the API calls the page makes (timed alone, in
the same run). Target: each page under 100 ms.

    python bench/division_pages.py                    # SQLite
    python bench/division_pages.py --database postgresql
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.config import Settings
from app.core.db import create_db_engine, create_session_factory
from app.core.migrations import upgrade
from app.main import create_app
from bench.common import fresh_database
from bench.division_data import SLUG, Size, seed
from bench.pages import recording_api_calls

TEAM = Size(members=45, campaigns=67, scopes=5, assignments=700, repeat=15)
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/troupe_division_pages"
TARGET_MS = 100
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# The API calls a page makes are read from the access log while it is served once (the
# workspace frame's calls included); the pages send independent calls at once.
PAGES = {"/health": f"/w/{SLUG}/health", "/skills": f"/w/{SLUG}/skills"}


def median_ms(action: Callable[[], Any], repeat: int) -> float:
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(kind: str, pg_url: str) -> list[tuple[str, ...]]:
    with tempfile.TemporaryDirectory() as folder:
        url = fresh_database(kind, pg_url, Path(folder))
        upgrade(url)
        engine = create_db_engine(url)
        token, _campaign = seed(engine, TEAM, date.today())
        settings = Settings(database_url=url, log_level="warning", request_log=True)
        app = create_app(settings, session_factory=create_session_factory(engine))
        rows: list[tuple[str, ...]] = []
        with TestClient(app) as client:
            form = CSRF.search(client.get("/signin").text)
            assert form is not None
            signed_in = client.post(
                "/signin",
                data={
                    "csrf_token": form.group(1),
                    "email": "bench@example.com",
                    "password": "bench-password",
                    "next": "/",
                },
                follow_redirects=False,
            )
            assert signed_in.status_code == 303, signed_in.text
            bearer = {"Authorization": f"Bearer {token}"}
            for name, path in PAGES.items():

                def page(path: str = path) -> None:
                    response = client.get(path)
                    assert response.status_code == 200, response.text

                with recording_api_calls() as recorded:
                    page()
                calls = recorded.paths

                def api(calls: list[str] = calls) -> None:
                    for call in calls:  # one after another: the sum of their times
                        response = client.get(call, headers=bearer)
                        assert response.status_code == 200, response.text

                took = median_ms(page, TEAM.repeat)
                alone = median_ms(api, TEAM.repeat)
                verdict = "ok" if took < TARGET_MS else "MISSED"
                rows.append(
                    (
                        kind,
                        name,
                        str(len(calls)),
                        f"{took:.1f}",
                        f"{alone:.1f}",
                        f"{took / alone:.2f}",
                        verdict,
                    )
                )
        engine.dispose()
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--pg-url", default=PG_URL, help="A database this run may drop and create.")
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    print(
        f"{TEAM.members} members, {TEAM.campaigns} campaigns × {TEAM.scopes} scopes,"
        f" {TEAM.assignments} assignments; median of {TEAM.repeat}; target < {TARGET_MS} ms"
    )
    header = (
        "database",
        "page",
        "API calls",
        "ms",
        "API calls ms",
        "page / calls",
        f"< {TARGET_MS} ms",
    )
    table = [header] + [row for kind in kinds for row in run(kind, args.pg_url)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
