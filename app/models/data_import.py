import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.models.base import Base, IdMixin, WorkspaceScopedMixin


class DataImport(WorkspaceScopedMixin, Base):
    """An uploaded CSV/XLSX file on its way into the workspace: preview, mapping, commit.

    The file's bytes live in `content` until the import is committed or expires; then
    they are deleted (`content` NULL) and only the settings and counts stay (for undo).
    """

    __tablename__ = "data_imports"
    __table_args__ = (Index("ix_data_imports_workspace_created", "workspace_id", "created_at"),)

    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(32))  # uploaded, committed, undone, expired
    filename: Mapped[str] = mapped_column(String(200))
    file_format: Mapped[str] = mapped_column(String(8))  # csv, xlsx
    size: Mapped[int]
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    encoding: Mapped[str | None] = mapped_column(String(32))
    encoding_override: Mapped[str | None] = mapped_column(String(32))
    delimiter: Mapped[str | None] = mapped_column(String(4))
    header_row: Mapped[int] = mapped_column(default=1)
    sheet: Mapped[str | None] = mapped_column(String(120))
    mapping: Mapped[dict[str, str]]
    key_column: Mapped[str | None] = mapped_column(String(200))
    on_duplicate: Mapped[str] = mapped_column(String(16), default="skip")
    row_count: Mapped[int] = mapped_column(default=0)
    validated_at: Mapped[datetime | None]
    valid_rows: Mapped[int | None]
    error_rows: Mapped[int | None]
    result: Mapped[dict[str, Any] | None]  # counts of the commit: created, updated, skipped
    created_by_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    committed_at: Mapped[datetime | None]
    undone_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)


class DataImportChange(IdMixin, Base):
    """One row an import created or changed, with what it was before (for undo)."""

    __tablename__ = "data_import_changes"

    import_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("data_imports.id", ondelete="CASCADE"), index=True
    )
    entity: Mapped[str] = mapped_column(String(32))  # datapoint(s), member, member_skill
    entity_id: Mapped[uuid.UUID]
    related_id: Mapped[uuid.UUID | None]  # member_skill: the skill
    before: Mapped[dict[str, Any] | None]  # None: the import created it
    created_ids: Mapped[list[str] | None]  # many rows created at once (datapoints), by id
