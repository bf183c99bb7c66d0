"""Background work of funding: settle crowdfunding campaigns whose deadline has passed."""

from datetime import timedelta

from sqlalchemy.orm import Session

from app.funding.crowdfunding import settle_due
from app.jobs.registry import JobRun, periodic


@periodic("funding.settle_crowdfunding", every=timedelta(minutes=5))
def settle_crowdfunding(session: Session, job: JobRun) -> None:
    """Settle what is due at the job's time (a missed slot is caught up by the next one)."""
    settle_due(session, now=job.now)
