"""Background work of contracts: reminders, escalations, roll-overs (see reminders.py)."""

from datetime import timedelta

from sqlalchemy.orm import Session

from app.contracts.reminders import scan
from app.ip.reminders import scan as scan_ip_renewals
from app.jobs.registry import JobRun, periodic


@periodic("contracts.scan", every=timedelta(hours=1))
def scan_contracts(session: Session, job: JobRun) -> None:
    """What is due at the job's time; a missed slot is caught up by the next one."""
    scan(session, now=job.now)
    scan_ip_renewals(session, now=job.now)  # IP assets' renewals, reminded the same way
