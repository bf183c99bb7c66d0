"""The health check of one campaign, or of the whole workspace."""

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import ScalarSelect, select
from sqlalchemy.orm import Session

from app.core.dates import today_in
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.division import data, settings
from app.division.loads import Id, Reader, WeekGrid, counted, load_rows, week_grid, week_span
from app.division.periods import Period, resolve_period
from app.division.rules import (
    Rules,
    campaign_findings,
    idle_members,
    over_allocated,
    standing_conflicts,
)
from app.division.schemas import CampaignHealth, FindingData, WorkspaceHealth, ordered, summarize
from app.models import Assignment, Member
from app.models.enums import MemberStatus
from app.reports.health import week_findings

CAMPAIGN_NOT_FOUND = N_("Campaign not found.")


def _rules(
    reader: Reader,
    *,
    ctx: WorkspaceContext,
    on: date | None,
    start: date | None,
    end: date | None,
    campaign_id: uuid.UUID | None = None,
) -> Rules:
    period = resolve_period(on=on, start=start, end=end, today=today_in(ctx.timezone))
    return Rules(
        locale=ctx.actor.locale,
        period=period,
        settings=settings.thresholds(reader.session, ctx=ctx),
        catalog=data.load_catalog(reader, ctx=ctx, campaign_id=campaign_id),
    )


def campaign_health(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    on: date | None,
    start: date | None,
    end: date | None,
) -> CampaignHealth:
    reader = Reader(session)
    rules = _rules(reader, ctx=ctx, on=on, start=start, end=end, campaign_id=campaign_id)
    campaigns = data.load_campaigns(reader, ctx=ctx, campaign_id=campaign_id, period=rules.period)
    if reader.key(campaign_id) not in campaigns:
        raise NotFound(CAMPAIGN_NOT_FOUND)
    campaign = campaigns[reader.key(campaign_id)]
    levels = data.load_member_skills(reader, ctx=ctx, campaign_id=campaign_id)
    rules = replace(rules, period=campaign.window)
    period = rules.period
    findings = campaign_findings(campaign, levels, rules)
    names = {row.member_id: row.member_name for row in campaign.rows}
    # Overload matters to the campaign for the members it gives work to (allocation > 0).
    on_campaign = (
        select(Assignment.member_id)
        .where(
            Assignment.campaign_id == campaign_id,
            Assignment.allocation_percent > 0,
            counted(period.start, period.end),
        )
        .scalar_subquery()
    )
    grid = _grid(reader, ctx=ctx, period=period, names=names, members=on_campaign)
    findings += over_allocated(grid, names, rules, campaign_id=campaign.id)
    findings += week_findings(session, ctx=ctx, campaign_id=campaign_id).get(campaign_id, [])
    return CampaignHealth.model_validate(
        {
            "campaign_id": campaign.id,
            "campaign_name": campaign.name,
            "status": campaign.status,
            "from": period.start,
            "to": period.end,
            "summary": summarize(findings),
            "findings": ordered(findings),
        }
    )


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


def workspace_health(
    session: Session,
    *,
    ctx: WorkspaceContext,
    on: date | None,
    start: date | None,
    end: date | None,
) -> WorkspaceHealth:
    reader = Reader(session)
    rules = _rules(reader, ctx=ctx, on=on, start=start, end=end)
    period = rules.period
    campaigns = data.load_campaigns(reader, ctx=ctx, campaign_id=None, period=period)
    levels = data.load_member_skills(reader, ctx=ctx, campaign_id=None)
    summaries: list[dict[str, Any]] = []
    findings: list[FindingData] = []
    week = {str(k): v for k, v in week_findings(session, ctx=ctx).items()}
    for campaign in campaigns.values():
        own = campaign_findings(campaign, levels, replace(rules, period=campaign.window))
        own += week.get(str(campaign.id), [])
        findings += own
        summaries.append(
            {
                "campaign_id": campaign.id,
                "campaign_name": campaign.name,
                "status": campaign.status,
                "from": campaign.window.start,
                "to": campaign.window.end,
                "summary": summarize(own),
            }
        )
    shown = {str(campaign.id) for campaign in campaigns.values()}
    findings += [f for key, found in week.items() if key not in shown for f in found]
    members = data.load_active_members(reader, ctx=ctx)
    grid = _grid(reader, ctx=ctx, period=period, names=members, members=None)
    findings += over_allocated(grid, members, rules)
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
    findings += idle_members(members, busy, grid, rules)
    summaries.sort(
        key=lambda s: (
            -s["summary"].errors,
            -s["summary"].warnings,
            s["campaign_name"],
            s["campaign_id"],
        )
    )
    return WorkspaceHealth.model_validate(
        {
            "from": period.start,
            "to": period.end,
            "summary": summarize(findings),
            "campaigns": summaries,
            "findings": ordered(findings),
        }
    )
