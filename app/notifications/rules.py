"""Notifications that follow from other features' activities, in the same transaction.

The activity stream is the single source: when a flush writes an activity whose verb has
a rule here, the rule's notifications are added to the same flush. New assignments and
changed ones (RACI, role, scope) tell the member concerned, unless they made the change.
"""

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.models import Activity
from app.models.notification import NotificationKind
from app.notifications import service

ASSIGNMENT_VERBS = frozenset({"assignment.created", "assignment.updated"})


def _describe(entry: Activity) -> str:
    after = entry.after or {}
    before = entry.before or {}
    if "raci" in after and "raci" in before:
        return f"RACI: {before['raci']} → {after['raci']}"
    return f"RACI: {after['raci']}" if "raci" in after else ""


@event.listens_for(Session, "before_flush")
def _notify_from_activities(session: Session, _context: Any, _instances: Any) -> None:
    for entry in [obj for obj in session.new if isinstance(obj, Activity)]:
        if entry.verb not in ASSIGNMENT_VERBS or entry.workspace_id is None:
            continue
        if entry.member_id is None:
            continue
        service.notify(
            session,
            workspace_id=entry.workspace_id,
            recipients={entry.member_id},
            kind=NotificationKind.assignment,
            subject_type=entry.subject_type,
            subject_id=entry.subject_id,
            title=entry.subject_name,
            excerpt=_describe(entry),
            actor=entry.actor_member_id,
            activity=entry,
        )
