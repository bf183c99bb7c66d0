"""Seed one workspace of a given size, fast: Core bulk inserts, and for the datapoints the
driver itself (SQLite `executemany` with journaling and foreign keys off, PostgreSQL
`COPY` with foreign-key triggers off). Everything comes from one seeded generator, so a
run seeds the same data (dates relative to today).

The workspace, its owner and a read-write API token are made through the app's own
services; the bulk rows are written as the app would store them (checked by the
harness, which reads them back through the API).
"""

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, create_engine, event, insert, select, text
from sqlalchemy.orm import Session

from app.auth.service import create_user, issue_token
from app.core.migrations import upgrade
from app.metrics import rollups
from app.models import (
    Assignment,
    Campaign,
    CampaignGoal,
    CampaignRequiredRole,
    Member,
    MemberSkill,
    Metric,
    Role,
    Scope,
    Skill,
)
from app.models.enums import TokenKind, TokenScope
from app.workspaces.schemas import WorkspaceCreate
from app.workspaces.service import create_for_user
from bench.common import new_id
from bench.sizes import Size

SLUG = "bench"
TIMEZONE = "Asia/Shanghai"
SERIES_METRIC = "content_views"
INGEST_METRIC = "content_likes"
OTHER_METRICS = ("content_likes", "content_comments", "revenue", "backers", "content_shares")
CHANNELS = ("bilibili", "douyin", "wechat", "weibo", "xiaohongshu")
RACI = ("responsible", "consulted", "informed", "consulted")  # after one accountable
BATCH = 5_000


@dataclass
class Fixture:
    """What the scenarios need to know about the seeded workspace."""

    token: str
    slug: str
    filter_skill_id: str
    campaign_ids: list[str]  # a sample to GET, and to attach ingested datapoints to
    series_metric_id: str
    series_from: date
    series_to: date
    create_role_id: str  # no seeded assignment has this role: creates never collide
    create_targets: list[tuple[str, str, str]]  # (member, campaign, scope), all distinct


def seed(url: str, size: Size, *, today: date, creates: int) -> Fixture:
    """Migrate the empty database at `url` and fill it; `creates` distinct create targets."""
    upgrade(url)
    rng = random.Random(6)
    engine = _bulk_engine(url)
    try:
        with Session(engine) as session:
            token, ws = _workspace(session)
            ids = _reference_ids(session, ws)
        series_from = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        series_to = today.replace(day=1) - timedelta(days=1)
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.exec_driver_sql("SET session_replication_role = replica")
            rows = _rows(rng, size, ws, ids, today)
            for table, batch in rows.items():
                for first in range(0, len(batch), BATCH):
                    connection.execute(insert(table), batch[first : first + BATCH])
            campaigns = [row["id"] for row in rows[Campaign.__table__]]
            members = [row["id"] for row in rows[Member.__table__]]
            _datapoints(connection, rng, size, ws, ids, campaigns, members, series_from)
            # The app keeps the daily rollups in the ingest transaction; bulk rows need them built.
            rollups.rebuild(connection, workspace_id=ws, timezone=TIMEZONE)
        with engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
        active = [row["id"] for row in rows[Member.__table__] if row["status"] == "active"]
        scopes = [(row["campaign_id"], row["id"]) for row in rows[Scope.__table__]]
        targets: set[tuple[uuid.UUID, uuid.UUID, uuid.UUID]] = set()
        while len(targets) < min(creates, len(active) * len(scopes)):
            campaign, scope = rng.choice(scopes)
            targets.add((rng.choice(active), campaign, scope))
        return Fixture(
            token=token,
            slug=SLUG,
            filter_skill_id=str(ids["skills"][0]),
            campaign_ids=[str(c) for c in campaigns[:200]],
            series_metric_id=str(ids["metrics"][SERIES_METRIC]),
            series_from=series_from,
            series_to=series_to,
            create_role_id=str(ids["roles"][-1]),
            create_targets=sorted((str(m), str(c), str(s)) for m, c, s in targets),
        )
    finally:
        if engine.dialect.name == "sqlite":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("PRAGMA journal_mode = WAL")
        engine.dispose()


