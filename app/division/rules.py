"""The guide's principles as rules: loaded rows in, findings out (no database here)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.division import messages as m
from app.division.data import CampaignInfo, Catalog, Row
from app.division.loads import Id, WeekGrid
from app.division.periods import Period, Span, crowded, uncovered, week_label, week_ranges, weeks_of
from app.division.schemas import FindingCode, FindingData, Severity
from app.division.settings import Thresholds
from app.division.skill_rules import find_gaps, only_holders, skill_gap_findings
from app.models.enums import Raci

Code = FindingCode
ACCOUNTABLE, RESPONSIBLE = Raci.accountable.value, Raci.responsible.value


@dataclass(frozen=True)
class Rules:
    locale: str
    period: Period
    settings: Thresholds
    catalog: Catalog

    def spans(self, rows: Iterable[Row]) -> list[Span]:
        """The rows' days (`uncovered` handles spans reaching past the period)."""
        return [(r.first, r.last) for r in rows]

    def crowded(self, rows: Sequence[Row]) -> list[Span]:
        """The days of the period on which two or more of the rows count."""
        if len(rows) < 2:
            return []
        low, high = self.period.span
        return [
            (max(first, low), min(last, high))
            for first, last in crowded(self.spans(rows))
            if first <= high and last >= low
        ]

    def when(
        self, spans: Sequence[Span], message: str, *, partial: bool
    ) -> tuple[str, list[str] | None]:
        """The message, and the weeks it holds in when a period was asked and it holds in part."""
        if self.period.single_day or not partial:
            return message, None
        weeks = weeks_of(spans)
        text = m.join(
            self.locale, message, m.say(self.locale, m.IN_WEEKS, weeks=week_ranges(weeks))
        )
        return text, [week_label(w) for w in weeks]

    def finding(
        self, code: Code, severity: Severity, message: str, **fields: object
    ) -> FindingData:
        return {"code": code, "severity": severity, "message": message, **fields}


def _ids(rows: Iterable[Row]) -> tuple[list[Id], list[Id]]:
    """Members (in order of appearance) and assignments, by start then id."""
    ordered = sorted(rows, key=_by_start)
    members = list(dict.fromkeys(r.member_id for r in ordered))
    return members, [r.id for r in ordered]


def _by_start(row: Row) -> tuple[int, Id]:
    return row.first, row.id


def _touching(rows: Iterable[Row], spans: Sequence[Span]) -> list[Row]:
    touching = [r for r in rows if any(r.first <= b and a <= r.last for a, b in spans)]
    return sorted(touching, key=_by_start)


def campaign_findings(
    campaign: CampaignInfo, levels: dict[Id, dict[Id, int]], rules: Rules
) -> list[FindingData]:
    by_scope: dict[Id | None, list[Row]] = defaultdict(list)
    by_role: dict[Id, list[Row]] = defaultdict(list)
    for row in campaign.rows:  # one pass; the checks below read these groups
        by_scope[row.scope_id].append(row)
        by_role[row.role_id].append(row)
    scopes: list[tuple[Id | None, str | None]] = list(campaign.scopes) or [(None, None)]
    if campaign.scopes and by_scope.get(None):
        scopes.append((None, None))  # campaign-wide assignments: conflicts only
    found: list[FindingData] = []
    for scope_id, scope_name in scopes:
        found += _scope_findings(campaign, scope_id, scope_name, by_scope.get(scope_id, []), rules)
    found += _uncovered_roles(campaign, by_role, rules)
    found += _lead(campaign, by_role, rules)
    found += _accountable_share(campaign, by_scope, rules)
    found += only_holders(campaign, rules.catalog, rules.settings, rules.locale)
    gaps = find_gaps(campaign, levels, rules.catalog)
    found += skill_gap_findings(gaps, rules.catalog, rules.locale)
    return found


