"""Who an announcement reaches: resolved into receipts when it is published."""

import uuid

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from app.comments.subjects import active_members
from app.models import Announcement, Assignment, Member
from app.models.enums import AssignmentStatus, MemberStatus


def recipients(session: Session, announcement: Announcement) -> set[uuid.UUID]:
    """The active members (who can sign in) the audience names, but the author: everyone,
    or the holders of its roles, the members of its campaign and its chosen members."""
    workspace_id = announcement.workspace_id
    if announcement.audience_everyone:
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
    else:
        role_ids = [uuid.UUID(r) for r in announcement.audience_role_ids]
        reached: list[ColumnElement[bool]] = [Assignment.role_id.in_(role_ids)]
        if announcement.audience_campaign_id is not None:
            reached.append(Assignment.campaign_id == announcement.audience_campaign_id)
        held = select(Assignment.member_id).where(
            Assignment.workspace_id == workspace_id,
            Assignment.status == AssignmentStatus.active,
            or_(*reached),
        )
        named = {uuid.UUID(m) for m in announcement.audience_member_ids}
        found = active_members(session, workspace_id, named | set(session.scalars(held)))
    return found - {announcement.author_member_id} if announcement.author_member_id else found
