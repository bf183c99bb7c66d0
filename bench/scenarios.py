"""The seven scenarios: the requests each sends, its target, and how the two answers are
compared (the baseline must read the same rows: the same ids, the same sums)."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.load import Request
from bench.seed import CHANNELS, INGEST_METRIC, Fixture

BATCH = 10_000


@dataclass(frozen=True)
class Scenario:
    name: str
    expected: int  # the status every answer must have
    target: float | None  # throughput_ratio to reach (None: reported only)
    build: Callable[[Fixture, int, int], list[Request]]  # (fixture, count, first) → requests
    compare: Callable[[Any, Any], list[str]]  # (Troupe's answer, baseline's) → differences


def _base(fixture: Fixture) -> str:
    return f"/api/v1/workspaces/{fixture.slug}"


def members_path(fixture: Fixture, limit: int) -> str:
    return f"{_base(fixture)}/members?skill_id={fixture.filter_skill_id}&min_level=2&limit={limit}"


def _list_members(fixture: Fixture, count: int, _first: int) -> list[Request]:
    return [Request("GET", members_path(fixture, 200))] * count


def _list_assignments(fixture: Fixture, count: int, _first: int) -> list[Request]:
    return [Request("GET", f"{_base(fixture)}/assignments?limit=100")] * count


def _get_campaign(fixture: Fixture, count: int, first: int) -> list[Request]:
    ids = fixture.campaign_ids
    return [
        Request("GET", f"{_base(fixture)}/campaigns/{ids[(first + i) % len(ids)]}")
        for i in range(count)
    ]


def _series(fixture: Fixture, count: int, _first: int) -> list[Request]:
    path = (
        f"{_base(fixture)}/metrics/{fixture.series_metric_id}/series?granularity=day"
        f"&from={fixture.series_from.isoformat()}&to={fixture.series_to.isoformat()}"
    )
    return [Request("GET", path)] * count


def _health(fixture: Fixture, count: int, _first: int) -> list[Request]:
    return [Request("GET", f"{_base(fixture)}/health")] * count


def _create_assignment(fixture: Fixture, count: int, first: int) -> list[Request]:
    """Each a new (member, scope) pair in a role no seeded assignment has: never a twin."""
    targets = fixture.create_targets[first : first + count]
    if len(targets) < count:
        raise ValueError("not enough distinct create targets were seeded")
    return [
        Request(
            "POST",
            f"{_base(fixture)}/assignments",
            json.dumps(
                {
                    "member_id": member,
                    "role_id": fixture.create_role_id,
                    "campaign_id": campaign,
                    "scope_id": scope,
                    "raci": "informed",
                    "allocation_percent": 0,
                    "note": "bench",
                }
            ).encode(),
        )
        for member, campaign, scope in targets
    ]


def _ingest(fixture: Fixture, count: int, first: int) -> list[Request]:
    """Batches of 10,000 points of another metric than the series', a year back."""
    start = datetime(fixture.series_from.year - 1, 1, 1, tzinfo=UTC)
    campaigns = fixture.campaign_ids[:10]
    requests = []
    for n in range(first, first + count):
        items = []
        for i in range(BATCH):
            serial = n * BATCH + i
            item: dict[str, Any] = {
                "metric": INGEST_METRIC,
                "value": serial % 997,
                "observed_at": (start + timedelta(seconds=serial * 7)).isoformat(),
                "channel": CHANNELS[i % len(CHANNELS)],
            }
            if i % 5 == 0:
                item["campaign_id"] = campaigns[i % len(campaigns)]
            items.append(item)
        body = json.dumps({"items": items}, separators=(",", ":")).encode()
        requests.append(Request("POST", f"{_base(fixture)}/datapoints", body))
    return requests


def _ids(items: list[dict[str, Any]]) -> list[Any]:
    return [item.get("id") for item in items]


