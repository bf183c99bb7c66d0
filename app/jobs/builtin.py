"""The job loop's own housekeeping: finished jobs are kept a while, then pruned."""

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.jobs.registry import JobRun, periodic
from app.models import Job, JobState

KEEP_DONE = timedelta(days=7)
KEEP_FAILED = timedelta(days=30)


@periodic("jobs.prune", every=timedelta(hours=1))
def prune(session: Session, job: JobRun) -> None:
    """Delete jobs done a week ago and failed ones a month ago (their keys become free)."""
    for state, keep in ((JobState.done, KEEP_DONE), (JobState.failed, KEEP_FAILED)):
        session.execute(
            delete(Job).where(
                Job.state == state, Job.finished_at < job.now - keep, Job.id != job.id
            )
        )
