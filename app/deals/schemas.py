import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from pydantic import ConfigDict, EmailStr, Field, StringConstraints

from app.core.money import Money, NonNegativeMoney
from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, Name, ShortTextList, Text, omittable
from app.models.deal import PartnerKind, StageOutcome

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
NextStep = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Probability = Annotated[int, Field(ge=0, le=100, description="Percent, 0–100.")]


class Contact(InputModel):
    """A person at a partner."""

    name: Name
    role: Short = ""
    email: EmailStr | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""
    wechat: Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=64),
        Field(description="WeChat ID."),
    ] = ""


Contacts = Annotated[list[Contact], Field(max_length=20)]
Website = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class PartnerCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Lumen Cameras",
                    "kind": "sponsor",
                    "contacts": [{"name": "Wang Fang", "role": "Brand manager", "wechat": "wf"}],
                }
            ]
        },
    )

    name: LongName
    kind: PartnerKind = PartnerKind.other
    website: Website | None = None
    notes: Text = ""
    contacts: Contacts = Field(default_factory=list)


class PartnerUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"kind": "brand"}]})

    name: LongName = omittable()
    kind: PartnerKind = omittable()
    website: Website | None = None
    notes: Text = omittable()
    contacts: Contacts = omittable()


class PartnerRead(ReadModel):
    id: uuid.UUID
    name: str
    kind: PartnerKind
    website: str | None
    notes: str
    contacts: list[Contact]
    created_at: datetime
    updated_at: datetime


class PartnerPage(Page[PartnerRead]):
    pass


class PipelineStageCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Proposal reviewed", "probability": 50}]},
    )

    name: Name
    probability: Probability
    outcome: StageOutcome = StageOutcome.open
    position: int | None = Field(
        default=None, ge=0, le=100, description="0 is the first column; default: the last."
    )


class PipelineStageUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"probability": 30}]})

    name: Name = omittable()
    probability: Probability = omittable()
    outcome: StageOutcome = omittable()
    position: int = omittable(ge=0, le=100)


class PipelineStageRead(ReadModel):
    id: uuid.UUID
    name: str
    position: int
    probability: int
    outcome: StageOutcome


class PipelineStagePage(Page[PipelineStageRead]):
    pass


class DealCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Lumen × spring tour",
                    "partner_id": "0192f0c8-7a34-7bd2-9c1e-1f2a3b4c5d6e",
                    "value": {"amount_minor": 5000000, "currency": "CNY"},
                    "expected_close_on": "2026-12-20",
                    "next_step": "Send the deck",
                    "next_step_due_on": "2026-12-03",
                }
            ]
        },
    )

    title: LongName
    partner_id: uuid.UUID
    owner_member_id: uuid.UUID | None = Field(
        default=None,
        description="Left out: the member holding the business partnership role on the "
        "campaign (if any).",
    )
    campaign_id: uuid.UUID | None = None
    stage_id: uuid.UUID | None = Field(default=None, description="Default: the first stage.")
    value: NonNegativeMoney | None = Field(
        default=None, description="Cash value; default: zero in the workspace's currency."
    )
    in_kind_value: NonNegativeMoney | None = None
    in_kind_description: Text = ""
    expected_close_on: date | None = None
    next_step: NextStep = ""
    next_step_due_on: date | None = None
    lost_reason: Text = ""
    deliverables: ShortTextList = Field(
        default_factory=list, description="Each becomes a task of the owner when the deal is won."
    )
    notes: Text = ""


class DealUpdate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"stage_id": "0192f0c8-7a34-7bd2-9c1e-1f2a3b4c5d6e"}]},
    )

    title: LongName = omittable()
    partner_id: uuid.UUID = omittable()
    owner_member_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    stage_id: uuid.UUID = omittable(description="Moving a deal records it in its history.")
    value: NonNegativeMoney = omittable()
    in_kind_value: NonNegativeMoney | None = None
    in_kind_description: Text = omittable()
    expected_close_on: date | None = None
    next_step: NextStep = omittable()
    next_step_due_on: date | None = None
    lost_reason: Text = omittable(description="Needed to move a deal to a lost stage.")
    deliverables: ShortTextList = omittable()
    notes: Text = omittable()


class DealRead(ReadModel):
    id: uuid.UUID
    title: str
    partner_id: uuid.UUID
    partner_name: str
    owner_member_id: uuid.UUID | None
    owner_name: str | None
    campaign_id: uuid.UUID | None
    campaign_name: str | None
    stage_id: uuid.UUID
    stage_name: str
    stage_outcome: StageOutcome
    probability: int = Field(description="The stage's probability, percent.")
    stage_entered_at: datetime
    value: Money
    weighted_value: Money = Field(description="Value × probability, to the minor unit.")
    in_kind_value: Money | None
    in_kind_description: str
    expected_close_on: date | None
    next_step: str
    next_step_due_on: date | None
    lost_reason: str
    deliverables: list[str]
    notes: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class DealFilters:
    stage_id: uuid.UUID | None = None
    partner_id: uuid.UUID | None = None
    owner_member_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    outcome: StageOutcome | None = None
    q: str | None = None


class DealPage(Page[DealRead]):
    pass


class DealStageChangeRead(ReadModel):
    id: uuid.UUID
    from_stage_id: uuid.UUID | None
    from_stage_name: str | None
    to_stage_id: uuid.UUID
    to_stage_name: str
    moved_at: datetime
    moved_by_member_id: uuid.UUID | None
    moved_by_name: str | None


class DealStageChangePage(Page[DealStageChangeRead]):
    pass