def _compare_members(troupe: Any, baseline: Any) -> list[str]:
    diffs = []
    if _ids(troupe["items"]) != _ids(baseline["items"]):
        diffs.append("different members or order")
    skills = [[s["skill_id"] for s in m["skills"]] for m in troupe["items"]]
    if skills != [[s["skill_id"] for s in m["skills"]] for m in baseline["items"]]:
        diffs.append("different skills")
    if (troupe["next_cursor"] is None) != (baseline["next_cursor"] is None):
        diffs.append("one has a next page, the other not")
    return diffs


def _compare_assignments(troupe: Any, baseline: Any) -> list[str]:
    diffs = []
    if _ids(troupe["items"]) != _ids(baseline["items"]):
        diffs.append("different assignments or order")
    names = ("member_name", "role_name", "campaign_name", "scope_name")
    if [[a[n] for n in names] for a in troupe["items"]] != [
        [a[n] for n in names] for a in baseline["items"]
    ]:
        diffs.append("different names")
    return diffs


def _compare_campaign(troupe: Any, baseline: Any) -> list[str]:
    diffs = [
        key
        for key in ("id", "name", "status", "starts_on", "ends_on", "lead_member_name")
        if troupe[key] != baseline[key]
    ]
    diffs += [
        key
        for key, field in (
            ("scopes", "id"),
            ("scopes", "role_ids"),
            ("required_roles", "role_id"),
            ("goals", "metric_id"),
        )
        if [x[field] for x in troupe[key]] != [x[field] for x in baseline[key]]
    ]
    return diffs


def _compare_series(troupe: Any, baseline: Any) -> list[str]:
    def values(body: Any) -> list[float | None]:
        return [None if p["value"] is None else round(p["value"], 6) for p in body["points"]]

    diffs = []
    if [p["start"] for p in troupe["points"]] != [p["start"] for p in baseline["points"]]:
        diffs.append("different buckets")
    if values(troupe) != values(baseline):
        diffs.append("different values")
    if all(v is None for v in values(troupe)):
        diffs.append("no data in the measured month")
    return diffs


def _shape_only(troupe: Any, baseline: Any) -> list[str]:
    """Nothing beyond the JSON shape, which the harness checks for every scenario."""
    return []


def _compare_created(troupe: Any, baseline: Any) -> list[str]:
    return [] if troupe == baseline == {"created": BATCH} else [f"{troupe} vs {baseline}"]


def shape(value: Any) -> Any:
    """The keys and kinds of a JSON value (a list by its first item: empty fits any)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return "value"


def shape_difference(troupe: Any, baseline: Any) -> str | None:
    """Where two JSON answers differ in shape (keys only one side has), or None."""

    def first(a: Any, b: Any, at: str) -> str | None:
        if isinstance(a, dict) and isinstance(b, dict):
            if a.keys() != b.keys():
                only_t, only_b = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
                return f"at {at}: only Troupe has {only_t}, only the baseline has {only_b}"
            return next((d for k in a if (d := first(a[k], b[k], f"{at}.{k}"))), None)
        if isinstance(a, list) and isinstance(b, list):
            return first(a[0], b[0], f"{at}[0]") if a and b else None
        return None if a == b else f"at {at}: {a!r} vs {b!r}"

    return first(shape(troupe), shape(baseline), "$")


SCENARIOS = {
    s.name: s
    for s in (
        Scenario("list_members", 200, 0.7, _list_members, _compare_members),
        Scenario("list_assignments", 200, 0.7, _list_assignments, _compare_assignments),
        Scenario("get_campaign", 200, 0.6, _get_campaign, _compare_campaign),
        Scenario("series_month", 200, 0.8, _series, _compare_series),
        Scenario("workspace_health", 200, None, _health, _shape_only),
        Scenario("create_assignment", 201, 0.4, _create_assignment, _shape_only),
        Scenario("ingest_10k", 201, 0.8, _ingest, _compare_created),
    )
}
