import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import ConfigDict, EmailStr, Field, StringConstraints

from app.core.money import Money, NonNegativeMoney
from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, Text, omittable
from app.models.paper import InvestorStage

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
WeChat = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]


class InvestorCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Riverbank Angels",
                    "contact_name": "Zhou Min",
                    "email": "zhou@example.com",
                    "stage": "meeting",
                    "ticket": {"amount_minor": 50000000, "currency": "CNY"},
                    "next_step": "Send the financial model",
                    "next_step_due_on": "2026-12-10",
                }
            ]
        },
    )

    name: LongName
    contact_name: Short = ""
    email: EmailStr | None = None
    phone: Phone = ""
    wechat: WeChat = ""
    stage: InvestorStage = InvestorStage.prospect
    ticket: NonNegativeMoney | None = Field(default=None, description="The expected ticket size.")
    next_step: Text = ""
    next_step_due_on: date | None = None
    owner_member_id: uuid.UUID | None = Field(default=None, description="Default: you.")
    last_contact_on: date | None = None
    notes: Text = ""


class InvestorUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"stage": "due_diligence"}]})

    name: LongName = omittable()
    contact_name: Short = omittable()
    email: EmailStr | None = None
    phone: Phone = omittable()
    wechat: WeChat = omittable()
    stage: InvestorStage = omittable()
    ticket: NonNegativeMoney | None = None
    next_step: Text = omittable()
    next_step_due_on: date | None = None
    owner_member_id: uuid.UUID | None = None
    last_contact_on: date | None = None
    notes: Text = omittable()


class InvestorRead(ReadModel):
    id: uuid.UUID
    name: str
    contact_name: str
    email: str | None
    phone: str
    wechat: str
    stage: InvestorStage
    ticket: Money | None
    next_step: str
    next_step_due_on: date | None
    owner_member_id: uuid.UUID | None
    owner_name: str | None = Field(
        description="The owner's display name, so a list can name owners without listing "
        "the members; null when there is no owner."
    )
    last_contact_on: date | None
    notes: str
    created_at: datetime
    updated_at: datetime


class InvestorPage(Page[InvestorRead]):
    pass


class InvestorStageTotal(ReadModel):
    stage: InvestorStage
    count: int
    tickets: list[Money] = Field(description="Ticket sizes summed per currency.")


class InvestorPipeline(ReadModel):
    stages: list[InvestorStageTotal]
