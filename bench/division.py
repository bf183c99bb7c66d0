"""Benchmark of the division endpoints on SQLite and PostgreSQL.

Seeds one workspace with Core bulk inserts (full size: 2,000 members, 300 campaigns ×
50 scopes, 100,000 assignments), then calls through the HTTP API, in process:

- `campaigns_health` of a 50-scope campaign, and `(cold)`: the first check after a write
  to that campaign (not timed),
- `workspaces_health` (the counts and the first page of findings), and `(cold)`: the
  same, after a write to that campaign,
- `workload_heatmap` over 52 weeks × every member,
- `campaigns_staffing_suggestions` (ranked and optimal),

printing the median time (wall, and CPU of the process), the SQL statements per request,
and the ratio against plain SQL that reads the same rows (no ORM, no Python work), timed
in the same run.

    python bench/division.py                       # full size, SQLite and PostgreSQL
    python bench/division.py --size small          # seconds
    python bench/division.py --size L              # issue 9's size: 10,000 members
    python bench/division.py --database sqlite     # or postgresql
    python bench/division.py --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_division
"""

import argparse
import logging
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection, Date, Engine, Uuid, bindparam, event, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.config import Settings
from app.core.db import create_db_engine, create_session_factory
from app.core.migrations import upgrade
from app.division.periods import monday
from app.main import create_app
from app.models import Campaign
from bench.common import fresh_database
from bench.division_data import PG_URL, SIZES, SLUG, Size, seed

# A campaign that does not run on the day asked is checked on its own dates.
RUNS = (
    "(c.starts_on IS NULL OR c.starts_on <= :last) AND (c.ends_on IS NULL OR c.ends_on >= :first)"
)
IN_WINDOW = (
    f"a.starts_on <= CASE WHEN {RUNS} THEN :last ELSE COALESCE(c.ends_on, :max) END"
    " AND ((a.ends_on IS NULL AND a.status = 'active')"
    f" OR a.ends_on >= CASE WHEN {RUNS} THEN :first ELSE COALESCE(c.starts_on, :min) END)"
)
COUNTED = (
    "a.starts_on <= :last AND ((a.ends_on IS NULL AND a.status = 'active') OR a.ends_on >= :first)"
)


