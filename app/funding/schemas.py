import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from app.core.money import MAX_AMOUNT_MINOR, Currency, Money
from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, Text, omittable
from app.models.funding import (
    AmountType,
    ContributionStatus,
    FundingModel,
    FundingOutcome,
    GoalKind,
    Interval,
    TierKind,
)

PositiveMinor = Annotated[int, Field(gt=0, le=MAX_AMOUNT_MINOR, strict=True)]


class PositiveMoney(Money):
    """Money above zero (targets, goals, contributions)."""

    amount_minor: PositiveMinor


Priority = Annotated[int, Field(ge=1, le=5, description="1 is the most important.")]


class FundingGoalCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Studio rent",
                    "kind": "monthly_recurring",
                    "target": {"amount_minor": 800000, "currency": "CNY"},
                }
            ]
        },
    )

    name: LongName
    kind: GoalKind
    campaign_id: uuid.UUID | None = None
    target: PositiveMoney
    deadline: date | None = None
    priority: Priority = 3


class FundingGoalUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"priority": 1}]})

    name: LongName = omittable()
    target: PositiveMoney = omittable()
    deadline: date | None = None
    priority: Priority = omittable()


class GoalProgress(ReadModel):
    """Progress of one goal, by its own kind's measure and in its own currency."""

    measure: str = Field(
        description="one_off: paid one-time contributions; monthly_recurring: paid monthly "
        "contributions plus yearly ones ÷ 12; yearly_budget: paid this calendar year; "
        "balance: paid minus refunded, all time."
    )
    raised: Money
    percent: float
    other_currencies: list[Money] = Field(
        description="Contributions in other currencies: shown apart, never converted."
    )


class FundingGoalRead(ReadModel):
    id: uuid.UUID
    name: str
    kind: GoalKind
    campaign_id: uuid.UUID | None
    target: Money
    deadline: date | None
    priority: int
    progress: GoalProgress
    created_at: datetime
    updated_at: datetime


class FundingGoalPage(Page[FundingGoalRead]):
    pass


class BenefitKind(StrEnum):
    reward = "reward"
    access = "access"
    credit = "credit"
    merchandise = "merchandise"
    other = "other"


class Benefit(InputModel):
    kind: BenefitKind
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
    ]


class TierFields(InputModel):
    amount_minor: PositiveMinor | None = Field(default=None, description="Fixed tiers: the amount.")
    preset_amounts_minor: Annotated[list[PositiveMinor], Field(max_length=10)] = Field(
        default_factory=list, description="Flexible tiers: amounts offered."
    )
    default_amount_minor: PositiveMinor | None = Field(
        default=None, description="Flexible tiers: one of the presets."
    )
    minimum_amount_minor: PositiveMinor | None = Field(
        default=None, description="Flexible tiers: at most the smallest preset."
    )
    quantity_limit: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    available_from: datetime | None = None
    available_until: datetime | None = None
    benefits: Annotated[list[Benefit], Field(max_length=20)] = Field(default_factory=list)
    estimated_delivery_on: date | None = None
    description: Text = ""


class TierCreate(TierFields):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Backer",
                    "kind": "reward",
                    "amount_type": "flexible",
                    "currency": "CNY",
                    "preset_amounts_minor": [5000, 10000, 50000],
                    "default_amount_minor": 10000,
                    "minimum_amount_minor": 2000,
                    "interval": "one_time",
                }
            ]
        },
    )

    name: LongName
    kind: TierKind
    campaign_id: uuid.UUID | None = None
    amount_type: AmountType
    currency: Currency
    interval: Interval = Interval.one_time


class TierUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"quantity_limit": 100}]})

    name: LongName = omittable()
    description: Text = omittable()
    amount_minor: PositiveMinor | None = None
    preset_amounts_minor: Annotated[list[PositiveMinor], Field(max_length=10)] = omittable()
    default_amount_minor: PositiveMinor | None = None
    minimum_amount_minor: PositiveMinor | None = None
    quantity_limit: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    available_from: datetime | None = None
    available_until: datetime | None = None
    benefits: Annotated[list[Benefit], Field(max_length=20)] = omittable()
    estimated_delivery_on: date | None = None


