import uuid
from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import AwareDatetime, ConfigDict, Field, StringConstraints, model_validator

from app.comments.subjects import SubjectType
from app.core.pagination import Page
from app.core.richtext import Markdown
from app.core.rrule import RRule
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, omittable
from app.models.meeting import Attendance, MeetingState, OutcomeKind

Minutes = Annotated[int, Field(ge=5, le=24 * 60)]
OutcomeText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)
]


class AttendeeIn(InputModel):
    member_id: uuid.UUID
    attendance: Attendance = Attendance.invited


def _unique_attendees(attendees: list[AttendeeIn]) -> list[AttendeeIn]:
    if len({a.member_id for a in attendees}) != len(attendees):
        raise ValueError("each member may attend once")
    return attendees


class _Attendees(InputModel):
    @model_validator(mode="after")
    def _unique(self) -> Self:
        attendees = getattr(self, "attendees", None)
        if attendees:
            _unique_attendees(attendees)
        return self


_EXAMPLE: dict[str, Any] = {
    "title": "Weekly sync",
    "starts_at": "2026-12-07T10:00:00+08:00",
    "duration_minutes": 45,
    "rrule": "FREQ=WEEKLY;BYDAY=MO",
}


class MeetingCreate(_Attendees):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    title: LongName
    campaign_id: uuid.UUID | None = None
    facilitator_member_id: uuid.UUID | None = None
    note_taker_member_id: uuid.UUID | None = None
    starts_at: AwareDatetime
    duration_minutes: Minutes = 60
    rrule: RRule | None = Field(default=None, description="Make it a recurring series.")
    attendees: Annotated[list[AttendeeIn], Field(max_length=200)] = []


class MeetingUpdate(_Attendees):
    """Fields to change; `attendees` replaces the list; `state` moves planned →
    in_progress → closed (closing a series' meeting plans the next one)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"state": "in_progress"}]})

    title: LongName = omittable()
    starts_at: AwareDatetime = omittable()
    duration_minutes: Minutes = omittable()
    facilitator_member_id: uuid.UUID | None = None
    note_taker_member_id: uuid.UUID | None = None
    notes: Markdown = omittable(description="Live notes, Markdown.")
    state: MeetingState = omittable()
    attendees: Annotated[list[AttendeeIn], Field(max_length=200)] = omittable()


class AttendeeRead(ReadModel):
    member_id: uuid.UUID
    member_name: str
    attendance: Attendance


class AgendaItemRead(ReadModel):
    id: uuid.UUID
    meeting_id: uuid.UUID
    position: int
    title: str
    presenter_member_id: uuid.UUID | None
    duration_minutes: int | None
    minutes: str
    linked_subject_type: str | None
    linked_subject_id: uuid.UUID | None


class OutcomeRead(ReadModel):
    id: uuid.UUID
    meeting_id: uuid.UUID
    agenda_item_id: uuid.UUID | None
    campaign_id: uuid.UUID | None
    kind: OutcomeKind
    text: str
    owner_member_id: uuid.UUID | None
    owner_name: str | None
    due_on: date | None
    done_at: datetime | None
    task_id: uuid.UUID | None = Field(description="The task an action became (both linked).")
    carried_from_id: uuid.UUID | None
    created_at: datetime


class MeetingSummary(ReadModel):
    id: uuid.UUID
    title: str
    campaign_id: uuid.UUID | None
    facilitator_member_id: uuid.UUID | None
    note_taker_member_id: uuid.UUID | None
    starts_at: datetime
    duration_minutes: int
    rrule: str | None
    series_id: uuid.UUID | None
    state: MeetingState
    created_at: datetime
    updated_at: datetime


class MeetingRead(MeetingSummary):
    allowed_transitions: list[MeetingState]
    notes: str
    notes_html: str
    attendees: list[AttendeeRead]
    agenda: list[AgendaItemRead]
    outcomes: list[OutcomeRead]
    next_meeting_id: uuid.UUID | None = Field(
        default=None, description="Set when closing planned the series' next meeting."
    )


class MeetingPage(Page[MeetingSummary]):
    pass


class AgendaItemCreate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"title": "Last week's numbers"}]})

    title: LongName
    presenter_member_id: uuid.UUID | None = None
    duration_minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    minutes: Markdown = ""
    linked_subject_type: SubjectType | None = None
    linked_subject_id: uuid.UUID | None = None
    position: Annotated[int, Field(ge=0, le=1000)] | None = Field(
        default=None, description="Where to insert it (0 first); at the end if left out."
    )

    @model_validator(mode="after")
    def _linked_together(self) -> Self:
        if (self.linked_subject_type is None) != (self.linked_subject_id is None):
            raise ValueError("linked_subject_type and linked_subject_id go together")
        return self


class AgendaItemUpdate(InputModel):
    """Fields to change; `position` moves the item (the others shift)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"position": 0}]})

    title: LongName = omittable()
    presenter_member_id: uuid.UUID | None = None
    duration_minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    minutes: Markdown = omittable()
    position: Annotated[int, Field(ge=0, le=1000)] = omittable()


class OutcomeCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"kind": "decision", "text": "We publish on Tuesdays and Fridays."}]
        },
    )

    kind: OutcomeKind
    text: OutcomeText
    agenda_item_id: uuid.UUID | None = None
    owner_member_id: uuid.UUID | None = Field(default=None, description="Actions need one.")
    due_on: date | None = Field(default=None, description="Actions need one.")

    @model_validator(mode="after")
    def _actions_have_owner_and_due_date(self) -> Self:
        is_action = self.kind is OutcomeKind.action
        if is_action and (self.owner_member_id is None or self.due_on is None):
            raise ValueError("an action needs an owner_member_id and a due_on")
        if not is_action and (self.owner_member_id is not None or self.due_on is not None):
            raise ValueError("only actions have an owner and a due date")
        return self


class OutcomeUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"done": True}]})

    text: OutcomeText = omittable()
    done: bool = omittable(description="Actions only.")


class DecisionRead(OutcomeRead):
    meeting_title: str
    meeting_starts_at: datetime


class DecisionPage(Page[DecisionRead]):
    pass
