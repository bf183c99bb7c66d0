"""Upgrading turns each campaign's goals into one goal whose key results are those
targets (from 0, by the campaign's dates), and gives percentages and counts their bounds;
downgrading removes goals and bounds again."""

import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa

from app.core.db import create_db_engine
from app.core.migrations import downgrade, upgrade
from app.models.base import UTCDateTime
from tests.test_migrations import scratch_url  # noqa: F401 (a fixture)

BEFORE = "2026_11_30_sharing"
AFTER = "2026_11_30_goals"
T0 = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)


def stamps() -> tuple[sa.ColumnClause[datetime], sa.ColumnClause[datetime]]:
    return sa.column("created_at", UTCDateTime()), sa.column("updated_at", UTCDateTime())


WORKSPACES = sa.table(
    "workspaces",
    sa.column("id", sa.Uuid()),
    *(sa.column(name) for name in ("slug", "name", "locale", "timezone", "version")),
    *stamps(),
)
METRICS = sa.table(
    "metrics",
    sa.column("id", sa.Uuid()),
    sa.column("workspace_id", sa.Uuid()),
    *(
        sa.column(name)
        for name in ("key", "name", "description", "unit", "category", "aggregation")
    ),
    *(sa.column(name) for name in ("direction", "version", "min_value", "max_value")),
    *stamps(),
)
CAMPAIGNS = sa.table(
    "campaigns",
    sa.column("id", sa.Uuid()),
    sa.column("workspace_id", sa.Uuid()),
    *(sa.column(name) for name in ("name", "kind", "status", "version")),
    sa.column("starts_on", sa.Date()),
    sa.column("ends_on", sa.Date()),
    sa.column("audience", sa.JSON()),
    *stamps(),
)
CAMPAIGN_GOALS = sa.table(
    "campaign_goals",
    sa.column("id", sa.Uuid()),
    sa.column("campaign_id", sa.Uuid()),
    sa.column("metric_id", sa.Uuid()),
    sa.column("position"),
    sa.column("target"),
    sa.column("due_on", sa.Date()),
)
GOALS = sa.table(
    "goals",
    sa.column("id", sa.Uuid()),
    sa.column("campaign_id", sa.Uuid()),
    sa.column("title"),
    sa.column("starts_on", sa.Date()),
    sa.column("due_on", sa.Date()),
    sa.column("state"),
)
KEY_RESULTS = sa.table(
    "key_results",
    sa.column("goal_id", sa.Uuid()),
    sa.column("metric_id", sa.Uuid()),
    sa.column("start_value"),
    sa.column("target_value"),
    sa.column("position"),
)


def test_campaign_goals_become_key_results_and_metrics_get_bounds(
    scratch_url: str,  # noqa: F811
) -> None:
    upgrade(scratch_url, BEFORE)
    engine = create_db_engine(scratch_url)
    workspace, campaign = uuid.uuid4(), uuid.uuid4()
    followers, retention = uuid.uuid4(), uuid.uuid4()
    try:
        with engine.begin() as connection:
            connection.execute(
                WORKSPACES.insert().values(
                    id=workspace,
                    slug="old",
                    name="Old",
                    locale="en",
                    timezone="UTC",
                    version=1,
                    created_at=T0,
                    updated_at=T0,
                )
            )
            for metric_id, key, unit in (
                (followers, "followers", "count"),
                (retention, "retention", "%"),
            ):
                connection.execute(
                    METRICS.insert().values(
                        id=metric_id,
                        workspace_id=workspace,
                        key=key,
                        name=key,
                        description="",
                        unit=unit,
                        category="audience",
                        aggregation="last",
                        direction="higher_is_better",
                        version=1,
                        created_at=T0,
                        updated_at=T0,
                    )
                )
            connection.execute(
                CAMPAIGNS.insert().values(
                    id=campaign,
                    workspace_id=workspace,
                    name="Spring launch",
                    kind="content",
                    status="active",
                    version=1,
                    starts_on=date(2026, 10, 1),
                    ends_on=date(2026, 12, 31),
                    audience={},
                    created_at=T0,
                    updated_at=T0,
                )
            )
            connection.execute(
                CAMPAIGN_GOALS.insert(),
                [
                    {
                        "id": uuid.uuid4(),
                        "campaign_id": campaign,
                        "metric_id": followers,
                        "position": 0,
                        "target": 5000.0,
                        "due_on": date(2026, 11, 30),
                    },
                    {
                        "id": uuid.uuid4(),
                        "campaign_id": campaign,
                        "metric_id": retention,
                        "position": 1,
                        "target": 40.0,
                        "due_on": None,
                    },
                ],
            )

        upgrade(scratch_url, AFTER)
        with engine.connect() as connection:
            goals = connection.execute(sa.select(GOALS)).all()
            key_results = connection.execute(
                sa.select(KEY_RESULTS).order_by(KEY_RESULTS.c.position)
            ).all()
            bounds = {
                row.key: (row.min_value, row.max_value)
                for row in connection.execute(
                    sa.select(METRICS.c.key, METRICS.c.min_value, METRICS.c.max_value)
                )
            }

        assert [(g.campaign_id, g.title, g.starts_on, g.due_on, g.state) for g in goals] == [
            (campaign, "Spring launch", date(2026, 10, 1), date(2026, 12, 31), "active")
        ]
        assert [(k.goal_id, k.metric_id, k.start_value, k.target_value) for k in key_results] == [
            (goals[0].id, followers, 0, 5000),
            (goals[0].id, retention, 0, 40),
        ]
        assert bounds == {"followers": (0, None), "retention": (0, 100)}

        downgrade(scratch_url, BEFORE)
        with engine.connect() as connection:
            assert "goals" not in sa.inspect(connection).get_table_names()
    finally:
        engine.dispose()
