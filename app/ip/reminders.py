"""Renewal reminders of IP assets (trademarks, domains, …), like contracts': at the
renewal date − lead days, −30, −7 and −1 day, to the members holding the legal role.
Idempotent: the last reminder sent is stored on the asset (`reminded_for`)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.activity.reasons import register_reason
from app.contracts.reminders import _legal_holders
from app.contracts.terms import reminder_timeline
from app.core.i18n import N_
from app.models import IPAsset, Workspace

LEAD_DAYS = 60
RENEWAL_REMINDER = register_reason(
    "ip_renewal_reminder", N_("Renewal due {due}: {days} days left to renew.")
)


def scan(session: Session, *, now: datetime) -> int:
    """Reminders due at `now`; how many assets were reminded. Reads only assets whose
    renewal is within the lead time (an indexed range)."""
    rows = session.execute(
        select(IPAsset, Workspace.timezone)
        .join(Workspace, Workspace.id == IPAsset.workspace_id)
        .where(
            IPAsset.renewal_due_on <= (now + timedelta(days=LEAD_DAYS + 1)).date(),
            IPAsset.renewal_due_on >= (now - timedelta(days=1)).date(),
        )
        .order_by(IPAsset.id)
    ).all()
    holders = _legal_holders(session, {asset.workspace_id for asset, _tz in rows}, now.date())
    reminded = 0
    for asset, timezone in rows:
        today = now.astimezone(ZoneInfo(timezone)).date()
        due_on = asset.renewal_due_on
        if due_on is None or today > due_on:
            continue
        due = [r for r in reminder_timeline(due_on, LEAD_DAYS) if r.on <= today]
        if not due or (asset.reminded_for is not None and due[-1].on <= asset.reminded_for):
            continue
        legal = holders.get((asset.workspace_id, None), []) or [
            member
            for (ws, _c), members in holders.items()
            if ws == asset.workspace_id
            for member in members
        ]
        for member_id in dict.fromkeys(legal) or [None]:
            activity.record(
                session,
                ctx=activity.Origin(workspace_id=asset.workspace_id),
                verb="ip_asset.renewal_reminder",
                subject_id=asset.id,
                subject_name=asset.title,
                member_id=member_id,
                after={"renewal_due_on": due_on, "days_before": (due_on - today).days},
                reason_code=RENEWAL_REMINDER,
                reason_params={"due": due_on.isoformat(), "days": (due_on - today).days},
            )
        asset.reminded_for = due[-1].on
        reminded += 1
    session.flush()
    return reminded
