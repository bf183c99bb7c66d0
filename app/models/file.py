import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, WorkspaceScopedMixin


class StoredFile(WorkspaceScopedMixin, Base):
    """One file's content in a workspace, kept once by its SHA-256 (see `app.files`).

    Its bytes live in the blob store under the digest; two workspaces with the same
    content have a row each and share the blob. The row goes when its last reference does.
    """

    __tablename__ = "stored_files"
    __table_args__ = (UniqueConstraint("workspace_id", "sha256"),)

    sha256: Mapped[str] = mapped_column(String(64), index=True, comment="Hex digest")
    size: Mapped[int] = mapped_column(BigInteger, comment="Bytes")
    content_type: Mapped[str] = mapped_column(
        String(120), comment="Detected from the content, e.g. text/csv; charset=gb18030"
    )
    created_at: Mapped[datetime]


class FileReference(WorkspaceScopedMixin, Base):
    """A use of a stored file by an object (a contract's document, a comment's attachment)."""

    __tablename__ = "file_references"
    __table_args__ = (Index("ix_file_references_owner", "workspace_id", "owner_type", "owner_id"),)

    stored_file_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("stored_files.id", ondelete="CASCADE"), index=True
    )
    owner_type: Mapped[str] = mapped_column(String(40), comment="e.g. contract, comment")
    owner_id: Mapped[uuid.UUID]
    filename: Mapped[str] = mapped_column(String(255), comment="Safe name, as shown")
    created_at: Mapped[datetime]
    created_by_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
