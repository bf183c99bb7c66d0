import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from app.core.money import Money, NonNegativeMoney
from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, Text, omittable
from app.models.contract import ContractStatus, ContractType, Decision, PeriodUnit, Renewal

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
LeadDays = Annotated[
    int, Field(ge=0, le=365, description="Remind this many days before the notice deadline.")
]
Months = Annotated[int, Field(ge=1, le=120)]
NoticePeriod = Annotated[int, Field(ge=1, le=3650, description="In `notice_period_unit`s.")]


class ContractCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Lumen sponsorship 2027",
                    "type": "sponsorship",
                    "effective_on": "2027-01-01",
                    "end_on": "2027-12-31",
                    "renewal": "automatic",
                    "renewal_term_months": 12,
                    "notice_period": 2,
                    "notice_period_unit": "months",
                }
            ]
        },
    )

    title: LongName
    type: ContractType
    partner_id: uuid.UUID | None = None
    counterparty_signatory: Short = ""
    signatory_member_id: uuid.UUID | None = None
    owner_member_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    deal_id: uuid.UUID | None = None
    parent_contract_id: uuid.UUID | None = Field(default=None, description="Set for an amendment.")
    effective_on: date | None = None
    end_on: date | None = Field(default=None, description="None: evergreen.")
    renewal: Renewal = Renewal.none
    renewal_term_months: Months | None = None
    notice_period: NoticePeriod | None = None
    notice_period_unit: PeriodUnit = PeriodUnit.days
    lead_days: LeadDays = 14
    value: NonNegativeMoney | None = None
    payment_schedule: Text = ""
    governing_law: Short = ""
    confidentiality_until: date | None = None
    notes: Text = ""


class ContractUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "signed"}]})

    title: LongName = omittable()
    status: ContractStatus = omittable(description="Along the contract's life cycle only.")
    partner_id: uuid.UUID | None = None
    counterparty_signatory: Short = omittable()
    signatory_member_id: uuid.UUID | None = None
    owner_member_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    deal_id: uuid.UUID | None = None
    effective_on: date | None = None
    end_on: date | None = None
    renewal: Renewal = omittable()
    renewal_term_months: Months | None = None
    notice_period: NoticePeriod | None = None
    notice_period_unit: PeriodUnit = omittable()
    lead_days: LeadDays = omittable()
    value: NonNegativeMoney | None = None
    payment_schedule: Text = omittable()
    governing_law: Short = omittable()
    confidentiality_until: date | None = None
    signed_on: date | None = None
    notes: Text = omittable()


class ContractDecision(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"decision": "renew"}]})

    decision: Decision
    note: Text = ""


class ReminderRead(ReadModel):
    on: date
    kind: str = Field(description="`lead`, `30_days`, `7_days` or `1_day`.")
    days_before: int
    sent: bool


class ContractRead(ReadModel):
    id: uuid.UUID
    title: str
    type: ContractType
    status: ContractStatus
    partner_id: uuid.UUID | None
    counterparty_signatory: str
    signatory_member_id: uuid.UUID | None
    owner_member_id: uuid.UUID | None
    owner_name: str | None = Field(
        description="The owner's display name, so a list can name owners without listing "
        "the members; null when there is no owner."
    )
    campaign_id: uuid.UUID | None
    deal_id: uuid.UUID | None
    parent_contract_id: uuid.UUID | None
    signoff_scope_id: uuid.UUID | None = Field(
        description="The scope of `campaign_id` its sign-off is tracked in; its accountable "
        "is the member holding the Legal role unless someone else was chosen."
    )
    effective_on: date | None
    end_on: date | None
    renewal: Renewal
    renewal_term_months: int | None
    notice_period: int | None
    notice_period_unit: PeriodUnit
    notice_deadline: date | None = Field(description="end_on − notice period.")
    lead_days: int
    reminders: list[ReminderRead] = Field(
        description="The reminder timeline before the notice deadline."
    )
    escalated_at: datetime | None
    value: Money | None
    payment_schedule: str
    governing_law: str
    confidentiality_until: date | None
    signed_on: date | None
    decision: Decision | None
    decided_at: datetime | None
    decision_note: str
    notes: str
    created_at: datetime
    updated_at: datetime


class ContractPage(Page[ContractRead]):
    pass
