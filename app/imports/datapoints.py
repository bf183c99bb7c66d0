"""Datapoint rows: resolve metric, campaign and member by name, convert, check, and
write in one go (the datapoints' own batch insert and rollups)."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, select, update
from sqlalchemy.orm import Session

from app.core import clock
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.imports import cells, lookup
from app.imports.fields import OnDuplicate
from app.imports.rows import Records, RowError
from app.metrics import rollups
from app.metrics.datapoints import FUTURE_SLACK, _insert
from app.models import Campaign, Datapoint, Member, Metric
from app.models.base import utcnow

CHUNK = 10_000  # created ids per undo record
Identity = tuple[uuid.UUID, datetime, str | None, uuid.UUID | None, uuid.UUID | None]


@dataclass
class _Metric:
    id: uuid.UUID
    key: str
    is_ratio: bool
    min_value: float | None
    max_value: float | None


@dataclass
class Plan:
    create: list[tuple[Any, ...]] = field(default_factory=list)  # (metric, at, ch, camp, mem, v)
    update: list[tuple[uuid.UUID, float, float, Identity]] = field(default_factory=list)
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


def _lookup(session: Session, ctx: WorkspaceContext) -> tuple[Any, Any, Any]:
    metrics: dict[str, _Metric] = {}
    seeded: list[tuple[str, _Metric]] = []
    for row in session.execute(
        select(
            Metric.id,
            Metric.key,
            Metric.name,
            Metric.aggregation,
            Metric.min_value,
            Metric.max_value,
        ).where(Metric.workspace_id == ctx.workspace_id)
    ):
        facts = _Metric(row.id, row.key, row.aggregation is None, row.min_value, row.max_value)
        metrics.setdefault(row.name.lower(), facts)
        metrics[row.key.lower()] = facts
        seeded.append((row.key, facts))
    for key, facts in seeded:  # after the workspace's own names and keys, which come first
        for name in lookup.other_names("metrics", key):
            metrics.setdefault(name.lower(), facts)
    campaigns: dict[str, uuid.UUID | None] = {}
    for campaign in session.execute(
        select(Campaign.id, Campaign.name).where(Campaign.workspace_id == ctx.workspace_id)
    ):
        name = campaign.name.lower()
        campaigns[name] = None if name in campaigns else campaign.id  # None: two share the name
        campaigns[str(campaign.id)] = campaign.id
    members: dict[str, uuid.UUID | None] = {}
    for member in session.execute(
        select(Member.id, Member.display_name, Member.email).where(
            Member.workspace_id == ctx.workspace_id
        )
    ):
        name = member.display_name.lower()
        members[name] = None if name in members else member.id
        if member.email:
            members[member.email.lower()] = member.id
    return metrics, campaigns, members


def plan(
    session: Session, *, ctx: WorkspaceContext, records: Records, on_duplicate: OnDuplicate
) -> Plan:
    metrics, campaigns, members = _lookup(session, ctx)
    tz = ZoneInfo(ctx.timezone)
    latest = clock.now() + FUTURE_SLACK
    result = Plan(errors=list(records.errors))
    bad = records.bad_rows()
    flagged = records.flagged()
    column = records.mapping.get
    candidates: list[tuple[int, Identity, float]] = []

    decimal_comma = records.decimal_comma
    to_number, to_instant = cells.number, cells.instant
    for record, number in zip(records.rows, records.numbers, strict=True):
        # The fast path: a plain row with nothing wrong (any doubt takes the full checks).
        if number not in bad:
            try:
                quick = metrics[record["metric"].lower()]
                at = to_instant(record["observed_at"], tz)
                amount = to_number(record["value"], decimal_comma=decimal_comma)
            except (KeyError, ValueError):
                quick = None
            channel = record.get("channel") or None
            if (
                quick is not None
                and not quick.is_ratio
                and at <= latest
                and (quick.min_value is None or amount >= quick.min_value)
                and (quick.max_value is None or amount <= quick.max_value)
                and (channel is None or len(channel) <= 64)
                and not record.get("campaign")
                and not record.get("member")
            ):
                candidates.append((number, (quick.id, at, channel, None, None), amount))
                continue
        errors: list[RowError] = []

        def error(name: str, code: str, message: str, /, **params: Any) -> None:
            if (number, name) not in flagged:  # noqa: B023
                errors.append(RowError(number, column(name), name, code, message, params))  # noqa: B023

        metric = None
        metric_text = record.get("metric", "")
        if not metric_text:
            error("metric", "missing", N_("A metric is required."))
        else:
            metric = metrics.get(metric_text.lower())
            if metric is None:
                error(
                    "metric", "unknown_metric", N_("No metric is called {name}."), name=metric_text
                )
            elif metric.is_ratio:
                error(
                    "metric",
                    "ratio_metric",
                    N_("A ratio metric is computed: import its two parts instead."),
                )
        observed_at = None
        when = record.get("observed_at", "")
        if not when:
            error("observed_at", "missing", N_("A date is required."))
        else:
            try:
                observed_at = cells.instant(when, tz)
            except ValueError:
                error("observed_at", "date", N_("{text} is not a date."), text=when)
        if observed_at is not None and observed_at > latest:
            error("observed_at", "in_future", N_("This is more than a day in the future."))
        value = None
        text = record.get("value", "")
        if not text:
            error("value", "missing", N_("A value is required."))
        else:
            try:
                value = cells.number(text, decimal_comma=records.decimal_comma)
            except ValueError:
                error("value", "number", N_("{text} is not a number."), text=text)
        if value is not None and metric is not None:
            if metric.min_value is not None and value < metric.min_value:
                error(
                    "value",
                    "below_minimum",
                    N_("Must be at least {limit}."),
                    limit=f"{metric.min_value:g}",
                )
            if metric.max_value is not None and value > metric.max_value:
                error(
                    "value",
                    "above_maximum",
                    N_("Must be at most {limit}."),
                    limit=f"{metric.max_value:g}",
                )
        channel = record.get("channel") or None
        if channel is not None and len(channel) > 64:
            error("channel", "too_long", N_("At most {limit} characters."), limit=64)
        campaign_id = _resolve(record.get("campaign", ""), campaigns, "campaign", error)
        member_id = _resolve(record.get("member", ""), members, "member", error)
        if errors or number in bad:
            result.errors += errors
            continue
        assert metric is not None
        assert observed_at is not None
        assert value is not None
        identity: Identity = (metric.id, observed_at, channel, campaign_id, member_id)
        candidates.append((number, identity, value))

    _against_existing(session, ctx, candidates, on_duplicate, result)
    return result


def _resolve(
    text: str, known: dict[str, uuid.UUID | None], name: str, error: Any
) -> uuid.UUID | None:
    if not text:
        return None
    key = text.lower()
    if key not in known:
        if name == "campaign":
            error(name, "unknown_campaign", N_("No campaign is called {name}."), name=text)
        else:
            error(name, "unknown_member", N_("No member is called {name}."), name=text)
        return None
    found = known[key]
    if found is None:
        error(name, "ambiguous", N_("Several have the name {name}; use a unique one."), name=text)
    return found


def _against_existing(
    session: Session,
    ctx: WorkspaceContext,
    candidates: list[tuple[int, Identity, float]],
    on_duplicate: OnDuplicate,
    result: Plan,
) -> None:
    """Rows that repeat an earlier row or a stored datapoint: skip, update or refuse."""
    existing: dict[Identity, tuple[uuid.UUID, float]] = {}
    if candidates:
        metric_ids = {c[1][0] for c in candidates}
        start = min(c[1][1] for c in candidates)
        end = max(c[1][1] for c in candidates)
        for row in session.execute(
            select(
                Datapoint.id,
                Datapoint.metric_id,
                Datapoint.observed_at,
                Datapoint.channel,
                Datapoint.campaign_id,
                Datapoint.member_id,
                Datapoint.value,
            ).where(
                Datapoint.workspace_id == ctx.workspace_id,
                Datapoint.metric_id.in_(metric_ids),
                and_(Datapoint.observed_at >= start, Datapoint.observed_at <= end),
            )
        ):
            identity = (row.metric_id, row.observed_at, row.channel, row.campaign_id, row.member_id)
            existing[identity] = (row.id, row.value)
    first_row: dict[Identity, int] = {}
    remember = first_row.setdefault  # one hash of the identity per row, not three
    lookup = existing.get if existing else (lambda _: None)
    for number, identity, value in candidates:
        first = remember(identity, number)
        if first != number:
            result.errors.append(
                RowError(
                    number,
                    None,
                    None,
                    "repeated_row",
                    N_(
                        "This row repeats row {row} "
                        "(same metric, time, channel, campaign and member)."
                    ),
                    {"row": first},
                )
            )
            continue
        stored = lookup(identity)
        if stored is None:
            result.create.append((*identity, value))
        elif on_duplicate is OnDuplicate.skip or stored[1] == value:
            result.skipped += 1
        elif on_duplicate is OnDuplicate.update:
            result.update.append((stored[0], stored[1], value, identity))
        else:
            result.errors.append(
                RowError(
                    number,
                    None,
                    None,
                    "duplicate",
                    N_("A datapoint for this metric and time is stored already (value {value:g})."),
                    {"value": stored[1]},
                )
            )


def commit(
    session: Session, *, ctx: WorkspaceContext, planned: Plan
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Write the plan; the changes to remember for undo, and the counts."""
    now = utcnow()
    created = [(uuid.uuid4(), *row) for row in planned.create]
    if created:
        _insert(
            session,
            [
                (i, ctx.workspace_id, m, v, at, camp, mem, ch, now)
                for i, m, at, ch, camp, mem, v in created
            ],
        )
        rollups.add_points(
            session.connection(),
            workspace_id=ctx.workspace_id,
            timezone=ctx.timezone,
            points=[(m, at, ch, camp, v) for _, m, at, ch, camp, mem, v in created],
        )
    ids = [row[0].hex for row in created]
    changes: list[dict[str, Any]] = [
        {"entity": "datapoints", "entity_id": uuid.uuid4(), "created_ids": ids[i : i + CHUNK]}
        for i in range(0, len(ids), CHUNK)
    ]
    if planned.update:
        session.execute(
            update(Datapoint),
            [{"id": point_id, "value": new} for point_id, _, new, _ in planned.update],
        )
        tz = ZoneInfo(ctx.timezone)
        rollups.recompute(
            session.connection(),
            workspace_id=ctx.workspace_id,
            timezone=ctx.timezone,
            keys={rollups.key_of(i[0], i[1], i[2], i[3], tz) for _, _, _, i in planned.update},
        )
        changes += [
            {"entity": "datapoint", "entity_id": point_id, "before": {"value": old}}
            for point_id, old, _, _ in planned.update
        ]
    counts = {"created": len(created), "updated": len(planned.update), "skipped": planned.skipped}
    return changes, counts


