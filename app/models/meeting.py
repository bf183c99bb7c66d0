"""Meetings (single or a recurring series), their agenda and their outcomes.

A series is the meetings that share a `series_id` (the first one's id) and its RRULE;
closing one plans the next, with the attendees and the open actions carried over.
Outcomes are information, decisions (the campaign's decision log) or actions (an owner
and a due date; an action becomes a task of its owner once the tasks feature is there).
"""

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import (
    Base,
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)


class MeetingState(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    closed = "closed"


class Attendance(StrEnum):
    invited = "invited"
    present = "present"
    absent = "absent"
    excused = "excused"


class OutcomeKind(StrEnum):
    information = "information"
    decision = "decision"
    action = "action"


class Meeting(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_calendar", "workspace_id", "starts_at", "id"),)

    title: Mapped[str] = mapped_column(String(200))
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    facilitator_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    note_taker_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(default=60)
    rrule: Mapped[str | None] = mapped_column(String(200), comment="A series' rule.")
    series_id: Mapped[uuid.UUID | None] = mapped_column(
        index=True, comment="The first meeting of the series (its own id for the first)."
    )
    series_starts_at: Mapped[datetime | None] = mapped_column(comment="The series' first start.")
    state: Mapped[MeetingState] = mapped_column(
        enum_type(MeetingState, "meeting_state"), default=MeetingState.planned
    )
    notes: Mapped[str] = mapped_column(Text, default="", comment="Live notes (Markdown).")

    attendees: Mapped[list["MeetingAttendee"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class MeetingAttendee(Base):
    __tablename__ = "meeting_attendees"

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    attendance: Mapped[Attendance] = mapped_column(
        enum_type(Attendance, "meeting_attendance"), default=Attendance.invited
    )


class AgendaItem(IdMixin, TimestampMixin, Base):
    __tablename__ = "agenda_items"
    __table_args__ = (Index("ix_agenda_items_order", "meeting_id", "position", "id"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    presenter_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    duration_minutes: Mapped[int | None]
    minutes: Mapped[str] = mapped_column(Text, default="", comment="What was said (Markdown).")
    linked_subject_type: Mapped[str | None] = mapped_column(String(32))
    linked_subject_id: Mapped[uuid.UUID | None]


class MeetingOutcome(IdMixin, TimestampMixin, Base):
    __tablename__ = "meeting_outcomes"
    __table_args__ = (
        Index("ix_meeting_outcomes_meeting", "meeting_id", "created_at", "id"),
        # The decision log: a campaign's (or the workspace's) decisions, newest first.
        Index("ix_meeting_outcomes_decisions", "workspace_id", "kind", "created_at", "id"),
    )

    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[OutcomeKind] = mapped_column(enum_type(OutcomeKind, "meeting_outcome_kind"))
    text: Mapped[str] = mapped_column(Text)
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None]
    done_at: Mapped[datetime | None] = mapped_column(comment="An action that is done.")
    task_id: Mapped[uuid.UUID | None] = mapped_column(comment="The task this action became.")
    carried_from_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meeting_outcomes.id", ondelete="SET NULL"),
        comment="The open action of an earlier meeting this one carries on.",
    )
