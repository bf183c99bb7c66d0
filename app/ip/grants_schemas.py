import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, Text, omittable

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Royalty = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]


class LicenceGrantCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ip_asset_id": "0b6f2c8e-3d5a-4c1e-9f0a-2b7d4e6a8c10",
                    "licensee": "Lumen Audio",
                    "territory": "Mainland China",
                    "media": "Online video",
                    "starts_on": "2027-01-01",
                    "ends_on": "2027-12-31",
                    "exclusive": False,
                    "royalty_percent": 8.5,
                }
            ]
        },
    )

    ip_asset_id: uuid.UUID
    licensee: LongName
    partner_id: uuid.UUID | None = Field(default=None, description="The licensee as a partner.")
    contract_id: uuid.UUID | None = Field(default=None, description="The licence contract.")
    territory: Short = ""
    media: Short = ""
    starts_on: date | None = None
    ends_on: date | None = Field(default=None, description="None: no end.")
    exclusive: bool = False
    royalty_percent: Royalty | None = None
    notes: Text = ""


class LicenceGrantUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"territory": "Worldwide"}]})

    licensee: LongName = omittable()
    partner_id: uuid.UUID | None = None
    contract_id: uuid.UUID | None = None
    territory: Short = omittable()
    media: Short = omittable()
    starts_on: date | None = None
    ends_on: date | None = None
    exclusive: bool = omittable()
    royalty_percent: Royalty | None = None
    notes: Text = omittable()


class LicenceGrantRead(ReadModel):
    id: uuid.UUID
    ip_asset_id: uuid.UUID
    licensee: str
    partner_id: uuid.UUID | None
    contract_id: uuid.UUID | None
    territory: str
    media: str
    starts_on: date | None
    ends_on: date | None
    exclusive: bool
    royalty_percent: Decimal | None
    notes: str
    created_at: datetime
    updated_at: datetime


class LicenceGrantPage(Page[LicenceGrantRead]):
    pass
