"""What the funding page shows: goals with their progress, the latest contributions and
the investor board (app/funding/schemas.py and investor_schemas.py's replies)."""

from dataclasses import dataclass
from datetime import date

from app.core.money import Money
from app.vocabulary import ContributionStatus, FundingGoalKind, InvestorStage
from app.web.views import View


class Progress(View):
    raised: Money
    percent: float
    other_currencies: list[Money]


class FundingGoal(View):
    id: str
    name: str
    kind: FundingGoalKind
    target: Money
    deadline: date | None
    priority: int
    progress: Progress


class Contribution(View):
    contributor_name: str
    amount: Money
    status: ContributionStatus


class Investor(View):
    id: str
    name: str
    contact_name: str
    wechat: str
    stage: InvestorStage
    ticket: Money | None
    next_step: str
    next_step_due_on: date | None
    owner_member_id: str | None
    owner_name: str | None
    last_contact_on: date | None


class StageTotal(View):
    stage: InvestorStage
    count: int
    tickets: list[Money]


class InvestorPipeline(View):
    stages: list[StageTotal]


@dataclass(frozen=True)
class InvestorColumn:
    """A stage of the investor board: its count and tickets per currency (of all its
    investors), a page of its investors and the address of the next page (None at the end)."""

    stage: InvestorStage
    count: int
    tickets: list[Money]
    investors: list[Investor]
    more_url: str | None


@dataclass(frozen=True)
class InvestorBoard:
    columns: list[InvestorColumn]

    def investor_ids(self) -> set[str]:
        return {i.id for column in self.columns for i in column.investors}


@dataclass(frozen=True)
class StageRefusal:
    """Why an investor did not move, shown on its card with the stage it was dropped on."""

    detail: str
    stage: str