def _bulk_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url)
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _fast(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode = MEMORY",
            "synchronous = OFF",
            "foreign_keys = OFF",
            "cache_size = -1000000",
            "temp_store = MEMORY",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    return engine


def _workspace(session: Session) -> tuple[str, uuid.UUID]:
    user = create_user(
        session, email="bench@example.com", password="bench-password", display_name="Bench"
    )
    workspace = create_for_user(
        session, user=user, workspace_in=WorkspaceCreate(slug=SLUG, name="Bench", timezone=TIMEZONE)
    )
    _token, secret = issue_token(
        session,
        user=user,
        kind=TokenKind.personal,
        name="bench",
        scopes=[TokenScope.read, TokenScope.write],
        expires_at=None,
    )
    session.commit()
    return secret, workspace.id


def _reference_ids(session: Session, ws: uuid.UUID) -> dict[str, Any]:
    def ids(model: Any) -> list[uuid.UUID]:
        return list(
            session.scalars(select(model.id).where(model.workspace_id == ws).order_by(model.key))
        )

    rows = session.execute(select(Metric.key, Metric.id).where(Metric.workspace_id == ws))
    metrics = dict(rows.tuples().all())
    return {"skills": ids(Skill), "roles": ids(Role), "metrics": metrics}


def _rows(
    rng: random.Random, size: Size, ws: uuid.UUID, ids: dict[str, Any], today: date
) -> dict[Any, list[dict[str, Any]]]:
    now = datetime.now(UTC)
    stamp = {"workspace_id": ws, "created_at": now, "updated_at": now, "version": 1}
    skills, roles = ids["skills"], ids["roles"]
    assignable = roles[:-1]  # the last role is kept for the creates
    goal_metrics = [ids["metrics"][key] for key in ("content_views", "revenue", "backers")]
    members = [new_id(rng) for _ in range(size.members)]
    rows: dict[Any, list[dict[str, Any]]] = {
        Member.__table__: [
            {
                **stamp,
                "id": m,
                "display_name": f"Member {rng.randrange(10**6):06d} {i:05d}",
                "email": f"m{i}@example.com",
                "title": rng.choice(("Editor", "Host", "Designer", None)),
                "weekly_capacity_hours": rng.choice((20.0, 32.0, 40.0)),
                "status": "inactive" if rng.random() < 0.05 else "active",
            }
            for i, m in enumerate(members)
        ],
        MemberSkill.__table__: [],
        Campaign.__table__: [],
        CampaignRequiredRole.__table__: [],
        CampaignGoal.__table__: [],
        Scope.__table__: [],
        Assignment.__table__: [],
    }
    for m in members:  # half of them have the filtered skill (skills[0]) at level 2 or more
        held = rng.sample(skills[1:], rng.randint(2, 4))
        held += [skills[0]] if rng.random() < 0.5 else []
        rows[MemberSkill.__table__] += [
            {"member_id": m, "skill_id": s, "level": rng.randint(2 if s == skills[0] else 1, 5)}
            for s in held
        ]
    per_scope = max(1, size.assignments // (size.campaigns * size.scopes_per_campaign))
    for i in range(size.campaigns):
        campaign = new_id(rng)
        starts = today + timedelta(days=rng.randint(-300, 120))
        ends = starts + timedelta(weeks=rng.randint(8, 26))
        running = starts <= today <= ends
        status = "active" if running else rng.choice(("planning", "completed", "draft", "paused"))
        needs = rng.sample(assignable, rng.randint(3, 4))
        rows[Campaign.__table__].append(
            {
                **stamp,
                "id": campaign,
                "name": f"Campaign {i:04d}",
                "kind": "content",
                "status": status,
                "starts_on": starts,
                "ends_on": ends,
                "lead_member_id": rng.choice(members),
                "audience": {"description": "", "segments": ["students"], "channels": ["bilibili"]},
            }
        )
        rows[CampaignRequiredRole.__table__] += [
            {"campaign_id": campaign, "role_id": r} for r in needs
        ]
        rows[CampaignGoal.__table__] += [
            {
                "id": new_id(rng),
                "campaign_id": campaign,
                "position": k,
                "metric_id": metric,
                "target": 1000.0 * (k + 1),
                "due_on": ends,
            }
            for k, metric in enumerate(rng.sample(goal_metrics, 2))
        ]
        for j in range(size.scopes_per_campaign):
            scope = new_id(rng)
            rows[Scope.__table__].append(
                {
                    **stamp,
                    "id": scope,
                    "campaign_id": campaign,
                    "name": f"Scope {j:02d}",
                    "description": "Who does what here",
                }
            )
            for k in range(per_scope):
                raci = "accountable" if k == 0 else RACI[(k - 1) % len(RACI)]
                rows[Assignment.__table__].append(
                    {
                        **stamp,
                        "id": new_id(rng),
                        "member_id": rng.choice(members),
                        "role_id": needs[k % len(needs)],
                        "campaign_id": campaign,
                        "scope_id": scope,
                        "raci": raci,
                        "allocation_percent": {"accountable": 5, "responsible": 15}.get(raci, 0),
                        "starts_on": starts,
                        "ends_on": ends,
                        "status": "ended" if ends < today else "active",
                        "note": "",
                    }
                )
    return rows


def _datapoints(
    connection: Connection,
    rng: random.Random,
    size: Size,
    ws: uuid.UUID,
    ids: dict[str, Any],
    campaigns: list[uuid.UUID],
    members: list[uuid.UUID],
    series_from: date,
) -> None:
    """`series_points` of the series metric in the measured month; the rest spread over the
    year before it, across the series metric and five others."""
    tz = ZoneInfo(TIMEZONE)
    month_start = datetime.combine(series_from, time(), tzinfo=tz).timestamp()
    next_month = (series_from + timedelta(days=32)).replace(day=1)
    month_end = datetime.combine(next_month, time(), tzinfo=tz).timestamp()
    year_start = month_start - 365 * 86400
    plan = [(ids["metrics"][SERIES_METRIC], month_start, month_end, size.series_points)]
    rest = max(0, size.datapoints - size.series_points)
    history = (SERIES_METRIC, *OTHER_METRICS)
    for k, key in enumerate(history):
        count = rest // len(history) + (1 if k < rest % len(history) else 0)
        plan.append((ids["metrics"][key], year_start, month_start, count))
    postgres = connection.dialect.name == "postgresql"
    raw = connection.connection.driver_connection
    assert raw is not None
    prefix = rng.getrandbits(64)
    serial = 0
    for metric, begin, end, count in plan:
        rows = _datapoint_rows(
            postgres, prefix, serial, ws, metric, begin, end, count, campaigns, members
        )
        serial += count
        if postgres:
            columns = "id, workspace_id, metric_id, value, observed_at, campaign_id, member_id,"
            with raw.cursor().copy(
                f"COPY datapoints ({columns} channel, created_at) FROM STDIN"
            ) as copy:
                batch: list[str] = []
                for row in rows:
                    batch.append("\t".join(row))
                    if len(batch) == 50_000:
                        copy.write("\n".join(batch) + "\n")
                        batch.clear()
                if batch:
                    copy.write("\n".join(batch) + "\n")
        else:
            cursor = raw.cursor()
            cursor.executemany(
                "INSERT INTO datapoints (id, workspace_id, metric_id, value, observed_at,"
                " campaign_id, member_id, channel, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((*row[:5], *(None if v == "\\N" else v for v in row[5:])) for row in rows),
            )
            cursor.close()


def _datapoint_rows(
    postgres: bool,
    prefix: int,
    serial: int,
    ws: uuid.UUID,
    metric: uuid.UUID,
    begin: float,
    end: float,
    count: int,
    campaigns: list[uuid.UUID],
    members: list[uuid.UUID],
) -> Iterator[tuple[str, ...]]:
    """Rows as the database stores them: evenly spread instants, ids in increasing order
    (cheap to index), 30 % with a campaign, 10 % with a member."""

    def uid(value: uuid.UUID) -> str:
        return str(value) if postgres else value.hex

    suffix = "+00" if postgres else ""
    ws_s, metric_s = uid(ws), uid(metric)
    campaign_s = [uid(c) for c in campaigns[:50]]
    member_s = [uid(m) for m in members[:200]]
    created = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") + suffix
    step = (end - begin) / max(count, 1)
    day_text: dict[int, str] = {}
    for i in range(count):
        at = begin + step * (i + 0.5)
        whole = int(at)
        day, second = divmod(whole, 86400)
        if day not in day_text:
            day_text[day] = datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m-%d")
        hours, rest = divmod(second, 3600)
        micro = int((at - whole) * 1e6)
        clock = f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}.{micro:06d}"
        observed = f"{day_text[day]} {clock}{suffix}"
        hex_id = f"{prefix:016x}{serial + i:016x}"
        row_id = (
            f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"
            if postgres
            else hex_id
        )
        yield (
            row_id,
            ws_s,
            metric_s,
            str((i * 7919) % 1000),
            observed,
            campaign_s[i % len(campaign_s)] if i % 10 < 3 else "\\N",
            member_s[i % len(member_s)] if i % 10 == 5 else "\\N",
            CHANNELS[i % len(CHANNELS)],
            created,
        )
