"""Import of datapoint rows from a GB18030 CSV: Troupe's validate + commit vs a plain
`csv` + `executemany` baseline, in process, same run.

    python -m bench.imports                       # 50,000 rows, SQLite
    BENCH_IMPORT_ROWS=20000 python -m bench.imports

The file is what Chinese Excel writes: GB18030 without a BOM, Chinese headers, Chinese
channel names, dates as text. Troupe's side is the imports service (upload with preview,
then the dry run, then the commit with rollups, undo records and the activity); the
baseline decodes, reads with `csv`, looks the metric up in a dict, parses the number and
the date, and inserts with one `executemany` (no checks, no rollups, no undo). Prints rows
per second of each and the ratio (target: Troupe ≥ 0.5× the baseline).
"""

import csv
import io
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import delete

from app.core import clock
from app.core.db import create_db_engine, create_session_factory
from app.core.migrations import upgrade
from app.core.permissions import Actor, WorkspaceContext
from app.imports import service
from app.imports.fields import ImportKind
from app.models import DataImport, Datapoint, Member, Metric, MetricRollup, Workspace
from app.models.enums import Access, Locale
from app.seed.templates import install_templates

NOW = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
CHANNELS = ("哔哩哔哩", "抖音", "微信", "小红书", "")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def make_csv(rows: int, keys: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["日期", "指标", "数值", "渠道"])
    start = NOW - timedelta(days=300)
    for i in range(rows):
        at = start + timedelta(minutes=7 * i)
        writer.writerow(
            [at.strftime("%Y-%m-%d %H:%M"), keys[i % len(keys)], f"{i % 97}.5", CHANNELS[i % 5]]
        )
    return out.getvalue().encode("gb18030")


def baseline(
    connection: object, content: bytes, workspace_id: uuid.UUID, ids: dict[str, uuid.UUID]
) -> int:
    tz = ZoneInfo("Asia/Shanghai")
    reader = csv.reader(io.StringIO(content.decode("gb18030"), newline=""))
    next(reader)
    now = NOW.replace(tzinfo=None).isoformat(sep=" ")
    batch = []
    for day, key, value, channel in reader:
        at = datetime.strptime(day, "%Y-%m-%d %H:%M").replace(tzinfo=tz).astimezone(UTC)
        batch.append(
            (
                uuid.uuid4().hex,
                workspace_id.hex,
                ids[key].hex,
                float(value),
                at.replace(tzinfo=None).isoformat(sep=" "),
                None,
                None,
                channel or None,
                now,
            )
        )
    connection.exec_driver_sql(  # type: ignore[attr-defined]
        "INSERT INTO datapoints (id, workspace_id, metric_id, value, observed_at,"
        " campaign_id, member_id, channel, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        batch,
    )
    return len(batch)


def main() -> None:
    count = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        engine = create_db_engine(url)
        factory = create_session_factory(engine)
        with factory() as session:
            workspace = Workspace(
                slug="bench", name="Bench", locale=Locale.zh_cn, timezone="Asia/Shanghai"
            )
            session.add(workspace)
            session.flush()
            install_templates(session, workspace=workspace)
            member = Member(workspace_id=workspace.id, display_name="Bench", access=Access.owner)
            session.add(member)
            metrics = {
                m.key: m.id
                for m in session.query(Metric).filter_by(workspace_id=workspace.id)
                if m.aggregation
            }
            session.commit()
            workspace_id, member_id = workspace.id, member.id
        content = make_csv(count, sorted(metrics))
        print(f"{count:,} rows, {len(content) / 1e6:.1f} MB of GB18030 CSV")
        ctx = WorkspaceContext(
            actor=Actor(
                user_id=uuid.uuid4(), token_id=uuid.uuid4(), can_write=True, locale=Locale.zh_cn
            ),
            workspace_id=workspace_id,
            slug="bench",
            timezone="Asia/Shanghai",
            locale=Locale.zh_cn,
            member_id=member_id,
            access=Access.owner,
        )
        timings: dict[str, list[float]] = {"troupe": [], "upload": [], "baseline": []}

        def clear() -> None:
            with factory() as session:
                for table in (Datapoint, MetricRollup, DataImport):
                    session.execute(delete(table))
                session.commit()

        with clock.use_clock(clock.SettableClock(NOW)):
            for _ in range(ROUNDS):
                clear()
                with factory() as session:
                    started = time.perf_counter()
                    view = service.create(
                        session,
                        ctx=ctx,
                        kind=ImportKind.datapoints,
                        filename="b.csv",
                        content=content,
                    )
                    session.commit()
                    timings["upload"].append(time.perf_counter() - started)
                    started = time.perf_counter()
                    outcome = service.validate(session, ctx=ctx, import_id=view.row.id)
                    session.commit()
                    assert not outcome.errors, outcome.errors[:3]
                    done = service.commit(
                        session, ctx=ctx, import_id=view.row.id, skip_invalid_rows=False
                    )
                    session.commit()
                    timings["troupe"].append(time.perf_counter() - started)
                    assert done.result is not None
                    assert done.result["created"] == count
                clear()
                with engine.begin() as connection:
                    started = time.perf_counter()
                    assert baseline(connection, content, workspace_id, metrics) == count
                    timings["baseline"].append(time.perf_counter() - started)
        engine.dispose()

    troupe = statistics.median(timings["troupe"])
    base = statistics.median(timings["baseline"])
    upload = statistics.median(timings["upload"])
    ratio = (count / troupe) / (count / base)
    verdict = "ok" if ratio >= 0.5 else "MISSED"
    print("| rows | upload + preview | validate + commit | csv + executemany | ratio | target |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    print(
        f"| {count:,} | {upload:.2f} s | {troupe:.2f} s ({count / troupe:,.0f} rows/s)"
        f" | {base:.2f} s ({count / base:,.0f} rows/s) | {ratio:.2f}× | {verdict} |"
    )


if __name__ == "__main__":
    main()
