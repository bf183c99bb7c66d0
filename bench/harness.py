"""Benchmark Troupe's real server against a raw-SQL baseline, in the same run.

For each database and size: seed a fresh database, start `python -m app serve` and the
baseline (`bench/baseline.py` under uvicorn) on free loopback ports, and send both the
same fixed list of requests per scenario, `--concurrency` at a time, in rounds ordered
Troupe, baseline, baseline, Troupe (so a drift of the machine hits both alike). Prints
requests/s, p50/p99 latency, SQL statements per request and `throughput_ratio`, and
writes `bench/results/<timestamp>-<db>-<size>.json`.

Exits non-zero only when the harness itself breaks: an unexpected status, answers that
differ from the baseline's (other rows), a statement count that grows with the page
size or the data size, or an error in a server's log. Timing targets are reported, never
enforced.
"""

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench.common import fresh_database
from bench.load import Outcome, Request, drive
from bench.scenarios import SCENARIOS, Scenario, members_path, shape_difference
from bench.seed import seed
from bench.servers import ROOT, serving
from bench.sizes import SIZES, Size

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/troupe_bench_http"
RESULTS = ROOT / "bench" / "results"
WRITES = ("create_assignment", "ingest_10k")


@dataclass
class Options:
    concurrency: int
    workers: int
    factor: float
    rounds: int
    scenarios: list[str]
    pg_url: str
    output: Path


@dataclass
class Problems:
    found: list[str] = field(default_factory=list)

    def add(self, where: str, what: str) -> None:
        self.found.append(f"{where}: {what}")
        print(f"  PROBLEM {where}: {what}", file=sys.stderr)


def _merge(parts: list[Outcome]) -> Outcome:
    merged = Outcome(seconds=0.0, latencies=[])
    for part in parts:
        merged.seconds += part.seconds
        merged.latencies += part.latencies
        merged.statements += part.statements
        merged.failures += part.failures
        for status, count in part.statuses.items():
            merged.statuses[status] = merged.statuses.get(status, 0) + count
        merged.first = merged.first or part.first
    return merged


