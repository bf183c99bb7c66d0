"""What the import wizard shows: an import (its columns, mapping and preview), the dry run's
report, and the API's refusals of a mapping."""

from datetime import datetime

from app.vocabulary import ImportKind, ImportState, OnDuplicate
from app.web.views import View


class ImportSummary(View):
    id: str
    kind: ImportKind
    state: ImportState
    filename: str
    row_count: int
    created_at: datetime
    result: dict[str, int] | None


class ImportField(View):
    name: str
    label: str
    required: bool


class Import(ImportSummary):
    file_format: str
    encoding: str | None
    delimiter: str | None
    header_row: int
    sheet: str | None
    columns: list[str]
    preview: list[list[str]]
    fields: list[ImportField]
    mapping: dict[str, str]
    on_duplicate: OnDuplicate
    undo_until: datetime | None


class RowError(View):
    row: int
    column: str | None
    message: str


class Validation(View):
    """The dry run: how many rows would be created, updated, skipped, and each row's errors."""

    rows: int
    valid_rows: int
    error_rows: int
    to_create: int
    to_update: int
    to_skip: int
    errors: list[RowError]


class FieldError(View):
    """One of a refusal's `errors` (`loc` like ["body", "mapping", "date"])."""

    loc: list[str | int] = []
    msg: str = ""
