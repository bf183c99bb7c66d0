import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, Text, omittable


def _once_each(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


ScopeRoleIds = Annotated[
    list[uuid.UUID],
    Field(
        max_length=20,
        description="Roles this area of work needs; staffing suggests people for these "
        "roles. Empty: the roles used on the scope, else the campaign's required roles.",
    ),
    AfterValidator(_once_each),
]


class ScopeCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Script", "description": "Episode scripts"}]}
    )

    name: LongName
    description: Text = ""
    role_ids: ScopeRoleIds = []


class ScopeUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "脚本"}]})

    name: LongName = omittable()
    description: Text = omittable()
    role_ids: ScopeRoleIds = omittable(description="Replaces the whole list.")


class ScopeRead(ReadModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    name: str
    description: str
    role_ids: list[uuid.UUID] = Field(description="Roles this area of work needs.")
    created_at: datetime
    updated_at: datetime


class ScopePage(Page[ScopeRead]):
    pass
