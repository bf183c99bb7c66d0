"""Skill rules: assignees below a role's required level, and skills only one person has."""

from collections import defaultdict
from typing import NamedTuple

from app.division import messages as m
from app.division.data import CampaignInfo, Catalog, Holder
from app.division.loads import Id
from app.division.schemas import FindingCode, FindingData, Severity
from app.division.settings import Thresholds
from app.models.enums import Raci

HELPERS = 3


class Gap(NamedTuple):
    """An assignee (responsible or accountable) below a required skill level of their role."""

    campaign: CampaignInfo
    member_id: Id
    member_name: str
    role_id: Id
    skill_id: Id
    min_level: int
    level: int
    assignment_ids: list[Id]
    helpers: list[Holder]  # who has the skill at the level: could cover or mentor


def find_gaps(
    campaign: CampaignInfo, levels: dict[Id, dict[Id, int]], catalog: Catalog
) -> list[Gap]:
    groups: dict[tuple[Id, Id], list[Id]] = defaultdict(list)
    names: dict[Id, str] = {}
    for row in campaign.rows:
        if row.raci in (Raci.responsible, Raci.accountable):
            groups[(row.member_id, row.role_id)].append(row.id)
            names[row.member_id] = row.member_name
    gaps = []
    ordered = sorted(
        groups.items(),
        key=lambda item: (names[item[0][0]], item[0], catalog.roles[item[0][1]].name),
    )  # rows come unordered: people by name, so findings keep one order
    for (member_id, role_id), ids in ordered:
        ids = sorted(ids)
        for skill_id, min_level, level in _shortfalls(member_id, role_id, levels, catalog):
            helpers = [
                h
                for h in catalog.top_holders.get(skill_id, [])
                if h.level >= min_level and h.member_id != member_id
            ][:HELPERS]
            gaps.append(
                Gap(
                    campaign,
                    member_id,
                    names[member_id],
                    role_id,
                    skill_id,
                    min_level,
                    level,
                    ids,
                    helpers,
                )
            )
    return gaps


def _shortfalls(
    member_id: Id, role_id: Id, levels: dict[Id, dict[Id, int]], catalog: Catalog
) -> list[tuple[Id, int, int]]:
    """(skill, required level, member's level) the member misses for the role; memoised,
    as the same people hold the same roles in many campaigns."""
    key = (member_id, role_id)
    found = catalog.shortfalls.get(key)
    if found is None:
        held = levels.get(member_id, {})
        found = [
            (skill_id, min_level, held.get(skill_id, 0))
            for skill_id, min_level in catalog.roles[role_id].required
            if held.get(skill_id, 0) < min_level
        ]
        catalog.shortfalls[key] = found
    return found


def skill_gap_findings(gaps: list[Gap], catalog: Catalog, locale: str) -> list[FindingData]:
    found = []
    for gap in gaps:
        text = m.say(
            locale,
            m.SKILL_GAP,
            name=gap.member_name,
            skill=catalog.skills[gap.skill_id],
            level=gap.level,
            role=catalog.roles[gap.role_id].name,
            min_level=gap.min_level,
        )
        hint = (
            m.say(
                locale, m.SKILL_GAP_HELPERS, helpers=m.names([h.name for h in gap.helpers], locale)
            )
            if gap.helpers
            else m.say(locale, m.SKILL_GAP_NOBODY)
        )
        found.append(
            {
                "code": FindingCode.skill_gap,
                "severity": Severity.warning,
                "message": m.join(locale, text, hint),
                "campaign_id": gap.campaign.id,
                "role_id": gap.role_id,
                "skill_id": gap.skill_id,
                "member_ids": [gap.member_id],
                "assignment_ids": gap.assignment_ids,
                "helper_member_ids": [h.member_id for h in gap.helpers],
                "helper_names": [h.name for h in gap.helpers],
            }
        )
    return found


def only_holders(
    campaign: CampaignInfo, catalog: Catalog, settings: Thresholds, locale: str
) -> list[FindingData]:
    """Skills a required role needs that at most `spof_max_skill_holders` members have."""
    seen: set[tuple[Id, int]] = set()
    found = []
    for role_id in campaign.required_roles:
        role = catalog.roles[role_id]
        for skill_id, min_level in role.required:
            count = catalog.holders_at_least(skill_id, min_level)
            if not 0 < count <= settings.spof_max_skill_holders or (skill_id, min_level) in seen:
                continue
            seen.add((skill_id, min_level))
            holders = [h for h in catalog.top_holders.get(skill_id, []) if h.level >= min_level]
            text = m.say(
                locale,
                m.SPOF_SKILL,
                names=m.names([h.name for h in holders], locale),
                skill=catalog.skills[skill_id],
                min_level=min_level,
                role=role.name,
            )
            found.append(
                {
                    "code": FindingCode.single_point_of_failure,
                    "severity": Severity.info,
                    "message": text,
                    "campaign_id": campaign.id,
                    "role_id": role_id,
                    "skill_id": skill_id,
                    "member_ids": [h.member_id for h in holders],
                }
            )
    return found
