"""Benchmark of the activity stream at 1,000,000 activities: `activities_list` and the feed
page through the real app (in process, HTTP with a token or a signed-in session) against
a plain-SQL keyset query returning the same rows, timed in the same run.

- first page, a deep page (by cursor, half-way down the stream), and first pages filtered
  by campaign, by member (a busy one and one with few activities), by verb (a common and
  a rare family) — the same 50 rows as the baseline, checked;
- the feed page (`/w/{slug}/feed`: the workspace frame and the list);
- statements per request (they must not depend on the page or the filter).

The rows are written straight through the driver (SQLite `executemany`, PostgreSQL
`COPY`), ids are UUIDv7 of their instants as the app makes them, spread over a year.

    python -m bench.feed                         # 1,000,000 rows; SQLite and PostgreSQL
    python -m bench.feed --size small --database sqlite
"""

import argparse
import base64
import json
import random
import secrets
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, insert, select, union_all
from sqlalchemy.orm import Session

from app.activity.reads import COLUMNS as FEED_COLUMNS
from app.auth.service import create_user, issue_token
from app.core.config import Settings
from app.core.db import create_db_engine
from app.core.migrations import upgrade
from app.main import create_app
from app.models import Activity, Campaign, Member
from app.models.enums import TokenKind, TokenScope
from app.web.session import COOKIE, WebSession, _serializer
from app.workspaces.schemas import WorkspaceCreate
from app.workspaces.service import create_for_user
from bench.common import fresh_database, new_id

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_feed"
SIZES = {"tiny": 3_000, "small": 100_000, "full": 1_000_000}
SLUG = "bench"
PAGE = 50
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
# (verb, weight): tasks and comments dominate; reports are a rare family.
VERBS = (
    ("task.updated", 40),
    ("task.created", 14),
    ("comment.created", 15),
    ("assignment.updated", 8),
    ("assignment.created", 5),
    ("campaign.updated", 6),
    ("meeting.updated", 5),
    ("announcement.created", 5),
    ("report.submitted", 2),
)
A = Activity.__table__
COLUMNS = (
    "id, workspace_id, occurred_at, verb, subject_type, subject_id, subject_name, campaign_id,"
    " member_id, related_member_id, actor_user_id, actor_member_id, actor_name, before, after,"
    " reason, reason_code, reason_params, request_id"
)
READ = select(*FEED_COLUMNS)  # the columns a feed reply reads, as the app declares them


@dataclass(frozen=True)
class Seeded:
    token: str
    workspace_id: uuid.UUID
    campaign_id: uuid.UUID  # one of 50
    busy_member: uuid.UUID  # acts in ~2.5 % of the stream
    quiet_member: uuid.UUID  # concerned by 20 activities in all
    middle_id: uuid.UUID  # the activity half-way down the stream


def uuid7_at(ms: int, rng: random.Random) -> uuid.UUID:
    """A UUIDv7 of `ms`, laid out as app/activity/ids.py makes them."""
    value = (ms << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62)
    return uuid.UUID(int=value | rng.getrandbits(62))


def seed(engine: Engine, count: int) -> Seeded:
    rng = random.Random(11)
    with Session(engine) as session:
        user = create_user(
            session, email="bench@example.com", password="bench-password", display_name="Bench"
        )
        workspace = create_for_user(
            session, user=user, workspace_in=WorkspaceCreate(slug=SLUG, name="Bench")
        )
        _token, token = issue_token(
            session,
            user=user,
            kind=TokenKind.personal,
            name="bench",
            scopes=[TokenScope.read],
            expires_at=None,
        )
        ws = workspace.id
        members = [new_id(rng) for _ in range(41)]
        session.execute(
            insert(Member),
            [{"id": m, "workspace_id": ws, "display_name": f"M{n}"} for n, m in enumerate(members)],
        )
        campaigns = [new_id(rng) for _ in range(50)]
        session.execute(
            insert(Campaign),
            [
                {"id": c, "workspace_id": ws, "name": f"C{n}", "kind": "content"}
                for n, c in enumerate(campaigns)
            ],
        )
        session.commit()
    busy, quiet = members[0], members[40]
    middle: list[Any] = []

    def noting_the_middle() -> Iterator[tuple[Any, ...]]:
        for n, row in enumerate(_rows(rng, count, ws, members[:40], campaigns, quiet, engine)):
            if n == count // 2:
                middle.append(row[0])
            yield row

    _insert(engine, noting_the_middle())
    return Seeded(token, ws, campaigns[0], busy, quiet, uuid.UUID(str(middle[0])))


