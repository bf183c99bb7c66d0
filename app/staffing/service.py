"""Staffing suggestions for a campaign's open slots, and applying one."""

import uuid
from collections import Counter
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.assignments import service as assignments
from app.assignments.schemas import AssignmentCreate, AssignmentRead
from app.core.crud import get_in_workspace
from app.core.dates import today_in
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.reads import AnyRow
from app.division import data, settings
from app.division.loads import Id, Reader, counted, load_rows, week_grid, week_span
from app.division.periods import Period, resolve_period
from app.models import Assignment, Campaign, Member, MemberSkill, Skill
from app.models.enums import MemberStatus, Raci
from app.staffing import optimal
from app.staffing.schemas import SlotKind, StaffingApply, StaffingSuggestions, SuggestionMode
from app.staffing.scoring import STRONG_LEVEL, Pool, Scored, reason, score, shortfalls
from app.staffing.slots import Slot, open_slots

NOT_FOUND = N_("Campaign not found.")
STAFFING_APPLIED = "staffing_applied"  # app/activity/reasons.py: translated when shown
DEFAULT_WEEKS = 12


def campaign_period(campaign: AnyRow, today: date) -> Period:
    """What is left of the campaign: from today (or its start) to its end (or 12 weeks)."""
    first = max(today, campaign.starts_on or today)
    last = campaign.ends_on or first + timedelta(weeks=DEFAULT_WEEKS, days=-1)
    if last < first:
        first = min(campaign.starts_on or last, last)
    return Period(first, last)


def suggestions(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    mode: SuggestionMode,
    start: date | None,
    end: date | None,
    limit: int,
) -> StaffingSuggestions:
    campaign = session.execute(
        select(Campaign.id, Campaign.name, Campaign.starts_on, Campaign.ends_on).where(
            Campaign.id == campaign_id, Campaign.workspace_id == ctx.workspace_id
        )
    ).first()
    if campaign is None:
        raise NotFound(NOT_FOUND)
    today = today_in(ctx.timezone)
    period = (
        resolve_period(on=None, start=start, end=end, today=today)
        if start or end
        else campaign_period(campaign, today)
    )
    values = settings.thresholds(session, ctx=ctx)
    reader = Reader(session)
    catalog = data.load_catalog(reader, ctx=ctx)
    info = data.load_campaigns(reader, ctx=ctx, campaign_id=campaign_id, period=period)[
        reader.key(campaign_id)
    ]
    period = info.window
    slots = open_slots(info, catalog, period)
    pool = _pool(reader, ctx=ctx, period=period, slots=slots, catalog=catalog, campaign=info)
    scored = [score(slot, pool, catalog, values) for slot in slots]
    locale, needed = ctx.actor.locale, values.suggested_allocation_percent
    labels = [slot.label(locale, catalog) for slot in slots]
    picks = optimal.plan(scored, pool, needed=needed) if mode is SuggestionMode.optimal else []
    weights = (values.weight_skill_fit, values.weight_spare_capacity, values.weight_spread)
    result = []
    for position, (slot, this) in enumerate(zip(slots, scored, strict=True)):
        pick = None
        if picks and (chosen := picks[position]) is not None:
            runner, why = optimal.why(
                position, picks, scored, labels, pool, weights=weights, locale=locale
            )
            pick = {
                "member_id": pool.member_ids[chosen],
                "display_name": pool.names[chosen],
                "role_id": this.role_of(chosen),
                "score": float(this.scores[chosen]),
                "runner_up_member_id": pool.member_ids[runner] if runner is not None else None,
                "why": why,
            }
        result.append(
            {
                "slot": _slot(slot, labels[position], catalog),
                "candidates": [
                    _candidate(this, i, pool, catalog, needed=needed, locale=locale)
                    for i in this.ranking(limit)
                ],
                "pick": pick,
            }
        )
    # One validation in pydantic-core for the whole reply.
    return StaffingSuggestions.model_validate(
        {
            "campaign_id": campaign.id,
            "campaign_name": campaign.name,
            "mode": mode,
            "from": period.start,
            "to": period.end,
            "allocation_percent": needed,
            "slots": result,
        }
    )


def _slot(slot: Slot, label: str, catalog: data.Catalog) -> dict[str, Any]:
    role_id = slot.role_options[0] if len(slot.role_options) == 1 else None
    return {
        "kind": slot.kind,
        "role_id": role_id,
        "role_name": catalog.roles[role_id].name if role_id else None,
        "scope_id": slot.scope_id,
        "scope_name": slot.scope_name,
        "label": label,
        "starts_on": slot.starts_on,
        "ends_on": slot.ends_on,
    }


def _candidate(
    scored: Scored, index: int, pool: Pool, catalog: data.Catalog, *, needed: int, locale: str
) -> dict[str, Any]:
    role_id = scored.role_of(index)
    return {
        "member_id": pool.member_ids[index],
        "display_name": pool.names[index],
        "role_id": role_id,
        "role_name": catalog.roles[role_id].name,
        "score": float(scored.scores[index]),
        "skill_fit": round(float(scored.fits[index]), 3),
        "free_percent": int(scored.free[index]),
        "spread": round(float(scored.spread[index]), 3),
        "meets_required": bool(scored.meets[index]),
        "skill_gaps": [
            {
                "skill_id": short.skill_id,
                "skill_name": catalog.skills[short.skill_id],
                "level": short.level,
                "min_level": short.min_level,
                "mentor_member_ids": [h.member_id for h in short.mentors],
            }
            for short in shortfalls(scored, index, pool, catalog)
        ],
        "complements_skill_ids": pool.complements.get(index, []),
        "reason": reason(scored, index, pool, catalog, needed=needed, locale=locale),
    }


