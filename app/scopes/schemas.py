import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from app.core.pagination import Page
from app.core.validation import LongName, Text, omittable


class ScopeCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Script", "description": "Episode scripts"}]},
    )

    name: LongName
    description: Text = ""


class ScopeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "脚本"}]})

    name: LongName = omittable()
    description: Text = omittable()


class ScopeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    campaign_id: uuid.UUID
    name: str
    description: str
    created_at: datetime
    updated_at: datetime


class ScopePage(Page[ScopeRead]):
    pass
