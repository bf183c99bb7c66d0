"""Notifications that follow from other features' activities, in the same transaction.

The activity stream is the single source: when a flush writes an activity whose verb has
a rule here, the rule's notifications are added to the same flush. New assignments and
changed ones (RACI, role, scope) tell the member concerned, unless they made the change.
A report's steps (`app/reports/jobs.py`, each recorded once per author and period) tell:
due soon → the author; overdue → the author and the reviewer; past its grace → the lead.
"""

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.models import Activity, Campaign
from app.models.notification import NotificationKind
from app.notifications import service

ASSIGNMENT_VERBS = frozenset({"assignment.created", "assignment.updated"})
REPORT_KINDS = {
    "report.due": NotificationKind.report_due,
    "report.overdue": NotificationKind.report_overdue,
    "report.escalated": NotificationKind.report_escalated,
}


def _describe(entry: Activity) -> str:
    after = entry.after or {}
    before = entry.before or {}
    if "raci" in after and "raci" in before:
        return f"RACI: {before['raci']} → {after['raci']}"
    return f"RACI: {after['raci']}" if "raci" in after else ""


def _report_recipients(entry: Activity) -> set[Any]:
    """The author (due, overdue), the reviewer told (overdue), the lead (escalated)."""
    author, told = entry.member_id, entry.related_member_id
    if entry.verb == "report.due":
        return {author}
    if entry.verb == "report.overdue":
        return {author, told} - {None}
    return {told} - {None}


def _notify_of_report(session: Session, entry: Activity, workspace_id: Any) -> None:
    campaign = session.scalar(select(Campaign.name).where(Campaign.id == entry.campaign_id))
    period = str((entry.after or {}).get("period_at", ""))[:16].replace("T", " ")
    service.notify(
        session,
        workspace_id=workspace_id,
        recipients=_report_recipients(entry),
        kind=REPORT_KINDS[entry.verb],
        subject_type=entry.subject_type,
        subject_id=entry.subject_id,
        title=campaign or entry.subject_name,
        excerpt=f"{entry.subject_name} · {period} UTC" if period else entry.subject_name,
        activity=entry,
    )


@event.listens_for(Session, "before_flush")
def _notify_from_activities(session: Session, _context: Any, _instances: Any) -> None:
    for entry in [obj for obj in session.new if isinstance(obj, Activity)]:
        if entry.workspace_id is None:
            continue
        if entry.verb in REPORT_KINDS:
            _notify_of_report(session, entry, entry.workspace_id)
            continue
        if entry.verb not in ASSIGNMENT_VERBS:
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
