"""The health check of one campaign, or of the whole workspace."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ScalarSelect, select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.dates import today_in
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.division import data, own, paging, settings, versions
from app.division.loads import Id, Reader, WeekGrid, counted, load_rows, week_grid, week_span
from app.division.periods import Period, resolve_period
from app.division.rules import (
    Rules,
    idle_members,
    over_allocated,
    standing_conflicts,
)
from app.division.schemas import (
    CampaignHealth,
    FindingData,
    Judged,
    WorkspaceHealth,
    ordered,
    summarize,
)
from app.goals.findings import goal_findings
from app.models import Assignment, Member
from app.models.enums import MemberStatus
from app.reports.health import week_findings

CAMPAIGN_NOT_FOUND = N_("Campaign not found.")


@dataclass(frozen=True)
class Narrowing:
    """Which of a workspace's findings to return: one campaign's, filtered, a page."""

    campaign_id: uuid.UUID | None = None
    filter: paging.FindingFilter = field(default_factory=paging.FindingFilter)
    limit: int = paging.DEFAULT_LIMIT
    cursor: str | None = None


LOAD_WEEKS = 12  # without a period asked, load is judged over the heatmap's default weeks


def load_period(judged: Period, *, asked: bool, ends_on: date | None = None) -> Period:
    """The days whose ISO weeks `over_allocated` is judged in: the period judged; without a
    period asked, the 12 weeks from it (what the workload heatmap shows), up to `ends_on`."""
    if asked:
        return judged
    last = judged.start + timedelta(weeks=LOAD_WEEKS - 1)
    if ends_on is not None:
        last = max(judged.end, min(last, ends_on))
    return Period(judged.start, last)


def _rules(
    reader: Reader,
    *,
    ctx: WorkspaceContext,
    on: date | None,
    start: date | None,
    end: date | None,
    campaign_id: uuid.UUID | None = None,
    shared: int,
) -> Rules:
    period = resolve_period(on=on, start=start, end=end, today=today_in(ctx.timezone))
    return Rules(
        locale=ctx.actor.locale,
        period=period,
        settings=settings.thresholds(reader.session, ctx=ctx),
        catalog=own.catalog(reader, ctx=ctx, campaign_id=campaign_id, shared=shared),
    )


def _key(
    session: Session, ctx: WorkspaceContext, *question: object, shared: int | None = None
) -> tuple[object, ...]:
    """What a cached check is valid for: the workspace's version (or, for campaigns' own
    findings, its `shared` one), the hour, the language.

    The hour, not the day: findings that follow the clock (a report overdue at its due
    time) turn on within the hour even when nothing is written."""
    version = versions.current(session, ctx.workspace_id) if shared is None else shared
    hour = clock.now().replace(minute=0, second=0, microsecond=0)
    return (ctx.workspace_id, version, today_in(ctx.timezone), hour, ctx.actor.locale, *question)


def campaign_health(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    on: date | None,
    start: date | None,
    end: date | None,
) -> CampaignHealth:
    """One campaign's findings; cached until the workspace's next write."""
    key = _key(session, ctx, "campaign", campaign_id, on, start, end)
    return versions.checks.get_or_compute(
        key,
        lambda: _campaign_health(
            session, ctx=ctx, campaign_id=campaign_id, on=on, start=start, end=end
        ),
    )


def _campaign_health(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    on: date | None,
    start: date | None,
    end: date | None,
) -> CampaignHealth:
    reader = Reader(session)
    found = own.versions_of(reader, ctx=ctx, campaign_id=campaign_id)
    if found is None:
        raise NotFound(CAMPAIGN_NOT_FOUND)
    version, shared = found
    rules = _rules(
        reader, ctx=ctx, on=on, start=start, end=end, campaign_id=campaign_id, shared=shared
    )

    def judge(_stale: list[Id]) -> dict[Id, own.Own]:
        campaigns = data.load_campaigns(
            reader, ctx=ctx, campaign_id=campaign_id, period=rules.period
        )
        levels = data.load_member_skills(reader, ctx=ctx, campaign_id=campaign_id)
        return {key: own.judge(found, levels, rules) for key, found in campaigns.items()}

    question = _key(session, ctx, "campaign", on, start, end, shared=shared)
    (campaign,) = own.cached(question, [(reader.key(campaign_id), version)], judge)
    asked = rules.period
    rules = replace(rules, period=campaign.window)
    period = rules.period
    loads = load_period(
        period,
        asked=_asked(on, start, end) or campaign.judged is Judged.campaign_dates,
        ends_on=campaign.ends_on,
    )
    findings = list(campaign.findings)
    names = campaign.members
    # Overload matters to the campaign for the members it gives work to (allocation > 0).
    on_campaign = (
        select(Assignment.member_id)
        .where(
            Assignment.campaign_id == campaign_id,
            Assignment.allocation_percent > 0,
            counted(loads.start, loads.end),
        )
        .scalar_subquery()
    )
    grid = _grid(reader, ctx=ctx, period=loads, names=names, members=on_campaign)
    findings += over_allocated(grid, names, rules, campaign_id=campaign.id)
    findings += _foreign(reader, goal_findings(session, ctx=ctx, campaign_id=campaign_id))
    week = week_findings(session, ctx=ctx, campaign_id=campaign_id)
    findings += _foreign(reader, week.get(campaign_id, []))
    return CampaignHealth.model_validate(
        {
            "campaign_id": campaign.id,
            "campaign_name": campaign.name,
            "status": campaign.status,
            "from": period.start,
            "to": period.end,
            "judged": campaign.judged,
            "asked_from": asked.start,
            "asked_to": asked.end,
            "load_from": loads.start,
            "load_to": loads.end,
            "summary": summarize(findings),
            "findings": ordered(findings),
        }
    )


def _asked(on: date | None, start: date | None, end: date | None) -> bool:
    return on is not None or start is not None or end is not None


def _grid(
    reader: Reader,
    *,
    ctx: WorkspaceContext,
    period: Period,
    names: dict[Id, str],
    members: ScalarSelect[uuid.UUID] | None,
) -> WeekGrid:
    first, last = week_span(period.weeks)
    where = [counted(first, last)]
    # Either every assignment of the workspace, or those of the members given (found
    # through their index; they are members of this workspace already).
    if members is None:
        where.append(Assignment.workspace_id == ctx.workspace_id)
    else:
        where.append(Assignment.member_id.in_(members))
    return week_grid(load_rows(reader, *where), list(names), period.weeks)


@dataclass(frozen=True)
class Checked:
    """A workspace's findings before narrowing (shared by the cache: never changed)."""

    period: Period
    loads: Period
    findings: list[FindingData]  # errors first
    summaries: list[dict[str, Any]]


