import uuid
from datetime import datetime

from pydantic import ConfigDict

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, Text, omittable


class ScopeCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Script", "description": "Episode scripts"}]}
    )

    name: LongName
    description: Text = ""


class ScopeUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "脚本"}]})

    name: LongName = omittable()
    description: Text = omittable()


class ScopeRead(ReadModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    name: str
    description: str
    created_at: datetime
    updated_at: datetime


class ScopePage(Page[ScopeRead]):
    pass
