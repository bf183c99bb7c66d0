import uuid
from datetime import date
from enum import StrEnum
from typing import Any, Self

from pydantic import ConfigDict, Field, model_validator

from app.assignments.schemas import AllocationPercent, Reason
from app.core.schemas import InputModel, ReadModel


class SlotKind(StrEnum):
    responsible_for_role = "responsible_for_role"
    accountable_for_scope = "accountable_for_scope"
    responsible_for_scope = "responsible_for_scope"


class SuggestionMode(StrEnum):
    ranked = "ranked"
    optimal = "optimal"


class OpenSlot(ReadModel):
    """A gap to fill: a required role nobody is responsible for, or a scope without an
    accountable or a responsible (`scope_id` null: the campaign itself, when it has no
    scopes)."""

    kind: SlotKind
    role_id: uuid.UUID | None = Field(
        description="The role to assign; `null` when each candidate comes with their best role."
    )
    role_name: str | None
    scope_id: uuid.UUID | None
    scope_name: str | None
    label: str = Field(description="The slot in words, in your language.")
    starts_on: date = Field(description="First day without cover.")
    ends_on: date = Field(description="Last day without cover.")


class CandidateSkillGap(ReadModel):
    """A required level the candidate does not reach yet."""

    skill_id: uuid.UUID
    skill_name: str
    level: int = Field(description="The candidate's level (0: not held).")
    min_level: int = Field(description="The level the role requires.")
    mentor_member_ids: list[uuid.UUID] = Field(
        description="Members who have the skill at that level and could mentor, best first."
    )


class Candidate(ReadModel):
    """Candidates who meet every required skill level of the role come first (a tier);
    the score orders candidates within their tier."""

    member_id: uuid.UUID
    display_name: str
    role_id: uuid.UUID = Field(description="The role to assign them in.")
    role_name: str
    score: float = Field(description="0–100: the weighted mix of the three parts below.")
    skill_fit: float = Field(description="0–1: the role's required skills met.")
    free_percent: int = Field(description="Spare capacity (%) in the slot's busiest week.")
    spread: float = Field(
        description="0–1: higher when not yet on this campaign, accountable for little else, "
        "or strong in a skill the campaign's team lacks."
    )
    meets_required: bool = Field(
        description="Meets every required skill level of the role. Candidates who do not are "
        "listed after all who do, with their gaps."
    )
    skill_gaps: list[CandidateSkillGap] = Field(
        description="The required levels not reached (empty when `meets_required`)."
    )
    complements_skill_ids: list[uuid.UUID] = Field(
        description="Skills the candidate is strong in (level 4+) that nobody on the "
        "campaign's team is strong in yet."
    )
    reason: str = Field(description="Why, in plain words, in your language.")


class Pick(ReadModel):
    """`mode=optimal`: who fills the slot in the best plan for all slots together, and why
    they beat the runner-up."""

    member_id: uuid.UUID
    display_name: str
    role_id: uuid.UUID
    score: float
    runner_up_member_id: uuid.UUID | None
    why: str


class SlotSuggestions(ReadModel):
    slot: OpenSlot
    candidates: list[Candidate] = Field(description="Best first; ties by member id.")
    pick: Pick | None = Field(default=None, description="Only with `mode=optimal`.")


class StaffingSuggestions(ReadModel):
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    campaign_id: uuid.UUID
    campaign_name: str
    mode: SuggestionMode
    from_: date = Field(alias="from")
    to: date
    allocation_percent: int = Field(description="The allocation a suggestion is sized for.")
    slots: list[SlotSuggestions]


_APPLY_EXAMPLE: dict[str, Any] = {
    "kind": "accountable_for_scope",
    "scope_id": "7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928",
    "role_id": "9d2e4b8c-31f0-4c5a-8b7e-6f1d2c3b4a59",
    "member_id": "0b6f3c1e-8a77-4f61-9a43-2a1f6a0e5d10",
    "reason": "Suggested: permits need an owner",
}


class StaffingApply(InputModel):
    """Fill a slot with a member: creates the assignment through the normal rules
    (one accountable per scope, no duplicates) and records it in the history."""

    model_config = ConfigDict(json_schema_extra={"examples": [_APPLY_EXAMPLE]})

    kind: SlotKind
    scope_id: uuid.UUID | None = Field(
        default=None, description="The scope, for the scope kinds (ignored otherwise)."
    )
    role_id: uuid.UUID
    member_id: uuid.UUID
    allocation_percent: AllocationPercent | None = Field(
        default=None, description="Default: the workspace's suggested allocation."
    )
    starts_on: date | None = Field(
        default=None, description="Default: today or the campaign's start, if later."
    )
    ends_on: date | None = Field(default=None, description="Default: the campaign's end.")
    reason: Reason = None

    @model_validator(mode="after")
    def _dates_ordered(self) -> Self:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self