def workspace_health(
    session: Session,
    *,
    ctx: WorkspaceContext,
    on: date | None,
    start: date | None,
    end: date | None,
    narrow: Narrowing | None = None,
) -> WorkspaceHealth:
    """Counts, then a page of the findings; the check is cached until the next write."""
    narrow = narrow or Narrowing()
    key = _key(session, ctx, "workspace", narrow.campaign_id, on, start, end)
    checked = versions.checks.get_or_compute(
        key,
        lambda: _check_workspace(
            session, ctx=ctx, on=on, start=start, end=end, campaign_id=narrow.campaign_id
        ),
    )
    reader = Reader(session)
    member = narrow.filter.member_id
    matching = narrow.filter.keep(checked.findings, reader.key(member) if member else None)
    shown, next_cursor = paging.page(matching, limit=narrow.limit, cursor=narrow.cursor)
    return WorkspaceHealth.model_validate(
        {
            "from": checked.period.start,
            "to": checked.period.end,
            "load_from": checked.loads.start,
            "load_to": checked.loads.end,
            "summary": summarize(checked.findings),
            "campaigns": checked.summaries,
            "groups": paging.groups(matching),
            "total": len(matching),
            "findings": shown,
            "next_cursor": next_cursor,
        }
    )


def _check_workspace(
    session: Session,
    *,
    ctx: WorkspaceContext,
    on: date | None,
    start: date | None,
    end: date | None,
    campaign_id: uuid.UUID | None,
) -> Checked:
    reader = Reader(session)
    shared = versions.shared(session, ctx.workspace_id)
    rules = _rules(
        reader, ctx=ctx, on=on, start=start, end=end, campaign_id=campaign_id, shared=shared
    )
    period = rules.period
    live = own.live_versions(reader, ctx=ctx, campaign_id=campaign_id)
    if campaign_id is not None and not live:
        raise NotFound(CAMPAIGN_NOT_FOUND)

    def judge(stale: list[Id]) -> dict[Id, own.Own]:
        among = None if len(stale) == len(live) else [uuid.UUID(key) for key in stale]
        campaigns = data.load_campaigns(
            reader, ctx=ctx, campaign_id=campaign_id, period=period, live_only=True, among=among
        )
        levels = data.load_member_skills(reader, ctx=ctx, campaign_id=campaign_id, among=among)
        return {key: own.judge(found, levels, rules) for key, found in campaigns.items()}

    question = _key(session, ctx, "workspace", campaign_id, on, start, end, shared=shared)
    summaries: list[dict[str, Any]] = []
    findings: list[FindingData] = []
    week = {
        reader.key(campaign): _foreign(reader, found)
        for campaign, found in week_findings(session, ctx=ctx, campaign_id=campaign_id).items()
    }
    for campaign in own.cached(question, live, judge):
        mine = campaign.findings + week.pop(campaign.id, [])
        findings += mine
        summaries.append(
            {
                "campaign_id": campaign.id,
                "campaign_name": campaign.name,
                "status": campaign.status,
                "from": campaign.window.start,
                "to": campaign.window.end,
                "judged": campaign.judged,
                "summary": summarize(mine),
            }
        )
    loads = load_period(period, asked=_asked(on, start, end))
    if campaign_id is None:
        findings += _workspace_wide(reader, ctx=ctx, rules=rules, loads=loads)
    findings += _foreign(reader, goal_findings(session, ctx=ctx, campaign_id=campaign_id))
    findings += [finding for found in week.values() for finding in found]  # not live campaigns
    summaries.sort(
        key=lambda s: (
            -s["summary"].errors,
            -s["summary"].warnings,
            s["campaign_name"],
            s["campaign_id"],
        )
    )
    return Checked(period, loads, ordered(findings), summaries)


