"""Meetings as subjects of comments: every member may read a meeting."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.comments.subjects import (
    Subject,
    SubjectRef,
    SubjectType,
    everyone_active,
    register_subject,
)
from app.core.permissions import WorkspaceContext
from app.models import Meeting


def _find(session: Session, ctx: WorkspaceContext, meeting_id: uuid.UUID) -> SubjectRef | None:
    row = session.execute(
        select(Meeting.id, Meeting.title, Meeting.campaign_id).where(
            Meeting.id == meeting_id, Meeting.workspace_id == ctx.workspace_id
        )
    ).first()
    return (
        None if row is None else SubjectRef(SubjectType.meeting, row.id, row.title, row.campaign_id)
    )


def register() -> None:
    register_subject(SubjectType.meeting, Subject(find=_find, viewers=everyone_active))