def _scope_findings(
    campaign: CampaignInfo,
    scope_id: Id | None,
    scope_name: str | None,
    rows: list[Row],
    rules: Rules,
) -> list[FindingData]:
    loc, bounds = rules.locale, rules.period.span
    checks_cover = scope_id is not None or not campaign.scopes
    where = {"campaign_id": campaign.id, "scope_id": scope_id}
    found: list[FindingData] = []
    accountable = [r for r in rows if r.raci == ACCOUNTABLE]
    responsible = [r for r in rows if r.raci == RESPONSIBLE]
    for group, code, severity, templates in (
        (
            accountable,
            Code.no_accountable,
            Severity.error,
            (m.NO_ACCOUNTABLE_SCOPE, m.NO_ACCOUNTABLE_CAMPAIGN),
        ),
        (
            responsible,
            Code.no_responsible,
            Severity.warning,
            (m.NO_RESPONSIBLE_SCOPE, m.NO_RESPONSIBLE_CAMPAIGN),
        ),
    ):
        gaps = uncovered(rules.spans(group), bounds) if checks_cover else []
        if gaps:
            template = templates[0] if scope_id else templates[1]
            text, weeks = rules.when(
                gaps, m.say(loc, template, scope=scope_name), partial=bool(group)
            )
            members, ids = _ids(group)
            found.append(
                rules.finding(
                    code,
                    severity,
                    text,
                    member_ids=members,
                    assignment_ids=ids,
                    weeks=weeks,
                    **where,
                )
            )
    both = rules.crowded(accountable)
    involved = _touching(accountable, both) if both else []
    members, ids = _ids(involved)
    if len(members) > 1:  # one person twice is no conflict
        who = m.names(list(dict.fromkeys(r.member_name for r in involved)), loc)
        template = m.MULTIPLE_ACCOUNTABLE_SCOPE if scope_id else m.MULTIPLE_ACCOUNTABLE_CAMPAIGN
        text, weeks = rules.when(
            both, m.say(loc, template, names=who, scope=scope_name), partial=True
        )
        found.append(
            rules.finding(
                Code.multiple_accountable,
                Severity.error,
                text,
                member_ids=members,
                assignment_ids=ids,
                weeks=weeks,
                **where,
            )
        )
    by_role: dict[Id, list[Row]] = defaultdict(list)
    for row in responsible if len(responsible) > 1 else ():
        by_role[row.role_id].append(row)
    for role_id, group in sorted(by_role.items()) if by_role else ():
        both = rules.crowded(group)
        if not both:
            continue
        involved = _touching(group, both)
        members, ids = _ids(involved)
        if len(members) < 2:
            continue
        who = m.names(list(dict.fromkeys(r.member_name for r in involved)), loc)
        template = m.OVERLAP_SCOPE if scope_id else m.OVERLAP_CAMPAIGN
        role = rules.catalog.roles[role_id].name
        text, weeks = rules.when(
            both, m.say(loc, template, names=who, scope=scope_name, role=role), partial=True
        )
        found.append(
            rules.finding(
                Code.overlap,
                Severity.warning,
                text,
                role_id=role_id,
                member_ids=members,
                assignment_ids=ids,
                weeks=weeks,
                **where,
            )
        )
    return found


def _uncovered_roles(
    campaign: CampaignInfo, by_role: dict[Id, list[Row]], rules: Rules
) -> list[FindingData]:
    found = []
    for role_id in campaign.required_roles:
        holders = by_role.get(role_id, [])
        gaps = uncovered(rules.spans(holders), rules.period.span)
        if not gaps:
            continue
        role = rules.catalog.roles[role_id].name
        text, weeks = rules.when(
            gaps, m.say(rules.locale, m.UNCOVERED_ROLE, role=role), partial=bool(holders)
        )
        members, ids = _ids(holders)
        found.append(
            rules.finding(
                Code.uncovered_role,
                Severity.warning,
                text,
                campaign_id=campaign.id,
                role_id=role_id,
                member_ids=members,
                assignment_ids=ids,
                weeks=weeks,
            )
        )
    return found


def _lead(campaign: CampaignInfo, by_role: dict[Id, list[Row]], rules: Rules) -> list[FindingData]:
    lead = campaign.lead_member_id
    if lead is None or lead in {r.member_id for rows in by_role.values() for r in rows}:
        return []
    text = m.say(rules.locale, m.LEAD_NOT_ASSIGNED, name=campaign.lead_name)
    return [
        rules.finding(
            Code.lead_not_assigned,
            Severity.warning,
            text,
            campaign_id=campaign.id,
            member_ids=[lead],
        )
    ]


