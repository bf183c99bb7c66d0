"""Notifications that follow from other features' activities, in the same transaction.

The activity stream is the single source: when a flush writes an activity whose verb has
a rule here, the rule's notifications are added to the same flush. New assignments and
changed ones (RACI, role, scope) tell the member concerned, unless they made the change.
A report's steps (`app/reports/jobs.py`, each recorded once per author and period) tell:
due soon → the author; overdue → the author and the reviewer; past its grace → the lead.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.models import Activity, Campaign, Workspace
from app.models.notification import Delivery, NotificationKind
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


@dataclass(frozen=True)
class _Reports:
    """What a flush's report steps need, read once: each campaign's name and its workspace's
    time zone, and the recipients' preferences for the report kinds."""

    campaigns: dict[Any, tuple[str, str]]
    chosen: dict[tuple[Any, NotificationKind], Delivery]

    @classmethod
    def load(cls, session: Session, entries: list[Activity]) -> "_Reports":
        campaign_ids = {entry.campaign_id for entry in entries} - {None}
        rows = session.execute(
            select(Campaign.id, Campaign.name, Workspace.timezone)
            .join(Workspace, Workspace.id == Campaign.workspace_id)
            .where(Campaign.id.in_(campaign_ids))
        ).all()
        members = set().union(*(_report_recipients(entry) for entry in entries))
        kinds = {REPORT_KINDS[entry.verb] for entry in entries}
        chosen = service.preferences(session, member_ids=members, kinds=kinds) if members else {}
        return cls({id_: (name, zone) for id_, name, zone in rows}, chosen)


def _local(period_at: object, timezone: str) -> str:
    """The period's due time on the workspace's clock (as the report pages show it)."""
    if not period_at:
        return ""
    instant = datetime.fromisoformat(str(period_at))
    return instant.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def _notify_of_report(
    session: Session, entry: Activity, workspace_id: uuid.UUID, reports: _Reports
) -> None:
    campaign, timezone = reports.campaigns.get(entry.campaign_id, (entry.subject_name, "UTC"))
    due = _local((entry.after or {}).get("period_at"), timezone)
    service.notify(
        session,
        workspace_id=workspace_id,
        recipients=_report_recipients(entry),
        kind=REPORT_KINDS[entry.verb],
        subject_type=entry.subject_type,
        subject_id=entry.subject_id,
        title=campaign,
        excerpt=f"{entry.subject_name} · {due}" if due else entry.subject_name,
        activity=entry,
        chosen=reports.chosen,
    )


@event.listens_for(Session, "before_flush")
def _notify_from_activities(session: Session, _context: Any, _instances: Any) -> None:
    entries = [obj for obj in session.new if isinstance(obj, Activity)]
    steps = [entry for entry in entries if entry.workspace_id and entry.verb in REPORT_KINDS]
    reports = _Reports.load(session, steps) if steps else None
    for entry in entries:
        if entry.workspace_id is None:
            continue
        if reports is not None and entry.verb in REPORT_KINDS:
            _notify_of_report(session, entry, entry.workspace_id, reports)
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