def revert(session: Session, *, ctx: WorkspaceContext, changes: list[Any]) -> None:
    """Delete the datapoints the import created, restore the values it changed, and
    recompute the rollups of every day and channel touched."""
    changes = [c for c in changes if c.entity.startswith("datapoint")]
    if not changes:
        return
    tz = ZoneInfo(ctx.timezone)
    keys: set[rollups.Key] = set()
    created = [uuid.UUID(i) for c in changes if c.created_ids for i in c.created_ids]
    for start in range(0, len(created), 500):
        ids = created[start : start + 500]

        for point in session.execute(
            delete(Datapoint)
            .where(Datapoint.workspace_id == ctx.workspace_id, Datapoint.id.in_(ids))
            .returning(
                Datapoint.metric_id, Datapoint.observed_at, Datapoint.channel, Datapoint.campaign_id
            )
        ):
            keys.add(rollups.key_of(point[0], point[1], point[2], point[3], tz))
    for change in (c for c in changes if c.entity == "datapoint" and c.before is not None):
        updated = session.execute(
            update(Datapoint)
            .where(Datapoint.workspace_id == ctx.workspace_id, Datapoint.id == change.entity_id)
            .values(value=change.before["value"])
            .returning(
                Datapoint.metric_id, Datapoint.observed_at, Datapoint.channel, Datapoint.campaign_id
            )
        ).first()
        if updated is not None:
            keys.add(rollups.key_of(updated[0], updated[1], updated[2], updated[3], tz))
    rollups.recompute(
        session.connection(), workspace_id=ctx.workspace_id, timezone=ctx.timezone, keys=keys
    )