def _rows(
    rng: random.Random,
    count: int,
    ws: uuid.UUID,
    members: list[uuid.UUID],
    campaigns: list[uuid.UUID],
    quiet: uuid.UUID,
    engine: Engine,
) -> Iterator[tuple[Any, ...]]:
    """Rows as stored, oldest first: a year up to NOW, evenly spread."""
    postgres = engine.dialect.name == "postgresql"

    def uid(value: uuid.UUID | None) -> Any:
        if value is None:
            return None
        return str(value) if postgres else value.hex

    verbs = [verb for verb, weight in VERBS for _ in range(weight)]
    start_ms = int((NOW - timedelta(days=365)).timestamp() * 1000)
    step = 365 * 86_400_000 // count
    quiet_at = {count * k // 20 for k in range(20)}
    for n in range(count):
        ms = start_ms + n * step
        at = datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        verb = rng.choice(verbs)
        member = quiet if n in quiet_at else rng.choice(members) if n % 2 else None
        yield (
            uid(uuid7_at(ms, rng)),
            uid(ws),
            at + ("+00" if postgres else ""),
            verb,
            verb.partition(".")[0],
            uid(uuid.UUID(int=rng.getrandbits(128), version=4)),
            f"Subject {n % 997}",
            uid(rng.choice(campaigns)) if n % 10 < 7 else None,
            uid(member),
            uid(rng.choice(members)) if n % 20 == 0 else None,
            None,
            uid(members[n % 40]),
            f"M{n % 40}",
            json.dumps({"status": "todo"}) if verb.endswith("updated") else None,
            json.dumps({"status": "doing", "title": f"Subject {n % 997}"}),
            "",
            None,
            None,
            f"req-{n}",
        )


def _insert(engine: Engine, rows: Iterator[tuple[Any, ...]]) -> None:
    """Streamed: never more than one batch of rows in memory."""
    with engine.begin() as connection:
        raw: Any = connection.connection.driver_connection
        if engine.dialect.name == "postgresql":

            def text(value: Any) -> str:
                return "\\N" if value is None else str(value)

            with raw.cursor().copy(f"COPY activities ({COLUMNS}) FROM STDIN") as copy:
                while chunk := list(islice(rows, 50_000)):
                    copy.write("".join("\t".join(map(text, row)) + "\n" for row in chunk))
        else:
            marks = ", ".join("?" * len(COLUMNS.split(",")))
            raw.executemany(f"INSERT INTO activities ({COLUMNS}) VALUES ({marks})", rows)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE activities")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def cursor_after(activity_id: uuid.UUID) -> str:
    """The cursor `activities_list` hands out for a page ending at `activity_id`."""
    return base64.urlsafe_b64encode(json.dumps([str(activity_id)]).encode()).decode().rstrip("=")


def cases(s: Seeded) -> list[tuple[str, dict[str, Any], tuple[Any, ...]]]:
    """(name, query of activities_list, the baseline's conditions)."""

    def member(m: uuid.UUID) -> Any:
        """Their first page by each of the three indexes, then the page of the union."""
        firsts = [
            select(A.c.id)
            .where(A.c.workspace_id == s.workspace_id, column == m)
            .order_by(A.c.id.desc())
            .limit(PAGE + 1)
            .subquery()
            for column in (A.c.actor_member_id, A.c.member_id, A.c.related_member_id)
        ]
        return A.c.id.in_(union_all(*(select(first.c.id) for first in firsts)).subquery().select())

    deep = A.c.id < s.middle_id
    return [
        ("first page", {}, ()),
        ("deep page (cursor half-way)", {"cursor": cursor_after(s.middle_id)}, (deep,)),
        ("by campaign", {"campaign_id": str(s.campaign_id)}, (A.c.campaign_id == s.campaign_id,)),
        ("by member (busy)", {"member_id": str(s.busy_member)}, (member(s.busy_member),)),
        ("by member (20 in all)", {"member_id": str(s.quiet_member)}, (member(s.quiet_member),)),
        ("by verb task.* (54 %)", {"verb": "task.*"}, (A.c.verb.like("task.%"),)),
        ("by verb report.* (2 %)", {"verb": "report.*"}, (A.c.verb.like("report.%"),)),
    ]


def median_ms(action: Callable[[], Any], repeat: int) -> float:
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(url: str, s: Seeded, repeat: int) -> list[tuple[str, float, float, int]]:
    """(operation, Troupe ms, plain ms, statements per request)."""
    settings = Settings(
        database_url=url, secret_key=secrets.token_hex(32), log_level="warning", run_jobs=False
    )
    app = create_app(settings)
    baseline = create_db_engine(url)
    statements: list[str] = []
    event.listen(app.state.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    api = f"/api/v1/workspaces/{SLUG}/activities"
    headers = {"Authorization": f"Bearer {s.token}"}
    results = []
    with TestClient(app) as client, baseline.connect() as connection:

        def plain(*where: Any) -> list[Any]:
            query = READ.where(A.c.workspace_id == s.workspace_id, *where)
            return list(connection.execute(query.order_by(A.c.id.desc()).limit(PAGE + 1)).all())

        def counted(path: str, **kwargs: Any) -> tuple[Any, int]:
            client.get(path, **kwargs)  # warm: the first request of a kind reads more
            statements.clear()
            response = client.get(path, **kwargs)
            assert response.status_code == 200, (path, response.text[:300])
            return response, len(statements)

        for name, query, where in cases(s):
            params = {"limit": PAGE, **query}
            response, count = counted(api, params=params, headers=headers)
            expected = [str(row.id) for row in plain(*where)[:PAGE]]
            assert [item["id"] for item in response.json()["items"]] == expected, name
            troupe = median_ms(partial(client.get, api, params=params, headers=headers), repeat)
            results.append((name, troupe, median_ms(partial(plain, *where), repeat), count))
        web = WebSession(token=s.token, locale="en")
        client.cookies.set(
            COOKIE,
            _serializer(settings.secret_key).dumps(
                {"csrf": web.csrf, "token": web.token, "locale": "en", "flash": []}
            ),
        )
        me = "/api/v1/users/me"
        _response, count = counted(me, headers=headers)
        floor = median_ms(lambda: client.get(me, headers=headers), repeat)
        results.append(("floor: users_me (token, one row)", floor, 0.0, count))
        page = f"/w/{SLUG}/feed"
        _response, count = counted(page)
        troupe = median_ms(lambda: client.get(page), repeat)
        results.append(("feed page (frame + first page)", troupe, median_ms(plain, repeat), count))
    baseline.dispose()
    return results


def run(kind: str, size: str, pg_url: str, repeat: int) -> list[tuple[str, ...]]:
    count = SIZES[size]
    with tempfile.TemporaryDirectory() as folder:
        url = fresh_database(kind, pg_url, Path(folder))
        upgrade(url)
        engine = create_db_engine(url)
        started = time.perf_counter()
        seeded = seed(engine, count)
        seconds = time.perf_counter() - started
        engine.dispose()
        results = measure(url, seeded, repeat)
    seeding = f"{seconds * 1000:,.0f}"
    rows: list[tuple[str, ...]] = [
        (kind, f"{count:,}", f"seed {count:,} activities", seeding, "", "", "")
    ]
    for name, troupe, plain, statements in results:
        ratio = f"{troupe / plain:.1f}" if plain else ""
        rows.append(
            (kind, f"{count:,}", name, f"{troupe:,.2f}", f"{plain:,.2f}", ratio, str(statements))
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    rows: list[tuple[str, ...]] = [
        ("db", "activities", "operation", "Troupe ms", "plain SQL ms", "ratio", "statements")
    ]
    for kind in kinds:
        rows += run(kind, args.size, args.pg_url, args.repeat)
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + " --- |" * len(rows[0]))
    for row in rows[1:]:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
