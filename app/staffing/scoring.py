"""Scores of every active member for a slot, vectorised over members with numpy.

Meeting the role's required skills is a tier, not a weight (the guide's first rule, 专业与
互补): every member who meets all required levels ranks above every member who does not.
Within a tier the score orders them:

score = 100 × (w_skill × skill fit + w_capacity × spare capacity + w_spread × spread)
        / (w_skill + w_capacity + w_spread)

- skill fit: per required skill of the role, 1 when the level is met, else half the
  share reached (level / required / 2); averaged (1 when the role requires nothing);
- spare capacity: 100% minus the member's load in the slot's busiest week, as 0–1;
- spread: the mean of 1 / (1 + assignments already on this campaign), 1 / (1 + accountable
  assignments elsewhere) and "complements the team" (1 when the member is strong — level
  4 or more — in a skill nobody on the campaign is strong in yet; 0 on an empty team):
  prefers new people, accountability spread out and skills the team lacks.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from app.core.i18n import N_, translations
from app.division import messages as m
from app.division.data import Catalog, Holder
from app.division.loads import Id, WeekGrid
from app.division.periods import monday, week_ranges
from app.division.settings import Thresholds
from app.models.enums import Raci
from app.staffing.slots import Slot

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
MENTORS_SHOWN = 3
STRONG_LEVEL = 4  # a skill at this level or above is one of a member's strengths

SKILL_MET = N_("{skill} {level} ≥ {min_level} required")
SKILL_SHORT = N_("{skill} {level} < {min_level} required")
NO_SKILLS = N_("no skills required")
FREE = N_("{free}% free in weeks {weeks}")
FREE_SHORT = N_("only {free}% free in weeks {weeks}")
NEW_TO_CAMPAIGN = N_("not yet on this campaign")
COMPLEMENTS = N_("complements the team with {skills}")
BELOW_LEVEL = N_("below the required level")
MENTORS = N_("{names} could mentor")


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural for the catalog (it is chosen and translated later)."""
    return singular, plural


def counted(locale: str, forms: tuple[str, str], count: int) -> str:
    """The form for `count` (one assignment, 2 assignments; Chinese has one form)."""
    return translations(locale).ngettext(*forms, count).format(count=count)


ON_CAMPAIGN = ngettext(
    "already on this campaign ({count} assignment)",
    "already on this campaign ({count} assignments)",
)
ACCOUNTABLE_NOWHERE = N_("accountable for nothing else")
ACCOUNTABLE_ELSEWHERE = ngettext(
    "accountable for {count} other assignment", "accountable for {count} other assignments"
)
_SEPARATOR = {"zh-CN": "；"}


@dataclass
class Pool:
    """Every active member (sorted by id, so ties resolve by id) and what scoring needs."""

    member_ids: list[Id]
    names: list[str]
    levels: dict[Id, Ints]  # skill → level per member (0: not held)
    grid: WeekGrid  # load per member and week of the period
    on_campaign: Ints
    accountable: Ints
    complements: dict[int, list[Id]] = field(default_factory=dict)  # member → skills new to team
    skill_names: dict[Id, str] = field(default_factory=dict)  # of the skills in `complements`

    @property
    def spread(self) -> Floats:
        brings = np.zeros(len(self.member_ids))
        brings[list(self.complements)] = 1.0
        return (1 / (1 + self.on_campaign) + 1 / (1 + self.accountable) + brings) / 3

    def level(self, skill_id: Id) -> Ints:
        found = self.levels.get(skill_id)
        return found if found is not None else np.zeros(len(self.member_ids), np.int64)


@dataclass
class Scored:
    slot: Slot
    scores: Floats  # rounded to 0.1
    fits: Floats
    free: Ints
    spread: Floats
    role_index: Ints  # which of slot.role_options each member is scored in
    meets: Bools  # meets every required level of that role: the first tier

    def ranking(self, limit: int) -> list[int]:
        """Member indexes, best first: those who meet the required skills, then the
        others; by score within a tier; equal scores by member id."""
        order = np.lexsort((np.arange(len(self.scores)), -self.scores, ~self.meets))
        return [int(i) for i in order[:limit]]

    def role_of(self, index: int) -> Id:
        return self.slot.role_options[int(self.role_index[index])]


def _fit(pool: Pool, required: list[tuple[Id, int]]) -> Floats:
    size = len(pool.member_ids)
    if not required:
        return np.ones(size)
    parts = [
        np.where(levels >= need, 1.0, levels / need / 2)
        for levels, need in ((pool.level(s), n) for s, n in required)
    ]
    return np.mean(parts, axis=0)  # type: ignore[no-any-return]


