"""A small HTTP/1.1 load generator: a fixed list of requests, a fixed concurrency.

Each of `concurrency` workers keeps one keep-alive connection and takes the next
request from the list until all are sent, so every run sends exactly the same
requests. The requests are encoded before the clock starts; a response is read by its
`Content-Length` (or chunked encoding) and only parsed when asked. Written on raw
asyncio streams because a full client (httpx) costs more CPU per request than the
servers measured here, on the same two cores.
"""

import asyncio
import json
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from bench.instrumented import HEADER as SQL_HEADER


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes = b""

    def encode(self, host: str, headers: dict[str, str]) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if self.body:
            lines += ["Content-Type: application/json", f"Content-Length: {len(self.body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


@dataclass
class Response:
    status: int
    headers: dict[bytes, bytes]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Outcome:
    """What one batch of requests gave: timings, statuses, statement counts, bodies."""

    seconds: float
    latencies: list[float]
    statuses: dict[int, int] = field(default_factory=dict)
    statements: list[int] = field(default_factory=list)
    first: Response | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
        return ordered[index] * 1000

    def summary(self) -> dict[str, Any]:
        return {
            "requests": len(self.latencies),
            "seconds": round(self.seconds, 3),
            "requests_per_second": round(self.requests_per_second, 1),
            "p50_ms": round(self.percentile_ms(50), 2),
            "p99_ms": round(self.percentile_ms(99), 2),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 2) if self.latencies else 0.0,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "sql_per_request": _statements(self.statements),
        }


def _statements(counts: list[int]) -> dict[str, float] | None:
    if not counts:
        return None
    return {"min": min(counts), "max": max(counts), "mean": round(statistics.fmean(counts), 2)}


async def _read_response(reader: asyncio.StreamReader) -> Response:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head[:-4].split(b"\r\n")
    status = int(status_line.split(b" ", 2)[1])
    headers: dict[bytes, bytes] = {}
    for line in header_lines:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    if b"content-length" in headers:
        body = await reader.readexactly(int(headers[b"content-length"]))
    elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n"))[:-2].split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            chunks.append(chunk[:-2])
        body = b"".join(chunks)
    else:
        body = b""
    return Response(status, headers, body)


async def _run(
    port: int, payloads: list[bytes], concurrency: int, expected: int, keep_first: bool
) -> Outcome:
    latencies: list[float] = [0.0] * len(payloads)
    outcome = Outcome(seconds=0.0, latencies=latencies)
    next_index = 0

    async def worker() -> None:
        nonlocal next_index
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while next_index < len(payloads):
                index = next_index
                next_index += 1
                started = time.perf_counter()
                try:
                    writer.write(payloads[index])
                    response = await _read_response(reader)
                except (ConnectionError, asyncio.IncompleteReadError) as exc:
                    # Counted as status 0; the next request gets a new connection.
                    response = Response(0, {b"connection": b"close"}, repr(exc).encode())
                latencies[index] = time.perf_counter() - started
                outcome.statuses[response.status] = outcome.statuses.get(response.status, 0) + 1
                if SQL_HEADER in response.headers:
                    outcome.statements.append(int(response.headers[SQL_HEADER]))
                if response.status != expected and len(outcome.failures) < 3:
                    outcome.failures.append(f"{response.status}: {response.body[:300]!r}")
                if keep_first and index == 0:
                    outcome.first = response
                if response.headers.get(b"connection", b"").lower() == b"close":
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(concurrency, len(payloads)))))
    outcome.seconds = time.perf_counter() - started
    return outcome


def drive(
    port: int,
    requests: list[Request],
    *,
    headers: dict[str, str],
    concurrency: int,
    expected: int,
    keep_first: bool = False,
) -> Outcome:
    """Send every request once (`concurrency` at a time) and measure."""
    host = f"127.0.0.1:{port}"
    payloads = [request.encode(host, headers) for request in requests]
    return asyncio.run(_run(port, payloads, concurrency, expected, keep_first))
