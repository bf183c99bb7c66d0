import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import omittable
from app.models.paper import ObligationRecurrence, ObligationStatus, OwedBy

Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class ObligationCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "contract_id": "0b6f2c8e-3d5a-4c1e-9f0a-2b7d4e6a8c10",
                    "description": "Monthly sponsor report with view counts",
                    "owed_by": "us",
                    "due_on": "2027-01-31",
                    "recurrence": "monthly",
                }
            ]
        },
    )

    contract_id: uuid.UUID
    description: Description
    owed_by: OwedBy = OwedBy.us
    owner_member_id: uuid.UUID | None = Field(
        default=None, description="Who sees it in their week. Default: the contract's owner."
    )
    due_on: date
    recurrence: ObligationRecurrence = ObligationRecurrence.none


class ObligationUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"due_on": "2027-02-28"}]})

    description: Description = omittable()
    owed_by: OwedBy = omittable()
    owner_member_id: uuid.UUID | None = None
    due_on: date = omittable()
    recurrence: ObligationRecurrence = omittable()
    status: ObligationStatus = omittable()


class ObligationRead(ReadModel):
    id: uuid.UUID
    contract_id: uuid.UUID
    description: str
    owed_by: OwedBy
    owner_member_id: uuid.UUID | None
    owner_name: str | None = Field(
        description="The owner's display name, so a contract's page can name owners without "
        "listing the members; null when there is no owner."
    )
    due_on: date = Field(description="The next time it is due.")
    recurrence: ObligationRecurrence
    status: ObligationStatus
    last_done_on: date | None
    created_at: datetime
    updated_at: datetime


class ObligationPage(Page[ObligationRead]):
    pass
