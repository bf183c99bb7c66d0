"""Webhook dispatcher: deliveries per second to a local receiver, against a plain loop.

    python -m bench.webhook_dispatch --messages 500 [--db postgresql --pg-url …]

1. Throughput: `--messages` activities are committed with an endpoint listening to them
   (one delivery row and one outbox job each); the job loop's pass (`run_due_jobs`)
   delivers them, signed, through the SSRF guard, to a receiver on loopback. The
   baseline signs the same bodies with `standardwebhooks` and POSTs them in a loop with
   httpx (no database, no guard). Ratio = baseline / Troupe time.
2. Outage: the receiver answers 503 while it is "down"; a pass fails every message
   (each is retried 5 s later, on the delivery schedule); the receiver comes back, the
   clock moves on, and a second pass must deliver every message exactly once more.
Writes bench/results/<time>-webhooks.json.
"""

import argparse
import json
import os
import ssl
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import delete, func, select

os.environ["TROUPE_WEBHOOK_ALLOW_PRIVATE"] = "true"

from app.activity import service as activity
from app.auth.service import create_user
from app.core.clock import SettableClock
from app.core.db import create_db_engine, create_session_factory
from app.core.migrations import upgrade
from app.jobs.runner import run_due_jobs
from app.models import DeliveryState, WebhookDelivery, WebhookEndpoint
from app.webhooks import delivery, fanout
from app.webhooks.sending import new_secret, signature
from app.workspaces.schemas import WorkspaceCreate
from app.workspaces.service import create_for_user
from bench.common import fresh_database

TLS = ssl.create_default_context()
RESULTS = Path(__file__).resolve().parent / "results"
KINDS = [fanout.KIND]
assert delivery.KIND == fanout.KIND  # the sender is registered


class Receiver:
    def __init__(self) -> None:
        self.down = False
        self.ids: Counter[str] = Counter()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = 503 if receiver.down else 200
                if status == 200:
                    receiver.ids[self.headers.get("webhook-id", "")] += 1
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"


def setup(url: str, receiver: Receiver) -> tuple[uuid.UUID, Any]:
    upgrade(url)
    engine = create_db_engine(url)
    factory = create_session_factory(engine)
    with factory() as session:
        owner = create_user(session, email="o@bench.test", password="bench-pass", display_name="O")
        workspace = create_for_user(
            session, user=owner, workspace_in=WorkspaceCreate(slug="hooks", name="Hooks")
        )
        session.add(
            WebhookEndpoint(
                workspace_id=workspace.id,
                url=receiver.url,
                event_types=["campaign.*"],
                headers={},
                secret=new_secret(),
                enabled=True,
                disabled_reason="",
            )
        )
        session.commit()
        return workspace.id, factory


def write(factory: Any, workspace_id: uuid.UUID, count: int) -> None:
    origin = activity.Origin(workspace_id=workspace_id)
    with factory() as session:
        for _ in range(count):
            activity.record(session, ctx=origin, verb="campaign.updated", subject_id=uuid.uuid4())
            session.commit()


def bodies(factory: Any) -> list[dict[str, Any]]:
    with factory() as session:
        return [row.payload for row in session.scalars(select(WebhookDelivery)).all()]


def baseline(receiver: Receiver, payloads: list[dict[str, Any]]) -> float:
    secret = new_secret()
    started = time.perf_counter()
    for index, payload in enumerate(payloads):
        body = json.dumps(payload, separators=(",", ":"))
        at = datetime.now(UTC)
        headers = {
            "Content-Type": "application/json",
            "webhook-id": f"msg_base_{index}",
            "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": signature([secret], message_id="x", at=at, body=body),
        }
        with httpx.Client(timeout=15, verify=TLS) as client:
            assert client.post(receiver.url, content=body, headers=headers).status_code == 200
    return time.perf_counter() - started


def counts(factory: Any) -> dict[str, int]:
    with factory() as session:
        rows = session.execute(
            select(WebhookDelivery.state, func.count()).group_by(WebhookDelivery.state)
        ).all()
    return {DeliveryState(state).value: total for state, total in rows}


def run(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-webhooks-"))
    url = fresh_database(args.db, args.pg_url, folder)
    receiver = Receiver()
    workspace_id, factory = setup(url, receiver)

    write(factory, workspace_id, args.messages)
    started = time.perf_counter()
    report = run_due_jobs(factory, kinds=KINDS)
    troupe_seconds = time.perf_counter() - started
    assert len(report.done) == args.messages, report
    baseline_seconds = baseline(receiver, bodies(factory))

    receiver.ids.clear()
    receiver.down = True
    with factory() as session:
        session.execute(delete(WebhookDelivery))
        session.commit()
    write(factory, workspace_id, args.messages)
    clock = SettableClock(datetime.now(UTC) + timedelta(seconds=1))
    down = run_due_jobs(factory, clock=clock, kinds=KINDS)
    receiver.down = False
    clock.advance(timedelta(seconds=10))
    back = run_due_jobs(factory, clock=clock, kinds=KINDS)
    return {
        "when": datetime.now(UTC).isoformat(),
        "db": args.db,
        "messages": args.messages,
        "troupe_per_second": round(args.messages / troupe_seconds, 1),
        "baseline_per_second": round(args.messages / baseline_seconds, 1),
        "ratio": round(baseline_seconds / troupe_seconds, 2),
        "outage": {
            "retried_while_down": len(down.retried),
            "delivered_when_back": len(back.done),
            "received_once_each": sum(1 for n in receiver.ids.values() if n == 1),
            "received_twice_or_more": sum(1 for n in receiver.ids.values() if n > 1),
            "states": counts(factory),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_hooks"
    )
    args = parser.parse_args()
    result = run(args)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}-webhooks-{args.db}.json").write_text(json.dumps(result, indent=2))
    print(f"Webhook dispatcher, {args.messages} messages, {args.db}")
    print(f"  Troupe (outbox, signed, guarded): {result['troupe_per_second']} deliveries/s")
    print(f"  baseline (sign + POST loop):      {result['baseline_per_second']} deliveries/s")
    print(f"  ratio (baseline time / Troupe):   {result['ratio']}")
    print(f"  outage: {result['outage']}")


if __name__ == "__main__":
    main()
