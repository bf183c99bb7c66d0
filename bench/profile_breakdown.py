"""Where a request's time goes, by layer, from a profile of `bench.inprocess --dump`.

Each function's own time (not counting what it calls) is put in one layer by the file
it is in (built-ins by their name); the time of a function of no layer (a built-in such
as `dict.get`, the standard library) goes to the layers of its callers, in proportion,
up to a few calls up. The benchmark's client (httpx, `bench/`) is left out, so the
percentages are of the server's side of a request:

    .venv/bin/python -m bench.inprocess --scenario get_campaign --profile --dump /tmp/p
    .venv/bin/python -m bench.profile_breakdown /tmp/p
"""

import argparse
import pstats
from collections import defaultdict
from typing import Any

CLIENT = "benchmark client"
# The first layer whose marker is in a function's file (or a built-in's name) gets it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (CLIENT, ("/httpx/", "/bench/", "/h11/", "/sniffio/", "importlib")),
    ("driver (sqlite3, psycopg)", ("sqlite3", "psycopg")),
    ("SQLAlchemy", ("/sqlalchemy/",)),
    ("dependency solving", ("/fastapi/dependencies/", "/fastapi/params", "dependencies.py")),
    (
        "middleware",
        (
            "/app/core/middleware/",
            "/app/core/clock.py",
            "/starlette/middleware/",
            "/fastapi/middleware/",
            "/fastapi/_body_limit",
            "/fastapi/telemetry/",
            "/opentelemetry/",
            "/starlette/_exception_handler",
            "/app/monitoring",
        ),
    ),
    (
        "routing",
        (
            "/starlette/routing",
            "/fastapi/routing",
            "/starlette/applications",
            "/fastapi/applications",
        ),
    ),
    (
        "reply models + JSON",
        ("pydantic", "/fastapi/encoders", "/starlette/responses", "/fastapi/_compat", "json"),
    ),
    ("our code (app/)", ("/app/",)),
)
OTHER = "other (asyncio, contextvars, uuid, datetime, …)"


def layer_of(filename: str, name: str) -> str:
    where = filename if filename != "~" else name
    for layer, markers in LAYERS:
        if any(marker in where for marker in markers):
            return layer
    return OTHER


Key = tuple[str, int, str]
Entry = tuple[Any, Any, float, float, dict[Key, tuple[Any, Any, float, float]]]


def breakdown(path: str) -> dict[str, float]:
    entries: dict[Key, Entry] = pstats.Stats(path).stats  # type: ignore[attr-defined]
    seconds: defaultdict[str, float] = defaultdict(float)

    def share(key: Key, spent: float, depth: int) -> None:
        layer = layer_of(key[0], key[2])
        callers = entries[key][4] if key in entries else {}
        called = sum(timing[2] for timing in callers.values())
        if layer != OTHER or depth == 0 or not called:
            seconds[layer] += spent
            return
        for caller, timing in callers.items():
            share(caller, spent * timing[2] / called, depth - 1)

    for key, entry in entries.items():
        share(key, entry[2], depth=4)  # own time
    return dict(seconds)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profile", help="a file written by bench.inprocess --dump")
    options = parser.parse_args(argv)
    seconds = breakdown(options.profile)
    server = {layer: s for layer, s in seconds.items() if layer != CLIENT}
    total = sum(server.values())
    for layer, spent in sorted(server.items(), key=lambda item: -item[1]):
        print(f"{spent / total * 100:5.1f} %  {layer}")
    print(f"(server {total:.2f} s; the client's {seconds.get(CLIENT, 0.0):.2f} s left out)")


if __name__ == "__main__":
    main()
