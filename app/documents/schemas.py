import uuid
from datetime import datetime
from typing import Annotated

from fastapi import UploadFile
from pydantic import ConfigDict, Field, StringConstraints

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.files.schemas import FileRead
from app.models.paper import DocumentKind

Title = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class DocumentUpload(InputModel):
    """A multipart form: the file, and what it is. The same kind and title again is the
    next version of that document."""

    file: UploadFile = Field(description="PDF, image, office document or plain text.")
    kind: DocumentKind = DocumentKind.other
    title: Title = Field(default="", description="Empty: the file's name.")
    signed: bool = Field(default=False, description="This version is the signed copy.")


class DocumentSign(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"signed": True}]})

    signed: bool = True


class DocumentRead(ReadModel):
    id: uuid.UUID
    kind: DocumentKind
    title: str
    version: int = Field(description="1, 2, … per kind and title.")
    latest: bool = Field(description="No later version of this document exists.")
    signed: bool
    file: FileRead
    created_at: datetime
    created_by_member_id: uuid.UUID | None


class DocumentPage(Page[DocumentRead]):
    """Every document of one object (few: never more than one page)."""
