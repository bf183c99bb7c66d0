"""Benchmark of the money lane: `deals_pipeline` over many deals and the contract reminder
scan over many contracts, in process, against plain SQL doing the same aggregation or
reading the same rows, timed in the same run; and the statements each one runs at two
sizes (they must not grow with the data).

    python bench/money.py                  # 50,000 deals, 20,000 contracts; SQLite and PostgreSQL
    python bench/money.py --size small     # 5,000 deals, 2,000 contracts
    python bench/money.py --database sqlite
    python bench/money.py --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_money
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Uuid, bindparam, event, insert, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.auth.service import create_user
from app.contracts.reminders import scan
from app.core.db import create_db_engine
from app.core.migrations import upgrade
from app.core.permissions import Actor, WorkspaceContext
from app.deals.pipeline import deals_pipeline
from app.models import Contract, Deal, DealStageChange, Member, Partner, PipelineStage
from app.models.enums import Access, Locale
from app.workspaces.schemas import WorkspaceCreate
from app.workspaces.service import create_for_user
from bench.common import fresh_database

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_money"
SIZES = {"small": (5_000, 2_000), "full": (50_000, 20_000)}
CURRENCIES = ("CNY", "CNY", "CNY", "USD", "EUR")
PIPELINE_SQL = """
SELECT d.stage_id, d.value_currency, COUNT(*), SUM(d.value_minor),
  SUM(d.value_minor * s.probability)
FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
WHERE d.workspace_id = :ws GROUP BY d.stage_id, d.value_currency
"""
SCAN_SQL = """
SELECT c.* FROM contracts c JOIN workspaces w ON w.id = c.workspace_id
WHERE c.status IN ('signed', 'active', 'expiring', 'renewed')
  AND (c.notice_deadline <= :horizon OR c.end_on < :soon)
"""


def seed(engine: Engine, deals: int, contracts: int) -> WorkspaceContext:
    rng = random.Random(13)
    now = datetime.now(UTC)
    with Session(engine) as session:
        user = create_user(
            session, email="bench@example.com", password="bench-password", display_name="Bench"
        )
        workspace = create_for_user(
            session, user=user, workspace_in=WorkspaceCreate(slug="bench", name="Bench")
        )
        member = session.scalars(select(Member).where(Member.workspace_id == workspace.id)).one()
        stages = session.scalars(
            select(PipelineStage).where(PipelineStage.workspace_id == workspace.id)
        ).all()
        ws = workspace.id
        partners = [
            {
                "id": uuid.uuid4(),
                "workspace_id": ws,
                "name": f"Partner {n}",
                "kind": "sponsor",
                "notes": "",
                "contacts": [],
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for n in range(200)
        ]
        session.execute(insert(Partner), partners)
        rows, moves = [], []
        for _ in range(deals):
            stage = rng.choice(stages)
            deal_id = uuid.uuid4()
            entered = now - timedelta(days=rng.randint(0, 120))
            rows.append(
                {
                    "id": deal_id,
                    "workspace_id": ws,
                    "title": "Deal",
                    "partner_id": rng.choice(partners)["id"],
                    "owner_member_id": member.id,
                    "stage_id": stage.id,
                    "stage_entered_at": entered,
                    "value_minor": rng.randint(1, 10_000) * 100,
                    "value_currency": rng.choice(CURRENCIES),
                    "in_kind_description": "",
                    "next_step": "",
                    "lost_reason": "",
                    "deliverables": [],
                    "notes": "",
                    "expected_close_on": (now + timedelta(days=rng.randint(0, 180))).date(),
                    "created_at": entered,
                    "updated_at": entered,
                    "version": 1,
                }
            )
            moves.append(
                {
                    "id": uuid.uuid4(),
                    "workspace_id": ws,
                    "deal_id": deal_id,
                    "from_stage_id": None,
                    "to_stage_id": stage.id,
                    "moved_at": entered,
                }
            )
        for start in range(0, deals, 5_000):
            session.execute(insert(Deal), rows[start : start + 5_000])
            session.execute(insert(DealStageChange), moves[start : start + 5_000])
        today = now.date()
        contract_rows = []
        for _ in range(contracts):
            end = today + timedelta(days=rng.randint(-30, 720))
            contract_rows.append(
                {
                    "id": uuid.uuid4(),
                    "workspace_id": ws,
                    "title": "Contract",
                    "type": "sponsorship",
                    "status": "active",
                    "renewal": "manual",
                    "notice_period": 30,
                    "notice_period_unit": "days",
                    "end_on": end,
                    "notice_deadline": end - timedelta(days=30),
                    "lead_days": 14,
                    "counterparty_signatory": "",
                    "payment_schedule": "",
                    "governing_law": "",
                    "decision_note": "",
                    "notes": "",
                    "owner_member_id": member.id,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
        for start in range(0, contracts, 5_000):
            session.execute(insert(Contract), contract_rows[start : start + 5_000])
        session.commit()
        return WorkspaceContext(
            actor=Actor(user_id=user.id, token_id=uuid.uuid4(), can_write=True, locale=Locale.en),
            workspace_id=ws,
            slug="bench",
            timezone="UTC",
            locale=Locale.en,
            member_id=member.id,
            access=Access.owner,
        )


def median_ms(action: Callable[[], Any], repeat: int) -> float:
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(
    engine: Engine, ctx: WorkspaceContext, repeat: int
) -> dict[str, tuple[float, float, int]]:
    """name → (Troupe ms, plain SQL ms, statements)."""
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    now = datetime.now(UTC)

    def pipeline() -> None:
        with Session(engine) as session:
            deals_pipeline(session, ctx=ctx)

    pipeline_sql = text(PIPELINE_SQL).bindparams(bindparam("ws", type_=Uuid()))

    def plain_pipeline() -> None:
        with engine.connect() as connection:
            connection.execute(pipeline_sql, {"ws": ctx.workspace_id}).all()

    def reminder_scan() -> None:
        with Session(engine) as session:
            scan(session, now=now)
            session.rollback()  # the same contracts are due at every repetition

    def plain_scan() -> None:
        with engine.connect() as connection:
            params = {
                "horizon": (now + timedelta(days=366)).date(),
                "soon": now.date() + timedelta(days=2),
            }
            connection.execute(text(SCAN_SQL), params).all()

    results = {}
    for name, troupe, plain in (
        ("deals_pipeline", pipeline, plain_pipeline),
        ("contracts reminder scan", reminder_scan, plain_scan),
    ):
        statements.clear()
        troupe()
        count = len(statements)
        results[name] = (median_ms(troupe, repeat), median_ms(plain, repeat), count)
    return results


def run(kind: str, size: str, pg_url: str, repeat: int) -> list[tuple[str, ...]]:
    deals, contracts = SIZES[size]
    with tempfile.TemporaryDirectory() as folder:
        url = fresh_database(kind, pg_url, Path(folder))
        upgrade(url)
        engine = create_db_engine(url)
        ctx = seed(engine, deals, contracts)
        results = measure(engine, ctx, repeat)
        engine.dispose()
    return [
        (kind, size, name, f"{troupe:.1f}", f"{plain:.1f}", f"{troupe / plain:.2f}", str(count))
        for name, (troupe, plain, count) in results.items()
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
        ("db", "size", "operation", "Troupe ms", "plain SQL ms", "ratio", "statements")
    ]
    for kind in kinds:
        for size in dict.fromkeys(("small", args.size)):
            rows += run(kind, size, args.pg_url, args.repeat)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
