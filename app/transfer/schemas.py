from enum import StrEnum

from fastapi import UploadFile
from pydantic import Field

from app.core.schemas import InputModel, ReadModel
from app.core.validation import Name
from app.workspaces.schemas import Slug, WorkspaceRead


class TransferFormat(StrEnum):
    jsonl = "jsonl"
    zip = "zip"


class WorkspaceImported(ReadModel):
    workspace: WorkspaceRead = Field(description="The new workspace; you are its owner.")
    rows: dict[str, int] = Field(
        description="Rows restored per table (new ids, every reference kept).",
        examples=[{"members": 12, "campaigns": 3, "datapoints": 5400}],
    )


class WorkspaceImportForm(InputModel):
    file: UploadFile = Field(description="What `workspaces_export` gave: JSON Lines or zip.")
    slug: Slug
    name: Name | None = Field(default=None, description="Default: the exported name.")
