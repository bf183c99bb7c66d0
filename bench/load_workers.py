"""Does `troupe serve --workers 2` scale? The same requests against 1 and 2 workers.

    python -m bench.load_workers --size S --pg-url postgresql+psycopg://…/troupe_bench_workers

Seeds a fresh PostgreSQL database (as `python -m bench` does; the database of --pg-url is
dropped and created), starts `troupe serve --workers 1` and `--workers 2` side by side on
the same database, and drives each scenario against both in alternating rounds (1, 2,
2, 1, …) so that a drift of a shared machine hits both alike. Prints requests per second
of each and the ratio (2 workers / 1 worker) and writes bench/results/<time>-workers.json.

The load generator (bench/load.py: one asyncio process) shares the machine's cores with
the servers, so on 2 cores the ceiling of the ratio is below 2.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from subprocess import STDOUT
from typing import Any

from bench.common import fresh_database
from bench.load import Outcome, Request, drive
from bench.scenarios import SCENARIOS
from bench.seed import Fixture, seed
from bench.servers import ROOT, command, environment, free_port
from bench.sizes import SIZES

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_SCENARIOS = ("get_campaign", "list_members", "create_assignment")
WRITES = {"create_assignment"}
STARTED = "Application startup complete."


class Sides:
    """Both servers on one fixture; write scenarios get new targets on every call."""

    def __init__(self, fixture: Fixture, ports: dict[int, int], concurrency: int) -> None:
        self.fixture = fixture
        self.ports = ports
        self.concurrency = concurrency
        self.headers = {"Authorization": f"Bearer {fixture.token}"}
        self.next_write = 0

    def requests(self, name: str, count: int) -> list[Request]:
        first = 0
        if name in WRITES:
            first, self.next_write = self.next_write, self.next_write + count
        return SCENARIOS[name].build(self.fixture, count, first)

    def send(self, workers: int, name: str, count: int) -> Outcome:
        outcome = drive(
            self.ports[workers],
            self.requests(name, count),
            headers=self.headers,
            concurrency=self.concurrency,
            expected=SCENARIOS[name].expected,
        )
        if outcome.failures:
            raise RuntimeError(f"{name} on {workers} worker(s): {outcome.failures}")
        return outcome

    def compare(self, name: str, count: int, rounds: int) -> dict[str, Any]:
        for workers in self.ports:
            self.send(workers, name, max(self.concurrency, count // 10))  # warm-up
        measured: dict[int, list[Outcome]] = {workers: [] for workers in self.ports}
        for index in range(rounds):
            order = sorted(self.ports) if index % 2 == 0 else sorted(self.ports, reverse=True)
            for workers in order:
                measured[workers].append(self.send(workers, name, max(1, count // rounds)))
        rates = {w: _rate(outcomes) for w, outcomes in measured.items()}
        return {
            "scenario": name,
            "requests_per_second": {str(w): round(rate, 1) for w, rate in rates.items()},
            "p50_ms": {str(w): _p50(outcomes) for w, outcomes in measured.items()},
            "ratio": round(rates[2] / max(rates[1], 1e-9), 3),
        }


@contextmanager
def started(url: str, *, workers: int, path: Path) -> Iterator[int]:
    """`troupe serve --workers N` (as bench/servers.py starts it) until every worker has
    started its app: the shared socket accepts connections as soon as the supervisor binds
    it, long before the workers can answer."""
    port = free_port()
    env = {**environment(url), "TROUPE_LOG_LEVEL": "info", "TROUPE_REQUEST_LOG": "false"}
    with path.open("wb") as log:
        process = subprocess.Popen(
            command("troupe", port, workers), cwd=ROOT, env=env, stdout=log, stderr=STDOUT
        )
    try:
        deadline = time.monotonic() + 300
        while path.read_text(errors="replace").count(STARTED) < workers:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{workers} worker(s) did not start: {path.read_text()}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _rate(outcomes: list[Outcome]) -> float:
    return sum(len(o.latencies) for o in outcomes) / sum(o.seconds for o in outcomes)


def _p50(outcomes: list[Outcome]) -> float:
    merged = Outcome(seconds=0, latencies=[t for o in outcomes for t in o.latencies])
    return round(merged.percentile_ms(50), 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="S", choices=sorted(SIZES))
    parser.add_argument("--pg-url", required=True, help="its database is dropped and created")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight (8)")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds (4)")
    parser.add_argument("--factor", type=float, default=1.0, help="scales the request counts")
    parser.add_argument("--scenarios", default=",".join(DEFAULT_SCENARIOS))
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    names = [n for n in args.scenarios.split(",") if n]
    counts = {name: size.count(name, args.factor) for name in names}
    creates = 4 * (counts.get("create_assignment", 0) + 100)
    with tempfile.TemporaryDirectory(prefix="troupe-bench-workers-") as folder:
        url = fresh_database("postgresql", args.pg_url, Path(folder))
        print(f"seeding {size.name}…", file=sys.stderr, flush=True)
        fixture = seed(url, size, today=date.today(), creates=creates)
        logs = {w: Path(folder) / f"troupe-{w}.log" for w in (1, 2)}
        with (
            started(url, workers=1, path=logs[1]) as one,
            started(url, workers=2, path=logs[2]) as two,
        ):
            sides = Sides(fixture, {1: one, 2: two}, args.concurrency)
            results = []
            for name in names:
                print(f"{name}…", file=sys.stderr, flush=True)
                results.append(sides.compare(name, counts[name], args.rounds))
    report = {
        "size": size.name,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "concurrency": args.concurrency,
        "rounds": args.rounds,
        "scenarios": results,
    }
    print(table(report))
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"{stamp}-workers-{size.name}.json").write_text(json.dumps(report, indent=2))
    return 0


def table(report: dict[str, Any]) -> str:
    lines = [
        f"PostgreSQL, size {report['size']}, {report['concurrency']} in flight",
        "| scenario | 1 worker r/s | 2 workers r/s | ratio | p50 1w ms | p50 2w ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in report["scenarios"]:
        rps, p50 = row["requests_per_second"], row["p50_ms"]
        lines.append(
            f"| {row['scenario']} | {rps['1']} | {rps['2']} | {row['ratio']} "
            f"| {p50['1']} | {p50['2']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
