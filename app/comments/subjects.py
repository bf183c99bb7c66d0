"""What comments (and mentions) can be about: a registry of subject types.

Each type says how to find one of its objects for a reader (404 when it is missing, in
another workspace, or not for this reader) and which members may see it, so a mention of
someone who cannot see the subject is refused instead of leaking it. Campaigns register
here; announcements and meetings in their packages; tasks and reports plug in the same way:

    register_subject(SubjectType.task, Subject(find=find_task, viewers=everyone_active))
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.models import Campaign, Member
from app.models.enums import MemberStatus


class SubjectType(StrEnum):
    campaign = "campaign"
    announcement = "announcement"
    meeting = "meeting"


@dataclass(frozen=True)
class SubjectRef:
    type: SubjectType
    id: uuid.UUID
    name: str
    campaign_id: uuid.UUID | None


Finder = Callable[[Session, WorkspaceContext, uuid.UUID], SubjectRef | None]
# (session, workspace, subject, candidate member ids) -> those of them who may see it
Viewers = Callable[[Session, uuid.UUID, SubjectRef, set[uuid.UUID]], set[uuid.UUID]]


@dataclass(frozen=True)
class Subject:
    find: Finder
    viewers: Viewers


SUBJECTS: dict[SubjectType, Subject] = {}
SUBJECT_NOT_FOUND = N_("The subject of the comment was not found.")


def register_subject(subject_type: SubjectType, subject: Subject) -> None:
    SUBJECTS[subject_type] = subject


def find(
    session: Session, *, ctx: WorkspaceContext, subject_type: SubjectType, subject_id: uuid.UUID
) -> SubjectRef:
    """The subject, if it exists here and the reader may see it; else 404."""
    subject = SUBJECTS.get(subject_type)
    found = subject.find(session, ctx, subject_id) if subject else None
    if found is None:
        raise NotFound(SUBJECT_NOT_FOUND)
    return found


def viewers(
    session: Session, *, workspace_id: uuid.UUID, subject: SubjectRef, member_ids: set[uuid.UUID]
) -> set[uuid.UUID]:
    if not member_ids:
        return set()
    return SUBJECTS[subject.type].viewers(session, workspace_id, subject, member_ids)


def active_members(
    session: Session, workspace_id: uuid.UUID, member_ids: set[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of `member_ids` who are active members of the workspace and can sign in."""
    if not member_ids:
        return set()
    return set(
        session.scalars(
            select(Member.id).where(
                Member.workspace_id == workspace_id,
                Member.id.in_(member_ids),
                Member.status == MemberStatus.active,
                Member.user_id.is_not(None),
                Member.access.is_not(None),
            )
        )
    )


def everyone_active(
    session: Session, workspace_id: uuid.UUID, _subject: SubjectRef, member_ids: set[uuid.UUID]
) -> set[uuid.UUID]:
    """For subjects every member of the workspace may read."""
    return active_members(session, workspace_id, member_ids)


def _find_campaign(
    session: Session, ctx: WorkspaceContext, campaign_id: uuid.UUID
) -> SubjectRef | None:
    row = session.execute(
        select(Campaign.id, Campaign.name).where(
            Campaign.id == campaign_id, Campaign.workspace_id == ctx.workspace_id
        )
    ).first()
    if row is None:
        return None
    return SubjectRef(SubjectType.campaign, row.id, row.name, row.id)


register_subject(SubjectType.campaign, Subject(find=_find_campaign, viewers=everyone_active))
