"""The background side of work plans: occurrences appear without anyone reading."""

from datetime import timedelta

from sqlalchemy.orm import Session

from app.jobs.registry import JobRun, periodic
from app.work_plans import occurrences


@periodic("work_plans.materialise", every=timedelta(minutes=1))
def materialise(session: Session, job: JobRun) -> None:
    """Plans whose next occurrence should appear by now, a batch per run (idempotent)."""
    occurrences.materialise_due(session, now=job.now)
