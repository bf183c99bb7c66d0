import uuid
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field

from app.comments.subjects import SubjectType
from app.core.pagination import Page
from app.core.richtext import Markdown
from app.core.schemas import InputModel, ReadModel

CommentBody = Annotated[Markdown, Field(min_length=1)]


class CommentCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject_type": "campaign",
                    "subject_id": "0b7e6d2c-3f4a-4e8b-9c1d-2a3b4c5d6e7f",
                    "body": "Script is ready, @role:creator please review.",
                }
            ]
        },
    )

    subject_type: SubjectType
    subject_id: uuid.UUID
    parent_id: uuid.UUID | None = Field(
        default=None, description="Reply to this top-level comment of the same subject."
    )
    body: CommentBody


class CommentUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"body": "Script is ready (v2)."}]})

    body: CommentBody


class CommentReplyRead(ReadModel):
    id: uuid.UUID
    subject_type: SubjectType
    subject_id: uuid.UUID
    parent_id: uuid.UUID | None
    author_member_id: uuid.UUID | None
    author_name: str | None
    body: str = Field(description="Markdown as written (empty once deleted).")
    body_html: str = Field(description="Rendered and sanitised HTML (empty once deleted).")
    mentioned_member_ids: list[uuid.UUID]
    mentioned_role_keys: list[str]
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None = Field(description="Set: a tombstone in its place.")


class CommentRead(CommentReplyRead):
    replies: list[CommentReplyRead] = Field(
        description="Replies in order (top-level comments only; replies have none)."
    )


class CommentPage(Page[CommentRead]):
    pass
