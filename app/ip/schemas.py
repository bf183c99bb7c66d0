import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, Name, Text, omittable
from app.models.contract import IPAssetKind

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]


class Owner(InputModel):
    name: LongName
    share_percent: Annotated[Decimal, Field(gt=0, le=100, max_digits=5, decimal_places=2)]


Owners = Annotated[
    list[Owner], Field(min_length=1, max_length=20, description="Shares sum to 100.")
]


class IPAssetCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Hidden Crafts of Jiangnan (series)",
                    "kind": "work",
                    "owners": [{"name": "Lantern Studio", "share_percent": 100}],
                }
            ]
        },
    )

    title: LongName
    kind: IPAssetKind
    creators: Annotated[list[Name], Field(max_length=50)] = Field(default_factory=list)
    owners: Owners
    created_on: date | None = None
    registration_number: Short = ""
    jurisdiction: Short = ""
    renewal_due_on: date | None = None
    notes: Text = ""


class IPAssetUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"jurisdiction": "CN"}]})

    title: LongName = omittable()
    creators: Annotated[list[Name], Field(max_length=50)] = omittable()
    owners: Owners = omittable()
    created_on: date | None = None
    registration_number: Short = omittable()
    jurisdiction: Short = omittable()
    renewal_due_on: date | None = None
    notes: Text = omittable()


class IPAssetRead(ReadModel):
    id: uuid.UUID
    title: str
    kind: IPAssetKind
    creators: list[str]
    owners: list[Owner]
    created_on: date | None
    registration_number: str
    jurisdiction: str
    renewal_due_on: date | None
    notes: str
    created_at: datetime
    updated_at: datetime


class IPAssetPage(Page[IPAssetRead]):
    pass
