"""SSE fan-out on PostgreSQL: Troupe's event stream against a minimal LISTEN/NOTIFY server.

    python -m bench.live_fanout --clients 500 --events 200 \
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_live

Drops and creates the database, migrates it, makes a workspace with `clients / 5`
viewers (five streams each, the per-user cap), then starts `troupe serve --workers 2`
and the baseline (bench/live_baseline.py under uvicorn, 2 workers) side by side. The
same number of clients subscribe to each; one writer commits `--events` activities
through the app's own `record()` (each commit sends its NOTIFY), `--rate` per second. For
each side: the delay from the writer's commit to each client's receipt (p50, p99), the
events delivered, the servers' memory per connected client (RSS growth of the
server processes while the clients connected, divided by the clients) and their CPU
time per message delivered (user + system time of each server's processes from the
first write until 3 s after the last, divided by clients x events). Writes
bench/results/<time>-live.json.

The clients (raw asyncio, HTTP/1.0 so the stream is not chunked) run in this process and
share the machine's cores with both servers; they read whole chunks and find the event
ids with one regular expression, so their cost follows the bytes received rather than
the number of lines in each side's format.
"""

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.auth.service import issue_token
from app.core.migrations import upgrade
from app.live import publish
from app.models import Member, User
from app.models.enums import Access, TokenKind, TokenScope
from app.workspaces.schemas import WorkspaceCreate
from app.workspaces.service import create_for_user
from bench.common import fresh_database
from bench.servers import ROOT, environment, free_port

assert publish.CHANNEL  # this process's commits NOTIFY, as the server's do
RESULTS = Path(__file__).resolve().parent / "results"
SLUG = "bench-live"
STREAMS_PER_USER = 5


