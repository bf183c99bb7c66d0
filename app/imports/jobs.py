"""Uploads left uncommitted are deleted when they expire (24 h after the upload)."""

from datetime import timedelta

from sqlalchemy.orm import Session

from app.imports import undo
from app.jobs.registry import JobRun, periodic


@periodic("imports.expire", every=timedelta(minutes=15))
def expire(session: Session, job: JobRun) -> None:
    """Delete the files of imports past their expiry; the import rows stay, expired."""
    undo.expire(session, now=job.now)
