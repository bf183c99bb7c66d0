import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import UploadFile
from pydantic import ConfigDict, Field

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.imports.fields import ImportKind, OnDuplicate

Encoding = Literal["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "big5", "cp1252", "latin-1"]
ImportState = Literal["uploaded", "committed", "undone", "expired"]


class ImportField(ReadModel):
    name: str
    label: str
    required: bool


class ImportRead(ReadModel):
    id: uuid.UUID
    kind: ImportKind
    state: ImportState
    filename: str
    file_format: Literal["csv", "xlsx"]
    size: int
    encoding: str | None = Field(description="The text encoding detected (CSV) or in force.")
    encoding_override: str | None
    delimiter: str | None
    header_row: int = Field(description="1-based row of the file that holds the column names.")
    sheet: str | None
    sheets: list[str]
    row_count: int = Field(description="Data rows below the header row.")
    columns: list[str]
    preview: list[list[str]] = Field(description="The first 20 data rows, as read.")
    fields: list[ImportField]
    mapping: dict[str, str] = Field(description="Field → column used by validate and commit.")
    suggested_mapping: dict[str, str]
    key_column: str | None
    on_duplicate: OnDuplicate
    validated_at: datetime | None
    valid_rows: int | None
    error_rows: int | None
    result: dict[str, int] | None
    created_at: datetime
    expires_at: datetime
    committed_at: datetime | None
    undone_at: datetime | None
    undo_until: datetime | None


class ImportSummary(ReadModel):
    id: uuid.UUID
    kind: ImportKind
    state: ImportState
    filename: str
    row_count: int
    created_at: datetime
    committed_at: datetime | None
    result: dict[str, int] | None


class ImportPage(Page[ImportSummary]):
    pass


ColumnName = Annotated[str, Field(max_length=200)]


class ImportUpload(InputModel):
    """The multipart form of `imports_create`."""

    file: UploadFile = Field(description="The CSV or XLSX file (at most 10 MB, 50,000 rows).")
    kind: ImportKind = Field(description="What the rows are.")


class ImportUpdate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "mapping": {"observed_at": "日期", "metric": "指标", "value": "数值"},
                    "on_duplicate": "skip",
                }
            ]
        }
    )

    mapping: dict[Annotated[str, Field(max_length=64)], ColumnName | None] | None = Field(
        default=None,
        description="Field → column; a null column unmaps the field. Replaces the mapping.",
    )
    key_column: Annotated[str, Field(max_length=64)] | None = Field(
        default=None, description="Members: the field that finds an existing member."
    )
    on_duplicate: OnDuplicate | None = None
    header_row: Annotated[int, Field(ge=1, le=50)] | None = None
    encoding: Encoding | None = Field(default=None, description="Read the text as this.")
    sheet: Annotated[str, Field(max_length=120)] | None = None


class RowErrorRead(ReadModel):
    row: int
    column: str | None
    field: str | None
    code: str
    message: str


class ValidationRead(ReadModel):
    rows: int
    valid_rows: int
    error_rows: int
    to_create: int
    to_update: int
    to_skip: int
    errors: list[RowErrorRead] = Field(description="At most 500, in file order.")
    errors_truncated: bool


class ImportCommit(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"skip_invalid_rows": False}]})

    skip_invalid_rows: bool = Field(
        default=False,
        description="Store the valid rows and leave the others out; else any error stores nothing.",
    )
