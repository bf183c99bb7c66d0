"""Who an announcement reaches: resolved into receipts when it is published."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.comments.subjects import active_members
from app.models import Announcement, Assignment, Member
from app.models.announcement import AudienceKind
from app.models.enums import AssignmentStatus, MemberStatus


def recipients(session: Session, announcement: Announcement) -> set[uuid.UUID]:
    """The active members (who can sign in) the audience names, but the author."""
    workspace_id = announcement.workspace_id
    kind = announcement.audience_kind
    if kind is AudienceKind.everyone:
        found = set(
            session.scalars(
                select(Member.id).where(
                    Member.workspace_id == workspace_id,
                    Member.status == MemberStatus.active,
                    Member.user_id.is_not(None),
                    Member.access.is_not(None),
                )
            )
        )
    elif kind is AudienceKind.members:
        found = active_members(
            session, workspace_id, {uuid.UUID(m) for m in announcement.audience_member_ids}
        )
    else:
        held = select(Assignment.member_id).where(
            Assignment.workspace_id == workspace_id, Assignment.status == AssignmentStatus.active
        )
        if kind is AudienceKind.roles:
            held = held.where(
                Assignment.role_id.in_([uuid.UUID(r) for r in announcement.audience_role_ids])
            )
        else:
            held = held.where(Assignment.campaign_id == announcement.audience_campaign_id)
        found = active_members(session, workspace_id, set(session.scalars(held)))
    return found - {announcement.author_member_id} if announcement.author_member_id else found
