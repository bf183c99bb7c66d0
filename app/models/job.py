"""Background jobs (and outbox messages): rows the job loop claims, runs and retries."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, enum_type


class JobState(StrEnum):
    queued = "queued"  # waiting for run_at (a retry waits here too)
    running = "running"  # claimed by a worker until locked_until (its lease)
    done = "done"
    failed = "failed"  # gave up: out of attempts, or a permanent failure


class Job(IdMixin, Base):
    __tablename__ = "jobs"
    __table_args__ = (
        # What the loop asks: queued or running (lease to check), due first.
        Index("ix_jobs_due", "state", "run_at"),
    )

    kind: Mapped[str] = mapped_column(String(64), comment="The registered handler's name.")
    payload: Mapped[dict[str, Any]]
    workspace_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[JobState] = mapped_column(
        enum_type(JobState, "job_state"), default=JobState.queued
    )
    run_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int]
    locked_until: Mapped[datetime | None] = mapped_column(comment="The running worker's lease.")
    locked_by: Mapped[str | None] = mapped_column(String(120))
    last_error: Mapped[str] = mapped_column(Text, default="")
    dedupe_key: Mapped[str | None] = mapped_column(
        String(200), unique=True, comment="At most one job with this key, ever (until pruned)."
    )
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
