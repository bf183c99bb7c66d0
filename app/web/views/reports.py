"""What the reports page shows: my schedules and where I stand on each, the reports waiting
for my acknowledgement, and my recent reports."""

from datetime import datetime

from app.vocabulary import ReportHealth, ReportingState, ReportStatus
from app.web.views import View


class AuthorState(View):
    author_member_id: str
    state: ReportingState
    period_at: datetime | None


class Schedule(View):
    id: str
    campaign_name: str
    rrule_text: str
    reporting_state: list[AuthorState]

    def state_of(self, member_id: str) -> AuthorState | None:
        """Where `member_id` stands on this schedule (None: not one of its authors)."""
        return next((a for a in self.reporting_state if a.author_member_id == member_id), None)


class ReportHtml(View):
    """A report's parts rendered by the API, safe to embed."""

    progress: str
    difficulties: str
    next_plan: str
    asks: str


class Report(View):
    id: str
    campaign_name: str
    author_name: str
    status: ReportStatus
    health: ReportHealth
    asks: str
    html: ReportHtml
    submitted_at: datetime | None