class Run:
    """One database and size: both servers up, every scenario driven in turn."""

    def __init__(self, options: Options, fixture: Any, ports: dict[str, int]) -> None:
        self.options = options
        self.fixture = fixture
        self.ports = ports
        self.headers = {"Authorization": f"Bearer {fixture.token}"}
        self.next_write = 0  # create targets and ingest batches are never sent twice

    def _send(self, side: str, requests: list[Request], scenario: Scenario) -> Outcome:
        return drive(
            self.ports[side],
            requests,
            headers=self.headers,
            concurrency=self.options.concurrency,
            expected=scenario.expected,
            keep_first=True,
        )

    def _requests(self, scenario: Scenario, count: int) -> list[Request]:
        """Reads: the same list for both sides. Writes: new targets for every call."""
        if scenario.name not in WRITES:
            return scenario.build(self.fixture, count, 0)
        first, self.next_write = self.next_write, self.next_write + count
        return scenario.build(self.fixture, count, first)

    def scenario(self, scenario: Scenario, count: int, problems: Problems) -> dict[str, Any]:
        warm = max(self.options.concurrency, count // 10)
        for side in ("troupe", "baseline"):
            self._send(side, self._requests(scenario, warm), scenario)
        rounds = max(1, min(self.options.rounds, count // 2))
        parts: dict[str, list[Outcome]] = {"troupe": [], "baseline": []}
        requests = {side: self._requests(scenario, count) for side in parts}
        chunks = {side: [requests[side][i::rounds] for i in range(rounds)] for side in parts}
        for i in range(rounds):
            order = ("troupe", "baseline") if i % 2 == 0 else ("baseline", "troupe")
            for side in order:
                parts[side].append(self._send(side, chunks[side][i], scenario))
        outcome = {side: _merge(found) for side, found in parts.items()}
        where = scenario.name
        for side, result in outcome.items():
            for failure in result.failures:
                problems.add(f"{where} ({side})", f"unexpected answer {failure}")
        troupe, baseline = outcome["troupe"], outcome["baseline"]
        differences: list[str] = []
        if troupe.first and baseline.first and not troupe.failures and not baseline.failures:
            body_t, body_b = troupe.first.json(), baseline.first.json()
            differences = scenario.compare(body_t, body_b)
            if where_shapes_differ := shape_difference(body_t, body_b):
                differences.append(f"different JSON shape {where_shapes_differ}")
        for difference in differences:
            problems.add(where, f"Troupe and the baseline differ: {difference}")
        ratio = troupe.requests_per_second / max(baseline.requests_per_second, 1e-9)
        return {
            "scenario": where,
            "troupe": troupe.summary(),
            "baseline": baseline.summary(),
            "throughput_ratio": round(ratio, 3),
            "target": scenario.target,
            "meets_target": None if scenario.target is None else ratio >= scenario.target,
            "same_answer": not differences,
        }

    def page_size_statements(self, problems: Problems) -> dict[str, int]:
        """Statements of one member page of 10 and of 200: they must be the same."""
        found = {}
        for limit in (10, 200):
            outcome = drive(
                self.ports["troupe"],
                [Request("GET", members_path(self.fixture, limit))],
                headers=self.headers,
                concurrency=1,
                expected=200,
            )
            found[f"limit_{limit}"] = outcome.statements[0] if outcome.statements else -1
        if len(set(found.values())) != 1:
            problems.add("list_members", f"statements grow with the page size: {found}")
        return found


def run(kind: str, size: Size, options: Options, problems: Problems) -> dict[str, Any]:
    started = time.perf_counter()
    counts = {name: size.count(name, options.factor) for name in options.scenarios}
    creates = 2 * (counts.get("create_assignment", 0) + max(options.concurrency, 100))
    with tempfile.TemporaryDirectory(prefix="troupe-bench-") as folder:
        url = fresh_database(kind, options.pg_url, Path(folder))
        print(f"{kind} {size.name}: seeding…", file=sys.stderr, flush=True)
        fixture = seed(url, size, today=date.today(), creates=creates)
        seeded = time.perf_counter() - started
        print(f"{kind} {size.name}: seeded in {seeded:.1f} s", file=sys.stderr, flush=True)
        logs = {side: Path(folder) / f"{side}.log" for side in ("troupe", "baseline")}
        with (
            logs["troupe"].open("wb") as troupe_log,
            logs["baseline"].open("wb") as baseline_log,
            serving("troupe", url, workers=options.workers, log=troupe_log) as troupe_port,
            serving("baseline", url, workers=options.workers, log=baseline_log) as baseline_port,
        ):
            bench = Run(options, fixture, {"troupe": troupe_port, "baseline": baseline_port})
            try:
                page_sizes = bench.page_size_statements(problems)
                results = []
                for name in options.scenarios:
                    print(f"{kind} {size.name}: {name}…", file=sys.stderr, flush=True)
                    results.append(bench.scenario(SCENARIOS[name], counts[name], problems))
            finally:
                for side, log in logs.items():
                    text = log.read_text(errors="replace").strip()
                    if "Traceback" in text or "rror" in text:
                        problems.add(f"{side} server", "logged:\n" + text[-3000:])
    return {
        "database": kind,
        "size": size.name,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "revision": _revision(),
        "data": {
            "members": size.members,
            "campaigns": size.campaigns,
            "scopes": size.campaigns * size.scopes_per_campaign,
            "assignments": size.assignments,
            "datapoints": size.datapoints,
            "series_month_datapoints": size.series_points,
        },
        "settings": {
            "concurrency": options.concurrency,
            "workers": options.workers,
            "rounds": options.rounds,
            "request_factor": options.factor,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": _cpus(),
        },
        "seed_seconds": round(seeded, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
        "page_size_statements": page_sizes,
        "scenarios": results,
    }


def _revision() -> str:
    """The commit measured, `+` when the working tree has changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True)
    except OSError:
        return "unknown"
    return head + ("+" if dirty.stdout.strip() else "")


def _cpus() -> int:
    return len(os.sched_getaffinity(0))


def table(report: dict[str, Any]) -> str:
    header = (
        "scenario",
        "troupe r/s",
        "p50 ms",
        "p99 ms",
        "SQL",
        "base r/s",
        "p50 ms",
        "p99 ms",
        "SQL",
        "ratio",
        "target",
    )
    rows = [header]
    for result in report["scenarios"]:
        t, b = result["troupe"], result["baseline"]
        target = result["target"]
        mark = "" if target is None else (" ok" if result["meets_target"] else " MISSED")
        rows.append(
            (
                result["scenario"],
                f"{t['requests_per_second']:.1f}",
                f"{t['p50_ms']:.1f}",
                f"{t['p99_ms']:.1f}",
                _sql(t),
                f"{b['requests_per_second']:.1f}",
                f"{b['p50_ms']:.1f}",
                f"{b['p99_ms']:.1f}",
                _sql(b),
                f"{result['throughput_ratio']:.2f}",
                ("-" if target is None else f"≥ {target}") + mark,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    title = (
        f"{report['database']} {report['size']} — seeded in {report['seed_seconds']} s,"
        f" run in {report['total_seconds']} s, concurrency {report['settings']['concurrency']},"
        f" {report['settings']['workers']} worker(s)"
    )
    lines = [
        "  ".join(
            c.rjust(w) if i else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    return "\n".join([title, *lines])


def _sql(summary: dict[str, Any]) -> str:
    sql = summary["sql_per_request"]
    if sql is None:
        return "?"
    return str(sql["max"]) if sql["min"] == sql["max"] else f"{sql['min']}–{sql['max']}"


def check_growth(reports: list[dict[str, Any]], problems: Problems) -> None:
    """Troupe's statements per request must not grow from one size to a larger one."""
    by_database: dict[str, list[dict[str, Any]]] = {}
    for report in reports:
        by_database.setdefault(report["database"], []).append(report)
    for kind, runs in by_database.items():
        runs.sort(key=lambda r: r["data"]["datapoints"])
        for smaller, larger in itertools.pairwise(runs):
            before = {r["scenario"]: r["troupe"]["sql_per_request"] for r in smaller["scenarios"]}
            for result in larger["scenarios"]:
                was, now = before.get(result["scenario"]), result["troupe"]["sql_per_request"]
                if was and now and now["max"] > was["max"]:
                    problems.add(
                        f"{kind} {result['scenario']}",
                        f"statements grow with the data: {was['max']} at {smaller['size']},"
                        f" {now['max']} at {larger['size']}",
                    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="S", help="XS, S, M or L; several: S,M (default S)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--pg-url", default=PG_URL, help="a database this run drops and creates")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight (4)")
    parser.add_argument("--workers", type=int, default=1, help="server processes, each (1)")
    parser.add_argument("--factor", type=float, default=1.0, help="scale the request counts")
    parser.add_argument("--rounds", type=int, default=2, help="measured rounds per side (2)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma-separated")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where the JSON goes")
    args = parser.parse_args(argv)
    sizes = [SIZES[name.strip().upper()] for name in args.size.split(",")]
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    options = Options(
        concurrency=args.concurrency,
        workers=args.workers,
        factor=args.factor,
        rounds=args.rounds,
        scenarios=scenarios,
        pg_url=args.pg_url,
        output=args.output,
    )
    problems = Problems()
    reports = []
    for kind in kinds:
        for size in sizes:
            report = run(kind, size, options, problems)
            reports.append(report)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            options.output.mkdir(parents=True, exist_ok=True)
            path = options.output / f"{stamp}-{kind}-{size.name}.json"
            report["problems"] = list(problems.found)
            path.write_text(json.dumps(report, indent=2) + "\n")
            print("\n" + table(report) + f"\n→ {path}\n", flush=True)
    check_growth(reports, problems)
    if problems.found:
        print(f"{len(problems.found)} problem(s); see above.", file=sys.stderr)
        return 1
    return 0
