import uuid
from datetime import datetime

from pydantic import ConfigDict, Field

from app.core.schemas import ReadModel


class FileRead(ReadModel):
    """A file as an object shows it (a contract's document, a comment's attachment)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b6f2c8e-3d5a-4c1e-9f0a-2b7d4e6a8c10",
                    "filename": "sponsor-contract.pdf",
                    "content_type": "application/pdf",
                    "size": 482113,
                    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    "created_at": "2026-11-29T08:30:00Z",
                    "created_by_member_id": None,
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="The reference's id: the file as this object uses it.")
    filename: str
    content_type: str = Field(description="Detected from the content, not from the name.")
    size: int = Field(description="Bytes.")
    sha256: str = Field(description="Hex SHA-256 of the content (also the download's ETag).")
    created_at: datetime
    created_by_member_id: uuid.UUID | None
