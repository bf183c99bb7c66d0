import uuid
from datetime import datetime

from pydantic import ConfigDict

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import Key, Name, omittable
from app.models.enums import SkillCategory


class SkillCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"key": "video_editing", "name": "Video editing", "category": "creative"}]
        }
    )

    key: Key
    name: Name
    category: SkillCategory = SkillCategory.other


class SkillUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "剪辑"}]})

    key: Key = omittable()
    name: Name = omittable()
    category: SkillCategory = omittable()


class SkillRead(ReadModel):
    id: uuid.UUID
    key: str
    name: str
    category: SkillCategory
    created_at: datetime
    updated_at: datetime


class SkillPage(Page[SkillRead]):
    pass
