"""Open slots of a campaign: what nobody covers yet in the period."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from app.core.i18n import N_
from app.division import messages as m
from app.division.data import CampaignInfo, Catalog, Row
from app.division.loads import Id
from app.division.periods import Period, Span, uncovered
from app.models.enums import Raci
from app.staffing.schemas import SlotKind

LABELS = {
    (SlotKind.responsible_for_role, True): N_("responsible as {role}"),
    (SlotKind.accountable_for_scope, True): N_("accountable for “{scope}”"),
    (SlotKind.responsible_for_scope, True): N_("responsible for “{scope}”"),
    (SlotKind.accountable_for_scope, False): N_("accountable for the campaign"),
    (SlotKind.responsible_for_scope, False): N_("responsible for the campaign"),
}


@dataclass(frozen=True)
class Slot:
    kind: SlotKind
    role_options: tuple[Id, ...]  # one: the slot's role; several: each candidate's best
    scope_id: Id | None
    scope_name: str | None
    gaps: tuple[Span, ...]

    @property
    def raci(self) -> Raci:
        return Raci.accountable if self.kind is SlotKind.accountable_for_scope else Raci.responsible

    @property
    def starts_on(self) -> date:
        return date.fromordinal(self.gaps[0][0])

    @property
    def ends_on(self) -> date:
        return date.fromordinal(self.gaps[-1][1])

    def label(self, locale: str, catalog: Catalog) -> str:
        role = catalog.roles[self.role_options[0]].name if self.role_options else ""
        template = LABELS[
            (self.kind, self.kind is SlotKind.responsible_for_role or bool(self.scope_id))
        ]
        return m.say(locale, template, role=role, scope=self.scope_name)


def _spans(rows: list[Row], bounds: Span) -> list[Span]:
    return [(max(r.first, bounds[0]), min(r.last, bounds[1])) for r in rows]


def _scope_roles(
    scope_id: Id | None, rows: list[Row], campaign: CampaignInfo, catalog: Catalog
) -> tuple[Id, ...]:
    """The roles the scope names; else the role most used on it; else the campaign's
    required roles; else any role."""
    named = (
        [r for r in campaign.scope_roles.get(scope_id, []) if r in catalog.roles]
        if scope_id
        else []
    )
    if named:
        return tuple(sorted(named, key=lambda role: (catalog.roles[role].name, role)))
    if rows:
        counts = Counter(r.role_id for r in rows)
        best = max(counts.values())
        ordered = sorted(
            (role for role, n in counts.items() if n == best),
            key=lambda role: (catalog.roles[role].name, role),
        )
        return (ordered[0],)
    if campaign.required_roles:
        return tuple(campaign.required_roles)
    return tuple(catalog.roles)


def open_slots(campaign: CampaignInfo, catalog: Catalog, period: Period) -> list[Slot]:
    bounds = period.span
    slots: list[Slot] = []
    responsible = [r for r in campaign.rows if r.raci == Raci.responsible]
    for role_id in sorted(campaign.required_roles, key=lambda r: (catalog.roles[r].name, r)):
        gaps = uncovered(_spans([r for r in responsible if r.role_id == role_id], bounds), bounds)
        if gaps:
            slots.append(Slot(SlotKind.responsible_for_role, (role_id,), None, None, tuple(gaps)))
    scopes: list[tuple[Id | None, str | None]] = list(campaign.scopes) or [(None, None)]
    for scope_id, scope_name in scopes:
        rows = [r for r in campaign.rows if r.scope_id == scope_id]
        roles = _scope_roles(scope_id, rows, campaign, catalog)
        for kind, letter in (
            (SlotKind.accountable_for_scope, Raci.accountable),
            (SlotKind.responsible_for_scope, Raci.responsible),
        ):
            gaps = uncovered(_spans([r for r in rows if r.raci == letter], bounds), bounds)
            if gaps:
                slots.append(Slot(kind, roles, scope_id, scope_name, tuple(gaps)))
    return slots
