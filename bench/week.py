"""Benchmark of running the week, in process, against plain SQL doing the same reads and
writes, timed in the same run:

- materialise: a quarter's occurrences of N weekly work plans (`create_all` catch-up, the
  job's `materialise_due` until it creates nothing), in occurrences per second; then a
  second run with the plans' bookkeeping reset, which must create nothing (the unique
  (plan, occurrence) constraint decides). The baseline expands the same RRULEs with
  dateutil and inserts the same rows with `INSERT … ON CONFLICT DO NOTHING` (executemany);
  it writes no activity rows, Troupe writes one per task.
- my week: `tasks_list` of a member's open tasks due within 7 days (every page of 200),
  for a member with 50 and one with 500 open tasks: statements per page must not grow.
- overdue scan: every page of `tasks_list?overdue=true` over a workspace of 100,000 tasks.

    python bench/week.py                   # 10,000 plans, 100,000 tasks; SQLite and PostgreSQL
    python bench/week.py --size small      # 500 plans, 10,000 tasks
    python bench/week.py --database sqlite
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from functools import partial
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from sqlalchemy import Engine, Table, delete, event, insert, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.auth.service import create_user
from app.core.clock import SettableClock, use_clock
from app.core.db import create_db_engine
from app.core.migrations import upgrade
from app.core.permissions import Actor, WorkspaceContext
from app.core.recurrence import attach
from app.models import Campaign, Member, Task, WorkPlan
from app.models.enums import OPEN_TASK_STATUSES, Access, Locale, TaskStatus
from app.tasks.service import list_tasks
from app.work_plans.occurrences import due_plans, horizon, materialise_due
from app.workspaces.schemas import WorkspaceCreate
from app.workspaces.service import create_for_user
from bench.common import fresh_database, new_id

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_week"
SIZES = {"tiny": (20, 700), "small": (500, 10_000), "full": (10_000, 100_000)}
ZONE = "Asia/Shanghai"
QUARTER = (date(2027, 1, 4), date(2027, 4, 5))  # 13 Mondays
NOW = attach(datetime.combine(date(2027, 2, 15), clock_time(9)), ZONE)
RRULES = ("FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=FR", "FREQ=WEEKLY;BYDAY=WE")
T = cast(Table, Task.__table__)
P = cast(Table, WorkPlan.__table__)
C = cast(Table, Campaign.__table__)
OWNER = Member.__table__.alias("o")
# The columns tasks_list returns, read with Core (no ORM, no service) — the baseline's SQL.
PAGE = (
    select(
        *(
            T.c[name]
            for name in (
                "id",
                "title",
                "description",
                "description_html",
                "campaign_id",
                "scope_id",
                "owner_member_id",
                "role_id",
                "due_at",
                "status",
                "blocked_reason",
                "priority",
                "checklist",
                "estimate_hours",
                "metric_ids",
                "completed_at",
                "completed_by_member_id",
                "plan_id",
                "occurrence_at",
                "created_at",
                "updated_at",
                "version",
            )
        ),
        C.c.name.label("campaign_name"),
        OWNER.c.display_name.label("owner_name"),
    )
    .select_from(
        T.outerjoin(C, C.c.id == T.c.campaign_id).outerjoin(
            OWNER, OWNER.c.id == T.c.owner_member_id
        )
    )
    .order_by(T.c.created_at, T.c.id)
    .limit(200)
)


def _insert_ignoring(engine: Engine) -> Any:
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    # the same rows per multi-row VALUES as Troupe's (psycopg parses long ones slowly)
    return (
        dialect.insert(T)
        .on_conflict_do_nothing(index_elements=["plan_id", "occurrence_at"])
        .execution_options(insertmanyvalues_page_size=50)
    )


def seed(engine: Engine, plans: int, tasks: int) -> tuple[WorkspaceContext, dict[str, Any]]:
    rng = random.Random(10)
    with Session(engine) as session:
        user = create_user(
            session, email="bench@example.com", password="bench-password", display_name="Bench"
        )
        workspace = create_for_user(
            session,
            user=user,
            workspace_in=WorkspaceCreate(slug="bench", name="Bench", timezone=ZONE),
        )
        ws = workspace.id
        me = session.scalars(select(Member).where(Member.workspace_id == ws)).one()
        people = [
            {"id": new_id(rng), "workspace_id": ws, "display_name": f"M{n}"} for n in range(40)
        ]
        session.execute(insert(Member), people)
        few, many = people[0]["id"], people[1]["id"]
        campaigns = [
            {"id": new_id(rng), "workspace_id": ws, "name": f"C{n}", "kind": "content"}
            for n in range(20)
        ]
        session.execute(insert(Campaign), campaigns)
        plan_rows = [
            {
                "id": new_id(rng),
                "workspace_id": ws,
                "campaign_id": rng.choice(campaigns)["id"],
                "title": f"Plan {n}",
                "owner_member_id": rng.choice(people[2:])["id"],
                "rrule": rng.choice(RRULES),
                "start_on": QUARTER[0],
                "due_time": clock_time(18),
                "catch_up": "create_all",
                "appear_at": attach(datetime.combine(QUARTER[0], clock_time(0)), ZONE),
            }
            for n in range(plans)
        ]
        for start in range(0, plans, 5_000):
            session.execute(insert(WorkPlan), plan_rows[start : start + 5_000])
        task_rows = []
        for n in range(tasks):
            owner = many if n < 500 else few if n < 550 else rng.choice(people[2:])["id"]
            due = NOW + timedelta(hours=rng.randint(-24 * 30, 24 * 6))
            task_rows.append(
                {
                    "id": new_id(rng),
                    "workspace_id": ws,
                    "campaign_id": rng.choice(campaigns)["id"],
                    "title": f"Task {n}",
                    "owner_member_id": owner,
                    "due_at": due,
                    "status": rng.choice((*OPEN_TASK_STATUSES, TaskStatus.done))
                    if n >= 550
                    else TaskStatus.todo,
                    "created_at": NOW - timedelta(days=40, seconds=n),
                    "blocked_reason": "Waiting for the sponsor",
                }
            )
        for start in range(0, tasks, 5_000):
            session.execute(insert(Task), task_rows[start : start + 5_000])
        session.commit()
        ctx = WorkspaceContext(
            actor=Actor(user_id=user.id, token_id=uuid.uuid4(), can_write=True, locale=Locale.en),
            workspace_id=ws,
            slug="bench",
            timezone=ZONE,
            locale=Locale.en,
            member_id=me.id,
            access=Access.owner,
        )
        return ctx, {"few": few, "many": many}


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def median_ms(action: Callable[[], Any], repeat: int) -> float:
    action()
    return statistics.median(timed(action)[0] for _ in range(repeat))


def materialise_rows(engine: Engine, ctx: WorkspaceContext) -> tuple[float, int, float, int, int]:
    """(Troupe ms, created, plain ms, plain created, second run created)."""
    end = attach(datetime.combine(QUARTER[1], clock_time(0)), ZONE)

    def plain() -> int:
        with engine.begin() as connection:
            plans = connection.execute(
                select(
                    P.c.id,
                    P.c.campaign_id,
                    P.c.owner_member_id,
                    P.c.rrule,
                    P.c.start_on,
                    P.c.due_time,
                    P.c.title,
                ).where(
                    P.c.workspace_id == ctx.workspace_id,
                    P.c.enabled.is_(True),
                    P.c.appear_at <= end,
                )
            ).all()
            rows = []
            # the same window as the job's: occurrences due before tomorrow's local midnight
            until = horizon(end, lead_days=0, timezone=ZONE).astimezone(ZoneInfo(ZONE))
            until = until.replace(tzinfo=None)
            for plan in plans:
                start = datetime.combine(plan.start_on, plan.due_time)
                rule = rrulestr(plan.rrule, dtstart=start)
                for local in rule.between(start, until, inc=True):
                    if local >= until:
                        continue
                    due = attach(local, ZONE)
                    rows.append(
                        {
                            "id": uuid.uuid4(),
                            "workspace_id": ctx.workspace_id,
                            "campaign_id": plan.campaign_id,
                            "title": plan.title,
                            "description": "",
                            "description_html": "",
                            "owner_member_id": plan.owner_member_id,
                            "due_at": due,
                            "status": TaskStatus.todo,
                            "checklist": [],
                            "metric_ids": [],
                            "plan_id": plan.id,
                            "occurrence_at": due,
                            "own_fields": [],
                            "created_at": end,
                            "updated_at": end,
                            "version": 1,
                        }
                    )
            connection.execute(_insert_ignoring(engine), rows)
            return len(rows)

    def troupe() -> int:
        # until no plan is due (not until a pass creates nothing: the second run creates
        # nothing from its first pass, and stopping there left plans due for "my week")
        created = 0
        with Session(engine) as session, use_clock(SettableClock(end)):
            while due_plans(session, now=end, workspace_id=ctx.workspace_id, limit=1):
                created += materialise_due(session, now=end)
                session.commit()
            return created

    def reset(remove: bool) -> None:
        with engine.begin() as connection:
            if remove:
                connection.execute(delete(T).where(T.c.plan_id.is_not(None)))
            connection.execute(
                update(WorkPlan).values(
                    appear_at=attach(datetime.combine(QUARTER[0], clock_time(0)), ZONE),
                    last_occurrence_at=None,
                    rotation_next=0,
                )
            )

    plain_ms, plain_created = timed(plain)
    reset(remove=True)
    troupe_ms, created = timed(troupe)
    reset(remove=False)
    again = troupe()
    return troupe_ms, created, plain_ms, plain_created, again


def pages(
    engine: Engine, ctx: WorkspaceContext, recorder: list[str] | None = None, **filters: Any
) -> tuple[int, list[int]]:
    """Every page of a task list: (rows, statements run for each page)."""
    rows, per_page = 0, []
    cursor = None
    with Session(engine) as session, use_clock(SettableClock(NOW)):
        while True:
            before = len(recorder) if recorder is not None else 0
            page = list_tasks(session, ctx=ctx, limit=200, cursor=cursor, **filters)
            per_page.append((len(recorder) - before) if recorder is not None else 0)
            rows, cursor = rows + len(page.items), page.next_cursor
            if cursor is None:
                session.rollback()
                return rows, per_page


def plain_pages(engine: Engine, ctx: WorkspaceContext, *where: Any) -> int:
    rows = 0
    query = PAGE.where(T.c.workspace_id == ctx.workspace_id, *where)
    after: tuple[Any, Any] | None = None
    with engine.connect() as connection:
        while True:
            keyset = () if after is None else (tuple_(T.c.created_at, T.c.id) > after,)
            page = connection.execute(query.where(*keyset)).all()
            rows += len(page)
            if len(page) < 200:
                return rows
            after = (page[-1].created_at, page[-1].id)


def measure(
    engine: Engine, ctx: WorkspaceContext, owners: dict[str, Any], repeat: int
) -> list[tuple[str, float, float, str]]:
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    results = []
    troupe_ms, created, plain_ms, plain_created, again = materialise_rows(engine, ctx)
    assert created == plain_created, (created, plain_created)
    assert again == 0, f"the second run created {again}"
    results.append(
        (
            f"materialise {created:,} occurrences",
            troupe_ms,
            plain_ms,
            f"{created / troupe_ms * 1000:,.0f}/s vs {plain_created / plain_ms * 1000:,.0f}/s;"
            f" second run {again}",
        )
    )
    week: dict[str, Any] = {
        "statuses": list(OPEN_TASK_STATUSES),
        "due_before": NOW + timedelta(days=7),
    }
    still_open = T.c.status.in_(OPEN_TASK_STATUSES)
    first_page = {}
    for label in ("few", "many"):
        found, counts = pages(engine, ctx, statements, owner_member_id=owners[label], **week)
        first_page[label] = counts[0]
        where = (
            T.c.owner_member_id == owners[label],
            still_open,
            T.c.due_at < NOW + timedelta(days=7),
        )
        assert plain_pages(engine, ctx, *where) == found
        results.append(
            (
                f"my week, {found} open tasks ({len(counts)} pages)",
                median_ms(
                    partial(pages, engine, ctx, owner_member_id=owners[label], **week), repeat
                ),
                median_ms(partial(plain_pages, engine, ctx, *where), repeat),
                f"statements per page {'/'.join(map(str, counts))}",
            )
        )
    assert first_page["few"] == first_page["many"], first_page
    late = (still_open, T.c.due_at < NOW)
    found, counts = pages(engine, ctx, statements, overdue=True)
    assert plain_pages(engine, ctx, *late) == found
    results.append(
        (
            f"overdue scan, {found:,} of the tasks ({len(counts)} pages)",
            median_ms(lambda: pages(engine, ctx, overdue=True), max(1, repeat // 2)),
            median_ms(lambda: plain_pages(engine, ctx, *late), max(1, repeat // 2)),
            f"statements per page {min(counts)}–{max(counts)}",
        )
    )
    return results


def run(kind: str, size: str, pg_url: str, repeat: int) -> list[tuple[str, ...]]:
    plans, tasks = SIZES[size]
    with tempfile.TemporaryDirectory() as folder:
        url = fresh_database(kind, pg_url, Path(folder))
        upgrade(url)
        engine = create_db_engine(url)
        ctx, owners = seed(engine, plans, tasks)
        results = measure(engine, ctx, owners, repeat)
        engine.dispose()
    return [
        (kind, size, name, f"{troupe:,.1f}", f"{plain:,.1f}", f"{troupe / plain:.2f}", note)
        for name, troupe, plain, note in results
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    rows: list[tuple[str, ...]] = [
        ("db", "size", "operation", "Troupe ms", "plain SQL ms", "ratio", "notes")
    ]
    for kind in kinds:
        rows += run(kind, args.size, args.pg_url, args.repeat)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