def seed(url: str, clients: int) -> tuple[uuid.UUID, list[str]]:
    """The workspace and one token per stream (five streams per viewer)."""
    upgrade(url)
    engine = create_engine(url)
    tokens: list[str] = []
    with Session(engine) as session:
        owner = User(email="owner@bench.test", password_hash="-", display_name="Owner")
        session.add(owner)
        session.flush()
        workspace = create_for_user(
            session, user=owner, workspace_in=WorkspaceCreate(slug=SLUG, name="Live bench")
        )
        for index in range(-(-clients // STREAMS_PER_USER)):
            user = User(email=f"viewer{index}@bench.test", password_hash="-", display_name="V")
            session.add(user)
            session.flush()
            session.add(
                Member(
                    workspace_id=workspace.id,
                    user_id=user.id,
                    display_name=f"Viewer {index}",
                    access=Access.viewer,
                )
            )
            _token, secret = issue_token(
                session,
                user=user,
                kind=TokenKind.personal,
                name="bench",
                scopes=[TokenScope.read],
                expires_at=None,
            )
            tokens.extend([secret] * STREAMS_PER_USER)
        session.commit()
        workspace_id = workspace.id
    engine.dispose()
    return workspace_id, tokens[:clients]


def start(kind: str, url: str, port: int, log: Any) -> subprocess.Popen[bytes]:
    if kind == "troupe":
        command = [sys.executable, "-m", "app", "serve", "--no-migrate", "--port", str(port)]
        command += ["--host", "127.0.0.1", "--workers", "2"]
    else:
        command = [sys.executable, "-m", "uvicorn", "bench.live_baseline:create_app"]
        command += ["--factory", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
        command += ["--log-level", "warning", "--no-access-log"]
    env = {**environment(url), "TROUPE_RUN_JOBS": "false", "TROUPE_LOG_LEVEL": "info"}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def family(root_pid: int) -> list[int]:
    """A process and its children (the server and its workers)."""
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(root_pid)], capture_output=True, text=True
    ).stdout.split()
    return [root_pid, *(int(pid) for pid in children)]


def cpu_seconds(root_pid: int) -> float:
    """User + system CPU time of a process and its children so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in family(root_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def rss_kib(root_pid: int) -> int:
    """Resident memory of a process and its children (KiB)."""
    total = 0
    for pid in family(root_pid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total


EVENT_ID = re.compile(rb"^id: ?([^\r\n]*)\r?$", re.MULTILINE)


async def subscribe(
    port: int, path: str, token: str, received: dict[str, list[float]], ready: asyncio.Event
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.0\r\nAuthorization: Bearer {token}\r\n"
    writer.write((request + "Accept: text/event-stream\r\n\r\n").encode())
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        raise RuntimeError(f"subscribing answered {status!r}")
    while await reader.readline() not in (b"\r\n", b"\n", b""):
        pass
    # Whole chunks, scanned in C: the client's cost follows the bytes, not the number of
    # lines of each side's message format (the clients share the cores with the servers).
    tail = b""
    try:
        while chunk := await reader.read(65536):
            at = time.time()
            text, _, tail = (tail + chunk).rpartition(b"\n")
            if not ready.is_set() and (text.startswith(b":") or b"\n:" in text):
                ready.set()
            for match in EVENT_ID.finditer(text):
                received.setdefault(match.group(1).decode(), []).append(at)
    finally:
        writer.close()


def write_events(url: str, workspace_id: uuid.UUID, count: int, rate: float) -> dict[str, float]:
    """Commit `count` activities, one per transaction; when each commit returned."""
    engine = create_engine(url)
    committed: dict[str, float] = {}
    origin = activity.Origin(workspace_id=workspace_id)
    with Session(engine) as session:
        for _ in range(count):
            entry = activity.record(
                session, ctx=origin, verb="campaign.updated", subject_id=uuid.uuid4()
            )
            session.commit()
            assert entry is not None
            committed[str(entry.id)] = time.time()
            time.sleep(1 / rate)
    engine.dispose()
    return committed


def summary(
    committed: dict[str, float], received: dict[str, list[float]], clients: int
) -> dict[str, Any]:
    delays = [
        (at - committed[event_id]) * 1000
        for event_id, ats in received.items()
        if event_id in committed
        for at in ats
    ]
    delays.sort()
    return {
        "delivered": len(delays),
        "expected": len(committed) * clients,
        "p50_ms": round(statistics.median(delays), 1) if delays else None,
        "p99_ms": round(delays[int(len(delays) * 0.99) - 1], 1) if delays else None,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-live-"))
    url = fresh_database("postgresql", args.pg_url, folder)
    workspace_id, tokens = seed(url, args.clients)
    ports = {"troupe": free_port(), "baseline": free_port()}
    paths = {"troupe": f"/api/v1/workspaces/{SLUG}/events", "baseline": "/events"}
    logs = {kind: (folder / f"{kind}.log").open("wb") for kind in ports}
    servers = {kind: start(kind, url, ports[kind], logs[kind]) for kind in ports}
    try:
        for kind, port in ports.items():
            await _wait_until_listening(port, servers[kind])
        before = {kind: rss_kib(process.pid) for kind, process in servers.items()}
        received: dict[str, dict[str, list[float]]] = {kind: {} for kind in ports}
        readies: list[asyncio.Event] = []
        tasks = []
        for kind in ports:
            for token in tokens:
                ready = asyncio.Event()
                readies.append(ready)
                tasks.append(
                    asyncio.create_task(
                        subscribe(ports[kind], paths[kind], token, received[kind], ready)
                    )
                )
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), timeout=300)
        await asyncio.sleep(1)
        after = {kind: rss_kib(process.pid) for kind, process in servers.items()}
        cpu_before = {kind: cpu_seconds(process.pid) for kind, process in servers.items()}
        committed = await asyncio.to_thread(write_events, url, workspace_id, args.events, args.rate)
        await asyncio.sleep(3)
        cpu = {kind: cpu_seconds(p.pid) - cpu_before[kind] for kind, p in servers.items()}
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        sides = {
            kind: {
                **summary(committed, received[kind], args.clients),
                "kib_per_client": round((after[kind] - before[kind]) / args.clients, 1),
                "cpu_us_per_message": round(cpu[kind] / (args.clients * args.events) * 1e6, 1),
            }
            for kind in ports
        }
    finally:
        for process in servers.values():
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    troupe, baseline = sides["troupe"], sides["baseline"]
    return {
        "when": datetime.now(UTC).isoformat(),
        "clients": args.clients,
        "events": args.events,
        "rate": args.rate,
        "troupe": troupe,
        "baseline": baseline,
        "ratio_p50": _ratio(troupe["p50_ms"], baseline["p50_ms"]),
        "ratio_p99": _ratio(troupe["p99_ms"], baseline["p99_ms"]),
        "ratio_memory": _ratio(troupe["kib_per_client"], baseline["kib_per_client"]),
        "ratio_cpu": _ratio(troupe["cpu_us_per_message"], baseline["cpu_us_per_message"]),
    }


def _ratio(ours: float | None, theirs: float | None) -> float | None:
    if not ours or not theirs:
        return None
    return round(ours / theirs, 2)


async def _wait_until_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(1200):
        if process.poll() is not None:
            raise RuntimeError("a server exited; see its log")
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            await asyncio.sleep(2)  # both workers
            return
        except OSError:
            await asyncio.sleep(0.25)
    raise RuntimeError(f"nothing listens on {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0, help="events per second")
    parser.add_argument(
        "--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_live"
    )
    args = parser.parse_args()
    result = asyncio.run(run(args))
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}-live.json").write_text(json.dumps(result, indent=2))
    print(f"SSE fan-out: {args.clients} clients per side x {args.events} events, 2 processes")
    heads = ("p50 ms", "p99 ms", "KiB/client", "CPU us/msg", "delivered")
    print(f"{'':10} {heads[0]:>8} {heads[1]:>8} {heads[2]:>11} {heads[3]:>11} {heads[4]:>14}")
    for kind in ("troupe", "baseline"):
        side = result[kind]
        delivered = f"{side['delivered']}/{side['expected']}"
        print(
            f"{kind:10} {side['p50_ms']!s:>8} {side['p99_ms']!s:>8} "
            f"{side['kib_per_client']!s:>11} {side['cpu_us_per_message']!s:>11} {delivered:>14}"
        )
    print(
        f"{'ratio':10} {result['ratio_p50']!s:>8} {result['ratio_p99']!s:>8} "
        f"{result['ratio_memory']!s:>11} {result['ratio_cpu']!s:>11}"
    )


if __name__ == "__main__":
    main()