class TierRead(ReadModel):
    id: uuid.UUID
    name: str
    kind: TierKind
    campaign_id: uuid.UUID | None
    description: str
    amount_type: AmountType
    currency: str
    amount_minor: int | None
    preset_amounts_minor: list[int]
    default_amount_minor: int | None
    minimum_amount_minor: int | None
    interval: Interval
    quantity_limit: int | None
    available_from: datetime | None
    available_until: datetime | None
    benefits: list[Benefit]
    estimated_delivery_on: date | None
    created_at: datetime
    updated_at: datetime


class TierPage(Page[TierRead]):
    pass


Source = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_]{0,39}$"),
    Field(description="`manual`, `import`, or a processor's name (`stripe`, `afdian`…)."),
]
ExternalId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ContributionCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "contributor_name": "Li Lei",
                    "amount": {"amount_minor": 10000, "currency": "CNY"},
                    "status": "paid",
                    "source": "afdian",
                    "external_id": "af_20261130_0001",
                }
            ]
        },
    )

    tier_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = Field(default=None, description="Default: the tier's.")
    contributor_name: LongName
    contributor_contact: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=254)
    ] = ""
    amount: PositiveMoney
    interval: Interval = Interval.one_time
    status: ContributionStatus = ContributionStatus.paid
    source: Source = "manual"
    external_id: ExternalId | None = None
    contributed_at: datetime | None = Field(default=None, description="Default: now.")


class ContributionUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "refunded"}]})

    status: ContributionStatus = omittable()
    contributor_name: LongName = omittable()
    contributor_contact: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=254)
    ] = omittable()


class ContributionRead(ReadModel):
    id: uuid.UUID
    tier_id: uuid.UUID | None
    campaign_id: uuid.UUID | None
    contributor_name: str
    contributor_contact: str
    amount: Money
    interval: Interval
    status: ContributionStatus
    source: str
    external_id: str | None
    contributed_at: datetime
    created_at: datetime
    updated_at: datetime


class ContributionPage(Page[ContributionRead]):
    pass


class ImportedContribution(InputModel):
    external_id: ExternalId
    tier_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    contributor_name: LongName
    contributor_contact: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=254)
    ] = ""
    amount: PositiveMoney
    interval: Interval = Interval.one_time
    status: ContributionStatus = ContributionStatus.paid
    contributed_at: datetime | None = None


class ContributionImport(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "source": "afdian",
                    "items": [
                        {
                            "external_id": "af_1",
                            "contributor_name": "Han Meimei",
                            "amount": {"amount_minor": 5000, "currency": "CNY"},
                        }
                    ],
                }
            ]
        },
    )

    source: Source
    items: Annotated[list[ImportedContribution], Field(min_length=1, max_length=1000)]


class ContributionImportResult(ReadModel):
    created: int
    already_imported: int = Field(description="Rows whose external id this source had already.")


class StretchGoal(InputModel):
    amount_minor: PositiveMinor
    title: LongName


class CrowdfundingUpdate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "goal": {"amount_minor": 10000000, "currency": "CNY"},
                    "deadline": "2026-12-31T23:59:59+08:00",
                    "model": "all_or_nothing",
                    "stretch_goals": [{"amount_minor": 15000000, "title": "Subtitles in English"}],
                }
            ]
        },
    )

    goal: PositiveMoney
    deadline: datetime
    model: FundingModel = FundingModel.all_or_nothing
    stretch_goals: Annotated[list[StretchGoal], Field(max_length=20)] = Field(default_factory=list)


class StretchGoalRead(StretchGoal):
    reached: bool


class CrowdfundingRead(ReadModel):
    campaign_id: uuid.UUID
    goal: Money
    deadline: datetime
    model: FundingModel
    outcome: FundingOutcome
    raised: Money = Field(description="Pledged and paid, in the goal's currency.")
    backers: int
    percent: float
    stretch_goals: list[StretchGoalRead]
    settled_at: datetime | None
