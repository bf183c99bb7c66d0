"""A campaign's own findings, cached by its version (issue 9).

The rules of one campaign (`rules.campaign_findings`) read only its rows, its members'
skills and the workspace's roles, skills and settings. So they are cached by the
campaign's version and the workspace's shared one (`app.division.versions`): after a
write to one campaign, a check recomputes that campaign and reuses the others. Whatever
else a check reports (load across campaigns, idle members, reports, goals) is read afresh.
"""

import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select

from app.core.permissions import WorkspaceContext
from app.division import data, versions
from app.division.data import CampaignInfo
from app.division.loads import Id, Reader
from app.division.periods import Period
from app.division.rules import Rules, campaign_findings
from app.division.schemas import FindingData, Judged
from app.models import Campaign, DivisionCampaignVersion, DivisionVersion
from app.models.enums import CampaignStatus


@dataclass(frozen=True)
class Own:
    """One campaign's own findings and what its summary names (shared: never changed)."""

    id: Id
    name: str
    status: CampaignStatus
    window: Period
    judged: Judged
    ends_on: date | None
    members: dict[Id, str]  # the members of its rows, by id
    findings: list[FindingData]


def catalog(
    reader: Reader, *, ctx: WorkspaceContext, campaign_id: uuid.UUID | None, shared: int
) -> data.Catalog:
    """The roles and skill holders (those `campaign_id` needs), cached by the shared version
    and the roles the campaign needs (its required roles and its assignments' roles)."""
    roles = None
    if campaign_id is not None:
        roles = frozenset(row[0] for row in reader.rows(data.campaign_roles(campaign_id)))
    key = (ctx.workspace_id, shared, campaign_id, roles)
    return versions.catalogs.get_or_compute(
        key, lambda: data.load_catalog(reader, ctx=ctx, campaign_id=campaign_id)
    )


def versions_of(
    reader: Reader, *, ctx: WorkspaceContext, campaign_id: uuid.UUID
) -> tuple[int, int] | None:
    """The campaign's version and the workspace's shared one (0 before a first write);
    None when there is no such campaign in the workspace."""
    found = reader.rows(
        select(
            func.coalesce(DivisionCampaignVersion.version, 0),
            func.coalesce(DivisionVersion.shared, 0),
        )
        .select_from(Campaign)
        .outerjoin(DivisionCampaignVersion, DivisionCampaignVersion.campaign_id == Campaign.id)
        .outerjoin(DivisionVersion, DivisionVersion.workspace_id == Campaign.workspace_id)
        .where(data.campaign_filter(ctx=ctx, campaign_id=campaign_id))
    )
    return (int(found[0][0]), int(found[0][1])) if found else None


def live_versions(
    reader: Reader, *, ctx: WorkspaceContext, campaign_id: uuid.UUID | None
) -> list[tuple[Id, int]]:
    """The live campaigns (or `campaign_id`, if live) in the order checked, each with its
    version (0 before its first write)."""
    return [
        (found, version)
        for found, version in reader.rows(
            select(reader.id(Campaign.id), func.coalesce(DivisionCampaignVersion.version, 0))
            .outerjoin(DivisionCampaignVersion, DivisionCampaignVersion.campaign_id == Campaign.id)
            .where(data.campaign_filter(ctx=ctx, campaign_id=campaign_id, live_only=True))
            .order_by(Campaign.name, Campaign.id)
        )
    ]


def judge(campaign: CampaignInfo, levels: dict[Id, dict[Id, int]], rules: Rules) -> Own:
    findings = campaign_findings(campaign, levels, replace(rules, period=campaign.window))
    members = {row.member_id: row.member_name for row in campaign.rows}
    return Own(
        campaign.id,
        campaign.name,
        campaign.status,
        campaign.window,
        campaign.judged,
        campaign.ends_on,
        members,
        findings,
    )


def cached(
    question: tuple[Hashable, ...],
    live: list[tuple[Id, int]],
    compute: Callable[[list[Id]], dict[Id, Own]],
) -> list[Own]:
    """The campaigns' own findings, in the order of `live`: those of a campaign whose
    version changed since (or that no check has judged yet) from `compute(ids)`."""
    keys = {campaign: (*question, campaign, version) for campaign, version in live}
    found: dict[Id, Any] = {
        campaign: versions.campaigns.peek(key) for campaign, key in keys.items()
    }
    stale = [campaign for campaign, own in found.items() if own is None]
    if stale:
        for campaign, own in compute(stale).items():
            versions.campaigns.put(keys[campaign], own)
            found[campaign] = own
    return [found[campaign] for campaign, _version in live if found[campaign] is not None]
