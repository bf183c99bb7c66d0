"""Who holds which role where, and how that changed (app/assignments/schemas.py and
app/history/schemas.py's replies)."""

from datetime import date, datetime

from app.vocabulary import AssignmentStatus, ChangeAction, Raci
from app.web.views import View


class Assignment(View):
    id: str
    member_id: str
    member_name: str
    role_id: str
    role_name: str
    campaign_id: str | None
    campaign_name: str | None
    scope_id: str | None
    scope_name: str | None
    raci: Raci
    allocation_percent: int
    starts_on: date
    ends_on: date | None
    status: AssignmentStatus


class AssignmentSnapshot(View):
    """An assignment as it was just before or after a change."""

    member_id: str
    member_name: str
    role_name: str
    campaign_id: str | None
    campaign_name: str | None
    scope_name: str | None
    raci: Raci


class AssignmentChange(View):
    """One change of the division of labour: the assignment before and after it."""

    id: str
    action: ChangeAction
    changed_at: datetime
    actor_name: str
    reason: str
    before: AssignmentSnapshot | None
    after: AssignmentSnapshot | None