def _accountable_share(
    campaign: CampaignInfo, by_scope: dict[Id | None, list[Row]], rules: Rules
) -> list[FindingData]:
    total = len(campaign.scopes)
    settings = rules.settings
    if total < settings.spof_min_scopes:
        return []
    scopes: dict[Id, set[Id]] = defaultdict(set)
    rows: dict[Id, list[Row]] = defaultdict(list)
    for scope_id, group in by_scope.items():
        if scope_id is None:
            continue
        for row in group:
            if row.raci == ACCOUNTABLE:
                scopes[row.member_id].add(scope_id)
                rows[row.member_id].append(row)
    found = []
    for member_id, held in sorted(scopes.items()):
        if len(held) * 100 <= settings.spof_scope_share_percent * total:
            continue
        name = rows[member_id][0].member_name
        text = m.say(rules.locale, m.SPOF_ACCOUNTABLE, name=name, count=len(held), total=total)
        found.append(
            rules.finding(
                Code.single_point_of_failure,
                Severity.warning,
                text,
                campaign_id=campaign.id,
                member_ids=[member_id],
                assignment_ids=_ids(rows[member_id])[1],
            )
        )
    return found


def over_allocated(
    grid: WeekGrid,
    names: dict[Id, str],
    rules: Rules,
    *,
    campaign_id: Id | None = None,
) -> list[FindingData]:
    found = []
    for index, week_indexes in grid.over(rules.settings.over_allocation_percent):
        member_id = grid.member_ids[index]
        if member_id not in names:
            continue
        peak = int(max(grid.peaks[index][w] for w in week_indexes))
        weeks = [grid.weeks[w] for w in week_indexes]
        text = m.join(
            rules.locale,
            m.say(rules.locale, m.OVER_ALLOCATED, name=names[member_id], percent=peak),
            m.say(rules.locale, m.IN_WEEKS, weeks=week_ranges(weeks)),
        )
        rows = grid.rows_of(member_id, week_indexes)
        found.append(
            rules.finding(
                Code.over_allocated,
                Severity.warning,
                text,
                campaign_id=campaign_id,
                member_ids=[member_id],
                assignment_ids=[r.id for r in rows],
                weeks=[week_label(w) for w in weeks],
            )
        )
    return found


def idle_members(
    members: dict[Id, str], busy: set[Id], grid: WeekGrid, rules: Rules, *, weeks: int
) -> list[FindingData]:
    """Active members with no assignment counting in the period, or booked below the bar
    (in the grid's first `weeks` weeks: those of the period)."""
    below = rules.settings.idle_below_percent
    index = grid.index()
    found = []
    for member_id, name in members.items():
        if member_id not in busy:
            text = m.say(rules.locale, m.IDLE, name=name)
        elif (
            below
            and member_id in index
            and (peak := int(grid.peaks[index[member_id]][:weeks].max())) < below
        ):
            text = m.say(rules.locale, m.IDLE_BELOW, name=name, percent=peak)
        else:
            continue
        found.append(rules.finding(Code.idle_member, Severity.info, text, member_ids=[member_id]))
    return found


def standing_conflicts(rows: list[Row], rules: Rules) -> list[FindingData]:
    by_role: dict[Id, list[Row]] = defaultdict(list)
    for row in rows:
        by_role[row.role_id].append(row)
    found = []
    for role_id, group in sorted(by_role.items()):
        both = rules.crowded(group)
        if not both:
            continue
        involved = _touching(group, both)
        members, ids = _ids(involved)
        if len(members) < 2:
            continue
        who = m.names(list(dict.fromkeys(r.member_name for r in involved)), rules.locale)
        role = rules.catalog.roles[role_id].name
        text, weeks = rules.when(
            both,
            m.say(rules.locale, m.MULTIPLE_ACCOUNTABLE_STANDING, names=who, role=role),
            partial=True,
        )
        found.append(
            rules.finding(
                Code.multiple_accountable,
                Severity.error,
                text,
                role_id=role_id,
                member_ids=members,
                assignment_ids=ids,
                weeks=weeks,
            )
        )
    return found