def _foreign(reader: Reader, findings: Iterable[FindingData]) -> list[FindingData]:
    """Findings of other packages (reports, tasks, goals) with their ids spelled as the
    division's own are (`Reader.key`), not as UUIDs: one spelling, so that the member
    filter and the per-campaign summaries find them too."""

    def spelled(value: object) -> object:
        if isinstance(value, uuid.UUID):
            return reader.key(value)
        if isinstance(value, list):
            return [spelled(item) for item in value]
        return value

    return [{name: spelled(value) for name, value in found.items()} for found in findings]


def _workspace_wide(
    reader: Reader, *, ctx: WorkspaceContext, rules: Rules, loads: Period
) -> list[FindingData]:
    """Findings of no one campaign: over-allocation, standing conflicts, idle members."""
    period = rules.period
    members = data.load_active_members(reader, ctx=ctx)
    grid = _grid(reader, ctx=ctx, period=loads, names=members, members=None)
    findings = over_allocated(grid, members, rules)
    findings += standing_conflicts(
        data.load_standing_accountables(reader, ctx=ctx, first=period.start, last=period.end),
        rules,
    )
    busy = {
        row[0]
        for row in reader.rows(
            select(reader.id(Assignment.member_id))
            .join(Member, Member.id == Assignment.member_id)
            .where(
                Assignment.workspace_id == ctx.workspace_id,
                Member.status == MemberStatus.active,
                counted(period.start, period.end),
            )
            .distinct()
        )
    }
    return findings + idle_members(members, busy, grid, rules, weeks=len(period.weeks))
