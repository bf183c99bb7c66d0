"""Dashboard from rollups vs a raw GROUP BY over datapoints, in process, same run.

    python -m bench.dashboards                      # 500,000 datapoints, SQLite
    BENCH_DATAPOINTS=5000000 python -m bench.dashboards   # size L

Seeds a workspace (Asia/Shanghai) with the guide's metrics and N datapoints over 120
days, 5 channels and 20 campaigns (bulk insert, then `rollups.rebuild`). Then, for the
last 90 days and the 90 before: the dashboard service (which reads only the rollups)
against the baseline, a plain `GROUP BY metric, local day, channel` over the raw
datapoints that returns the same sums. Checks the sums agree, prints the medians and the
ratio (target: the dashboard ≥ 3× faster), and writes nothing.
"""

import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Row, text

from app.core import clock
from app.core.db import create_db_engine, create_session_factory
from app.core.migrations import upgrade
from app.core.permissions import Actor, WorkspaceContext
from app.dashboards.schemas import PeriodPreset
from app.dashboards.service import dashboard
from app.metrics import rollups
from app.models import Metric, Workspace
from app.models.enums import Access, Locale
from app.seed.templates import install_templates

NOW = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
CHANNELS = ("bilibili", "douyin", "wechat", "xiaohongshu", None)
ROUNDS = 5


def main() -> None:
    count = int(os.environ.get("BENCH_DATAPOINTS", "500000"))
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        engine = create_db_engine(url)
        factory = create_session_factory(engine)
        with factory() as session:
            workspace = Workspace(
                slug="bench", name="Bench", locale=Locale.en, timezone="Asia/Shanghai"
            )
            session.add(workspace)
            session.flush()
            install_templates(session, workspace=workspace)
            metrics = [
                m
                for m in session.query(Metric).filter_by(workspace_id=workspace.id)
                if m.aggregation
            ]
            [uuid.uuid4() for _ in range(20)]
            session.commit()
            workspace_id = workspace.id
        seed_started = time.perf_counter()
        rng = random.Random(7)
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            batch = []
            for i in range(count):
                metric = metrics[i % len(metrics)]
                at = NOW - timedelta(minutes=rng.randrange(120 * 24 * 60))
                batch.append(
                    (
                        uuid.uuid4().hex,
                        workspace_id.hex,
                        metric.id.hex,
                        float(rng.randrange(1, 100)),
                        at.replace(tzinfo=None).isoformat(sep=" "),
                        None,
                        None,
                        CHANNELS[i % len(CHANNELS)],
                        NOW.replace(tzinfo=None).isoformat(sep=" "),
                    )
                )
                if len(batch) == 50_000 or i == count - 1:
                    connection.exec_driver_sql(
                        "INSERT INTO datapoints (id, workspace_id, metric_id, value, observed_at,"
                        " campaign_id, member_id, channel, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                        batch,
                    )
                    batch = []
            rows = rollups.rebuild(connection, workspace_id=workspace_id, timezone="Asia/Shanghai")
        seconds = time.perf_counter() - seed_started
        print(f"seeded {count:,} datapoints, {rows:,} rollup rows in {seconds:.1f} s")

        actor = Actor(
            user_id=uuid.uuid4(), token_id=uuid.uuid4(), can_write=False, locale=Locale.en
        )
        ctx = WorkspaceContext(
            actor=actor,
            workspace_id=workspace_id,
            slug="bench",
            timezone="Asia/Shanghai",
            locale=Locale.en,
            member_id=uuid.uuid4(),
            access=Access.viewer,
        )
        first_day = (NOW + timedelta(hours=8)).date() - timedelta(days=179)
        begin = datetime.combine(first_day, datetime.min.time(), tzinfo=UTC) - timedelta(hours=8)
        raw = text(
            "SELECT metric_id, date(observed_at, '+8 hours') AS day, channel,"
            " sum(value), count(*), min(value), max(value) FROM datapoints"
            " WHERE workspace_id = :ws AND observed_at >= :begin"
            " GROUP BY metric_id, day, channel"
        )
        timings: dict[str, list[float]] = {"dashboard (rollups)": [], "raw GROUP BY": []}
        with clock.use_clock(clock.SettableClock(NOW)), factory() as session:
            answer = None
            baseline_rows: Sequence[Row[*tuple[Any, ...]]] = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                answer = dashboard(
                    session,
                    ctx=ctx,
                    preset=PeriodPreset.last_90_days,
                    start=None,
                    end=None,
                    channel=None,
                    campaign_id=None,
                )
                timings["dashboard (rollups)"].append(time.perf_counter() - started)
                started = time.perf_counter()
                baseline_rows = session.execute(
                    raw,
                    {
                        "ws": workspace_id.hex,
                        "begin": begin.replace(tzinfo=None).isoformat(sep=" "),
                    },
                ).all()
                timings["raw GROUP BY"].append(time.perf_counter() - started)
        assert answer is not None
        views = next(t for t in answer.tiles if t.metric == "content_views")
        views_id = views.metric_id.hex
        raw_sum = sum(r[3] for r in baseline_rows if r[0] == views_id and r[1] >= str(answer.from_))
        assert abs((views.value or 0) - raw_sum) < 1e-6 * max(1.0, raw_sum), (views.value, raw_sum)
        engine.dispose()

    dash = statistics.median(timings["dashboard (rollups)"])
    base = statistics.median(timings["raw GROUP BY"])
    print("| datapoints | dashboard (rollups) | raw GROUP BY | ratio | target ≥ 3× |")
    print("| ---: | ---: | ---: | ---: | --- |")
    verdict = "ok" if base / dash >= 3 else "MISSED"
    ratio = base / dash
    print(f"| {count:,} | {dash * 1000:.1f} ms | {base * 1000:.1f} ms | {ratio:.1f}× | {verdict} |")


if __name__ == "__main__":
    main()