def _pool(
    reader: Reader,
    *,
    ctx: WorkspaceContext,
    period: Period,
    slots: list[Slot],
    catalog: data.Catalog,
    campaign: data.CampaignInfo,
) -> Pool:
    """Every active member, sorted by id, with levels, weekly loads and accountabilities."""
    ws, id_ = ctx.workspace_id, reader.id
    members = sorted(
        reader.rows(
            select(id_(Member.id), Member.display_name).where(
                Member.workspace_id == ws, Member.status == MemberStatus.active
            )
        )
    )
    ids: list[Id] = [m[0] for m in members]
    index = {member_id: i for i, member_id in enumerate(ids)}
    skills = {s for slot in slots for r in slot.role_options for s, _ in catalog.roles[r].required}
    levels: dict[Id, np.ndarray] = {s: np.zeros(len(ids), np.int64) for s in skills}
    for member_id, skill_id, level in reader.rows(
        select(id_(MemberSkill.member_id), id_(MemberSkill.skill_id), MemberSkill.level)
        .join(Member, Member.id == MemberSkill.member_id)
        .where(
            Member.workspace_id == ws,
            Member.status == MemberStatus.active,
            id_(MemberSkill.skill_id).in_(skills),
        )
    ):
        if skill_id in levels:
            levels[skill_id][index[member_id]] = level
    first, last = week_span(period.weeks)
    rows = load_rows(reader, Assignment.workspace_id == ws, counted(first, last))
    accountable = np.zeros(len(ids), np.int64)
    for member_id, count in reader.rows(
        select(id_(Assignment.member_id), func.count())
        .where(
            Assignment.workspace_id == ws,
            Assignment.raci == Raci.accountable,
            counted(period.start, period.end),
        )
        .group_by(id_(Assignment.member_id))
    ):
        if member_id in index:
            accountable[index[member_id]] = count
    on_campaign = np.zeros(len(ids), np.int64)
    for member_id, count in Counter(r.member_id for r in campaign.rows).items():
        if member_id in index:
            on_campaign[index[member_id]] = count
    complements, skill_names = _complements(reader, ctx=ctx, campaign=campaign, index=index)
    return Pool(
        member_ids=ids,
        names=[m[1] for m in members],
        levels=levels,
        grid=week_grid(rows, ids, period.weeks),
        on_campaign=on_campaign,
        accountable=accountable,
        complements=complements,
        skill_names=skill_names,
    )


def _complements(
    reader: Reader, *, ctx: WorkspaceContext, campaign: data.CampaignInfo, index: dict[Id, int]
) -> tuple[dict[int, list[Id]], dict[Id, str]]:
    """Members strong in a skill nobody on the campaign's team is strong in (none while
    the team is empty): member index → those skills, by name."""
    team = {r.member_id for r in campaign.rows}
    if not team:
        return {}, {}
    strengths: dict[Id, list[tuple[str, Id]]] = {}
    for member_id, skill_id, name in reader.rows(
        select(reader.id(MemberSkill.member_id), reader.id(MemberSkill.skill_id), Skill.name)
        .join(Member, Member.id == MemberSkill.member_id)
        .join(Skill, Skill.id == MemberSkill.skill_id)
        .where(
            Member.workspace_id == ctx.workspace_id,
            Member.status == MemberStatus.active,
            MemberSkill.level >= STRONG_LEVEL,
        )
    ):
        strengths.setdefault(member_id, []).append((name, skill_id))
    covered = {skill for member_id in team for _, skill in strengths.get(member_id, [])}
    names = {skill: name for found in strengths.values() for name, skill in found}
    complements = {
        index[member_id]: [skill for _, skill in sorted(found) if skill not in covered]
        for member_id, found in strengths.items()
        if member_id in index and member_id not in team
    }
    return {i: skills for i, skills in complements.items() if skills}, names


def apply(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, apply_in: StaffingApply
) -> tuple[AssignmentRead, int]:
    """Create the slot's assignment through the assignments' own rules and history."""
    campaign = get_in_workspace(session, Campaign, campaign_id, ctx=ctx, missing=NOT_FOUND)
    by_role = apply_in.kind is SlotKind.responsible_for_role
    # Dates and allocation left out follow the assignments' one rule (the campaign's dates,
    # the workspace's suggested allocation), as a RACI cell set on the campaign page does.
    given = apply_in.model_dump(
        include={"allocation_percent", "starts_on", "ends_on"}, exclude_none=True
    )
    return assignments.create(
        session,
        ctx=ctx,
        assignment_in=AssignmentCreate(
            member_id=apply_in.member_id,
            role_id=apply_in.role_id,
            campaign_id=campaign.id,
            scope_id=None if by_role else apply_in.scope_id,
            raci=Raci.accountable
            if apply_in.kind is SlotKind.accountable_for_scope
            else Raci.responsible,
            reason=apply_in.reason,
            **given,
        ),
        reason_code=STAFFING_APPLIED,
    )
