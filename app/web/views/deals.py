"""What the deal pages show: the pipeline board, a deal, its history, partners
(app/deals/schemas.py and pipeline.py's replies)."""

from dataclasses import dataclass
from datetime import date, datetime

from app.core.money import Money
from app.vocabulary import ContractStatus, PartnerKind, StageOutcome
from app.web.views import View


class Stage(View):
    id: str
    name: str
    probability: int
    outcome: StageOutcome


class StageValue(View):
    """One currency's deals in a stage or a month."""

    count: int
    value: Money
    weighted_value: Money


class StageSummary(View):
    """A stage of the pipeline with its deals' count and value (every stage, in order)."""

    stage_id: str
    name: str
    probability: int
    outcome: StageOutcome
    count: int
    values: list[StageValue]
    conversion_to_next: float | None

    @property
    def stage(self) -> Stage:
        return Stage(
            id=self.stage_id, name=self.name, probability=self.probability, outcome=self.outcome
        )


class ForecastMonth(View):
    month: str  # YYYY-MM, or "none" for deals without an expected close
    values: list[StageValue]


class Pipeline(View):
    stages: list[StageSummary]
    open_totals: list[Money]
    weighted_open_totals: list[Money]
    forecast: list[ForecastMonth]


class DealCard(View):
    """A deal on the board."""

    id: str
    title: str
    partner_id: str
    partner_name: str
    owner_member_id: str | None
    owner_name: str | None
    campaign_id: str | None
    campaign_name: str | None
    stage_id: str
    value: Money
    next_step: str
    next_step_due_on: date | None


class Deal(DealCard):
    """A deal on its own page."""

    stage_name: str
    probability: int
    weighted_value: Money
    in_kind_value: Money | None
    in_kind_description: str
    expected_close_on: date | None
    lost_reason: str

    def form_values(self) -> dict[str, str]:
        return {
            "title": self.title,
            "value": str(self.value.amount),
            "currency": self.value.currency,
            "expected_close_on": self.expected_close_on.isoformat()
            if self.expected_close_on
            else "",
            "next_step": self.next_step,
            "next_step_due_on": self.next_step_due_on.isoformat() if self.next_step_due_on else "",
            "owner_member_id": self.owner_member_id or "",
        }


class StageChange(View):
    from_stage_name: str | None
    to_stage_name: str
    moved_at: datetime
    moved_by_name: str | None


class DealContract(View):
    """A contract drafted from the deal."""

    id: str
    title: str
    status: ContractStatus
    signed_on: date | None
    notice_deadline: date | None


class Contact(View):
    name: str
    role: str = ""
    wechat: str = ""


class Partner(View):
    id: str
    name: str
    kind: PartnerKind
    notes: str
    contacts: list[Contact]


@dataclass(frozen=True)
class Column:
    """A stage of the board: its count and totals (of all its deals), a page of its deals
    and the address of the next page (None when they are all shown)."""

    summary: StageSummary
    deals: list[DealCard]
    more_url: str | None

    @property
    def stage(self) -> Stage:
        return self.summary.stage


@dataclass(frozen=True)
class MoveRefusal:
    """Why a deal did not move, shown on its card (with the stage it was dropped on)."""

    detail: str
    stage_id: str
    lost_reason: str | None = None