def baselines(
    dialect: str, ws: uuid.UUID, campaign: uuid.UUID, today: date, campaign_end: date
) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Plain SQL reading the rows each endpoint reads, in the same form (ids as text, days
    as numbers), with nothing done to them in Python."""

    def id_(column: str) -> str:
        return f"CAST({column} AS VARCHAR)"

    def day(column: str) -> str:
        if dialect == "postgresql":
            return f"({column} - DATE '0001-01-01' + 1)"
        return f"CAST(julianday({column}) - 1721424.5 AS INTEGER)"

    week = monday(today)
    staffing_end = monday(campaign_end) + timedelta(days=6)
    week_end = week + timedelta(days=6)
    year_end = week + timedelta(weeks=52, days=-1)
    assignments = (
        f"SELECT {id_('a.id')}, {id_('a.member_id')}, m.display_name, {id_('a.role_id')},"
        f" {id_('a.campaign_id')}, {id_('a.scope_id')}, a.raci, a.allocation_percent,"
        f" {day('a.starts_on')}, {day('a.ends_on')} FROM assignments a"
        " JOIN members m ON m.id = a.member_id"
    )
    loads = (
        f"SELECT {id_('a.id')}, {id_('a.member_id')}, a.allocation_percent,"
        f" {day('a.starts_on')}, {day('a.ends_on')} FROM assignments a"
    )
    holders = (
        f"SELECT {id_('ms.skill_id')}, {id_('ms.member_id')}, m.display_name, ms.level"
        " FROM member_skills ms JOIN members m ON m.id = ms.member_id"
        " WHERE m.workspace_id = :ws AND m.status = 'active'"
    )
    members = f"SELECT {id_('id')}, display_name FROM members WHERE workspace_id = :ws"
    at = {"ws": ws, "c": campaign, "first": today, "last": today, "min": date.min, "max": date.max}
    this_week = {**at, "first": week, "last": week_end}
    on_the_day = COUNTED.replace(":first", ":d").replace(":last", ":d")
    paid = (
        "SELECT a.member_id FROM assignments a WHERE a.campaign_id = :c"
        f" AND a.allocation_percent > 0 AND {on_the_day}"
    )
    live = "c.workspace_id = :ws AND c.status IN ('planning', 'active', 'paused')"
    return {
        "campaigns_health": [
            (f"SELECT {id_('id')}, name FROM scopes WHERE campaign_id = :c", at),
            (f"{assignments} WHERE a.campaign_id = :c AND {COUNTED}", at),
            (holders, at),
            (f"{loads} WHERE {COUNTED} AND a.member_id IN ({paid})", {**this_week, "d": today}),
        ],
        "workspaces_health": [
            (
                f"SELECT {id_('s.id')}, s.name FROM scopes s JOIN campaigns c"
                f" ON c.id = s.campaign_id WHERE {live}",
                at,
            ),
            (
                f"{assignments} JOIN campaigns c ON c.id = a.campaign_id WHERE {live}"
                f" AND {IN_WINDOW}",
                at,
            ),
            (holders, at),
            (f"{loads} WHERE a.workspace_id = :ws AND {COUNTED}", this_week),
            (members, at),
        ],
        "workload_heatmap": [
            (members, at),
            (
                f"{loads} WHERE a.workspace_id = :ws AND {COUNTED}",
                {**at, "first": week, "last": year_end},
            ),
        ],
        "campaigns_staffing_suggestions": [
            (members, at),
            (holders, at),
            (f"{assignments} WHERE a.campaign_id = :c AND {COUNTED}", {**at, "last": campaign_end}),
            (
                f"{loads} WHERE a.workspace_id = :ws AND {COUNTED}",
                {**at, "first": week, "last": staffing_end},
            ),
        ],
    }


def write_to(engine: Engine, campaign: uuid.UUID) -> None:
    """`(cold)`: a write to the measured campaign before each call, as a client's would
    (it replaces the versions the health checks are cached by)."""
    with Session(engine) as session:
        found = session.get(Campaign, campaign)
        assert found is not None
        found.audience = {**found.audience, "bench": uuid.uuid4().hex}
        session.commit()


def median_ms(
    action: Callable[[], Any], repeat: int, before: Callable[[], Any] | None = None
) -> float:
    return medians_ms(action, repeat, before)[0]


def medians_ms(
    action: Callable[[], Any], repeat: int, before: Callable[[], Any] | None = None
) -> tuple[float, float]:
    """Median wall time and median CPU time of the process (all threads: steadier on a
    loaded machine; a database server's own work shows in wall time only)."""
    if before:
        before()
    action()  # warm up caches and the connection pool
    walls, cpus = [], []
    for _ in range(repeat):
        if before:
            before()
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def run(kind: str, size: Size, pg_url: str) -> list[tuple[str, ...]]:
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        url = fresh_database(kind, pg_url, Path(folder))
        upgrade(url)
        engine = create_db_engine(url)
        started = time.perf_counter()
        token, campaign = seed(engine, size, today)
        seeded_in = time.perf_counter() - started
        app = create_app(Settings(database_url=url), session_factory=create_session_factory(engine))
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        base = f"/api/v1/workspaces/{SLUG}"
        week = monday(today)
        calls = {
            "campaigns_health": (f"{base}/campaigns/{campaign}/health", {}),
            "campaigns_health (cold)": (f"{base}/campaigns/{campaign}/health", {}),
            "workspaces_health": (f"{base}/health", {}),
            "workspaces_health (cold)": (f"{base}/health", {}),
            "workload_heatmap": (
                f"{base}/workload",
                {"from": week.isoformat(), "to": (week + timedelta(weeks=52, days=-1)).isoformat()},
            ),
            "campaigns_staffing_suggestions": (
                f"{base}/campaigns/{campaign}/staffing-suggestions",
                {},
            ),
            "campaigns_staffing_suggestions (optimal)": (
                f"{base}/campaigns/{campaign}/staffing-suggestions",
                {"mode": "optimal"},
            ),
        }
        with Session(engine) as session:
            ws, ends_on = session.execute(
                select(Campaign.workspace_id, Campaign.ends_on).where(Campaign.id == campaign)
            ).one()
        assert ends_on is not None
        plain = baselines(engine.dialect.name, ws, campaign, today, ends_on)
        results: list[tuple[str, ...]] = []
        with TestClient(app) as client:
            headers = {"Authorization": f"Bearer {token}"}
            for name, (path, params) in calls.items():

                def call(path: str = path, params: dict[str, str] = params) -> Any:
                    response = client.get(path, params=params, headers=headers)
                    assert response.status_code == 200, response.text
                    return response

                cold = (lambda: write_to(engine, campaign)) if "cold" in name else None
                body = call().json()
                if cold:
                    cold()
                statements.clear()
                call()
                count = len(statements)
                took, cpu = medians_ms(call, size.repeat, cold)
                reads = plain[name.split(" ")[0]]

                def read_plain(reads: list[tuple[str, dict[str, Any]]] = reads) -> int:
                    with engine.connect() as connection:
                        return sum(_fetch(connection, sql, params) for sql, params in reads)

                rows = read_plain()
                baseline = median_ms(read_plain, size.repeat)
                results.append(
                    (
                        kind,
                        name,
                        f"{took:.1f}",
                        f"{cpu:.1f}",
                        str(count),
                        f"{baseline:.1f}",
                        f"{took / baseline:.2f}",
                        str(rows),
                        _shape(body),
                    )
                )
        engine.dispose()
        print(f"{kind}: seeded in {seeded_in:.1f} s", file=sys.stderr)
        return results


def _fetch(connection: Connection, sql: str, params: dict[str, Any]) -> int:
    """Run `sql` and fetch its rows from the driver (no SQLAlchemy row processing)."""
    types: dict[type, Any] = {uuid.UUID: Uuid(), date: Date()}
    used = {name: value for name, value in params.items() if f":{name}" in sql}
    statement = text(sql).bindparams(
        *(bindparam(name, type_=types[type(value)]) for name, value in used.items())
    )
    result = connection.execute(statement, used)
    rows = result.cursor.fetchall()
    result.close()
    return len(rows)


def _shape(body: dict[str, Any]) -> str:
    if "findings" in body:
        return f"{body.get('total', len(body['findings']))} findings"
    if "members" in body:
        return f"{len(body['members'])}×{len(body['weeks'])} cells"
    return f"{len(body['slots'])} slots"


def main() -> None:
    logging.disable(logging.INFO)  # no access log lines between the results
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=PG_URL, help="A database this run may drop and create.")
    args = parser.parse_args()
    size = SIZES[args.size]
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    print(
        f"size {args.size}: {size.members} members, {size.campaigns} campaigns × {size.scopes}"
        f" scopes, {size.assignments} assignments; median of {size.repeat}"
    )
    header = (
        *("database", "endpoint", "ms", "cpu ms", "SQL"),
        *("plain ms", "ratio", "plain rows", "answer"),
    )
    table = [header] + [row for kind in kinds for row in run(kind, size, args.pg_url)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