def _meets(pool: Pool, required: list[tuple[Id, int]]) -> Bools:
    met = np.ones(len(pool.member_ids), dtype=np.bool_)
    for skill_id, need in required:
        met &= pool.level(skill_id) >= need
    return met


def week_indexes(grid: WeekGrid, first: date, last: date) -> slice:
    origin = grid.weeks[0]
    return slice((monday(first) - origin).days // 7, (monday(last) - origin).days // 7 + 1)


def score(slot: Slot, pool: Pool, catalog: Catalog, settings: Thresholds) -> Scored:
    weights = (settings.weight_skill_fit, settings.weight_spare_capacity, settings.weight_spread)
    weeks = pool.grid.peaks[:, week_indexes(pool.grid, slot.starts_on, slot.ends_on)]
    busiest = weeks.max(axis=1) if weeks.shape[1] else np.zeros(len(pool.member_ids))
    free = np.clip(100 - busiest, 0, 100).astype(np.int64)
    spread = pool.spread
    required = [catalog.roles[role].required for role in slot.role_options]
    fits = np.stack([_fit(pool, needs) for needs in required])
    meets = np.stack([_meets(pool, needs) for needs in required])
    totals = (
        (weights[0] * fits + weights[1] * free / 100 + weights[2] * spread) * 100 / sum(weights)
    )
    # Each member's best role: one whose required skills they meet, then the best score.
    role_index = np.argmax(meets * 1000 + np.round(totals, 6), axis=0)
    columns = np.arange(len(pool.member_ids))
    return Scored(
        slot=slot,
        scores=np.round(totals[role_index, columns], 1),
        fits=fits[role_index, columns],
        free=free,
        spread=spread,
        role_index=role_index.astype(np.int64),
        meets=meets[role_index, columns],
    )


class SkillShort(NamedTuple):
    """A required level the candidate does not reach, and who could mentor them."""

    skill_id: Id
    level: int
    min_level: int
    mentors: list[Holder]


def shortfalls(scored: Scored, index: int, pool: Pool, catalog: Catalog) -> list[SkillShort]:
    if scored.meets[index]:
        return []
    member_id = pool.member_ids[index]
    found = []
    for skill_id, need in catalog.roles[scored.role_of(index)].required:
        level = int(pool.level(skill_id)[index])
        if level >= need:
            continue
        mentors = [
            h
            for h in catalog.top_holders.get(skill_id, [])
            if h.level >= need and h.member_id != member_id
        ][:MENTORS_SHOWN]
        found.append(SkillShort(skill_id, level, need, mentors))
    return found


def reason(
    scored: Scored, index: int, pool: Pool, catalog: Catalog, *, needed: int, locale: str
) -> str:
    role = catalog.roles[scored.role_of(index)]
    parts = [] if scored.meets[index] else [m.say(locale, BELOW_LEVEL)]
    parts += [
        m.say(
            locale,
            SKILL_MET if (level := int(pool.level(skill)[index])) >= need else SKILL_SHORT,
            skill=catalog.skills[skill],
            level=level,
            min_level=need,
        )
        for skill, need in role.required
    ] or [m.say(locale, NO_SKILLS)]
    mentors = list(
        dict.fromkeys(
            h.name for short in shortfalls(scored, index, pool, catalog) for h in short.mentors
        )
    )
    if mentors:
        parts.append(m.say(locale, MENTORS, names=m.names(mentors, locale)))
    free = int(scored.free[index])
    weeks = week_ranges(
        pool.grid.weeks[week_indexes(pool.grid, scored.slot.starts_on, scored.slot.ends_on)]
    )
    parts.append(m.say(locale, FREE if free >= needed else FREE_SHORT, free=free, weeks=weeks))
    on_campaign = int(pool.on_campaign[index])
    parts.append(
        counted(locale, ON_CAMPAIGN, on_campaign) if on_campaign else m.say(locale, NEW_TO_CAMPAIGN)
    )
    if index in pool.complements:
        skills = [pool.skill_names[s] for s in pool.complements[index]]
        parts.append(m.say(locale, COMPLEMENTS, skills=m.names(skills, locale)))
    if scored.slot.raci is Raci.accountable:
        count = int(pool.accountable[index])
        parts.append(
            counted(locale, ACCOUNTABLE_ELSEWHERE, count)
            if count
            else m.say(locale, ACCOUNTABLE_NOWHERE)
        )
    return _SEPARATOR.get(locale, "; ").join(parts)
