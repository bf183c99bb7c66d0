"""The data sizes the harness seeds, and how many requests each scenario sends."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Size:
    name: str
    members: int
    campaigns: int
    scopes_per_campaign: int
    assignments: int
    datapoints: int
    series_points: int  # datapoints of the measured metric inside the measured month
    requests: dict[str, int] = field(default_factory=dict)  # per scenario, after warm-up

    def count(self, scenario: str, factor: float) -> int:
        return max(2, round(self.requests[scenario] * factor))


SIZES = {
    # XS only checks, next to S, that statements per request do not grow with the data.
    "XS": Size(
        name="XS",
        members=200,
        campaigns=10,
        scopes_per_campaign=5,
        assignments=500,
        datapoints=5_000,
        series_points=2_000,
        requests={
            "list_members": 100,
            "list_assignments": 100,
            "get_campaign": 200,
            "series_month": 50,
            "workspace_health": 20,
            "create_assignment": 100,
            "ingest_10k": 5,
        },
    ),
    "S": Size(
        name="S",
        members=1_000,
        campaigns=50,
        scopes_per_campaign=10,
        assignments=5_000,
        datapoints=50_000,
        series_points=20_000,
        requests={
            "list_members": 300,
            "list_assignments": 300,
            "get_campaign": 600,
            "series_month": 100,
            "workspace_health": 40,
            "create_assignment": 300,
            "ingest_10k": 10,
        },
    ),
    "M": Size(
        name="M",
        members=3_000,
        campaigns=300,
        scopes_per_campaign=10,
        assignments=30_000,
        datapoints=1_500_000,
        series_points=1_000_000,
        requests={
            "list_members": 500,
            "list_assignments": 500,
            "get_campaign": 1000,
            "series_month": 20,
            "workspace_health": 20,
            "create_assignment": 500,
            "ingest_10k": 20,
        },
    ),
    "L": Size(
        name="L",
        members=10_000,
        campaigns=1_000,
        scopes_per_campaign=10,
        assignments=100_000,
        datapoints=5_000_000,
        series_points=1_000_000,
        requests={
            "list_members": 500,
            "list_assignments": 500,
            "get_campaign": 1000,
            "series_month": 20,
            "workspace_health": 10,
            "create_assignment": 500,
            "ingest_10k": 20,
        },
    ),
}
