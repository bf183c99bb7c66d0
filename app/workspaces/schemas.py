import uuid
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from app.core.money import Currency
from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import Name, Timezone, omittable
from app.models.enums import Access, Locale

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"),
    Field(description="Lowercase letters, digits and `-`; used in every URL.", examples=["studio"]),
]


class WorkspaceCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slug": "studio",
                    "name": "Studio Lin",
                    "locale": "zh-CN",
                    "timezone": "Asia/Shanghai",
                }
            ]
        }
    )

    slug: Slug
    name: Name
    locale: Locale = Field(
        default=Locale.en, description="Language of the seeded roles, skills and metrics."
    )
    timezone: Timezone = "UTC"
    currency: Currency | None = Field(
        default=None, description="Default currency of deals and funding; default: CNY."
    )


class WorkspaceUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"timezone": "Europe/Berlin"}]})

    name: Name = omittable()
    locale: Locale = omittable()
    timezone: Timezone = omittable()
    currency: Currency = omittable()


class WorkspaceRead(ReadModel):
    id: uuid.UUID
    slug: str
    name: str
    locale: Locale
    timezone: str
    currency: str = Field(description="Default currency (ISO 4217) of deals and funding.")
    access: Access = Field(description="Your access level in this workspace.")
    member_id: uuid.UUID = Field(description="Your own member in this workspace.")
    created_at: datetime
    updated_at: datetime


class WorkspacePage(Page[WorkspaceRead]):
    pass
