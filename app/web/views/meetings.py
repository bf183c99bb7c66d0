"""What the meeting pages show: meetings, their agenda and outcomes, the decision log."""

from datetime import date, datetime

from app.vocabulary import MeetingState, OutcomeKind
from app.web.views import View


class MeetingSummary(View):
    id: str
    title: str
    starts_at: datetime
    rrule: str | None
    state: MeetingState


class AgendaItem(View):
    id: str
    position: int
    title: str


class Outcome(View):
    kind: OutcomeKind
    text: str
    owner_name: str | None
    due_on: date | None
    done_at: datetime | None


class Meeting(MeetingSummary):
    allowed_transitions: list[MeetingState]
    notes: str
    notes_html: str
    agenda: list[AgendaItem]
    outcomes: list[Outcome]


class Decision(Outcome):
    meeting_id: str
    meeting_title: str
    meeting_starts_at: datetime
